import type { RoomKind } from './record.js';

/**
 * The furniture of one generated ALFRED room: a 6 × 5 m room laid out the way AI2-THOR's floor plans
 * of that kind are (counters along the walls, the fridge and cabinets on one side, a table in the
 * middle; a bed against a wall…). `optional` fixtures are placed only when a record needs them (its
 * gold receptacle, where its objects start); the others are always there, so every scene has
 * receptacles of several kinds besides the one the goal names.
 */
export interface FixtureSpec {
  type: string;
  at: { x: number; y: number; z: number };
  size?: { w: number; d: number; h: number };
  front?: '+x' | '-x' | '+y' | '-y';
  optional?: boolean;
  /** Rests on the first present fixture of these types instead of standing at `at` (a lamp on the desk). */
  on?: readonly string[];
}

export interface RoomTemplate {
  kind: RoomKind;
  /** Where the robot and the person start. */
  robot: { x: number; y: number };
  person: { x: number; y: number };
  fixtures: readonly FixtureSpec[];
}

export const ROOM_W = 6;
export const ROOM_D = 5;

const counterAlongNorth = { w: 3.6, d: 0.6, h: 0.9 };
const cabinet = { w: 0.5, d: 0.6, h: 0.9 };
const drawer = { w: 0.45, d: 0.5, h: 0.2 };
const shelfNorth = { w: 0.8, d: 0.3, h: 1.0 };
const shelfEast = { w: 0.3, d: 0.8, h: 1.0 };
const dresserWest = { w: 0.5, d: 1.0, h: 0.9 };

const KITCHEN: RoomTemplate = {
  kind: 'kitchen',
  robot: { x: 1.5, y: 1.2 },
  person: { x: 4.6, y: 0.8 },
  fixtures: [
    { type: 'CounterTop', at: { x: 3.0, y: 4.65, z: 0.9 }, size: counterAlongNorth },
    { type: 'SinkBasin', at: { x: 2.0, y: 4.65, z: 0.75 }, size: { w: 0.5, d: 0.4, h: 0.2 } },
    { type: 'Faucet', at: { x: 2.0, y: 4.9, z: 1.0 } },
    { type: 'Toaster', at: { x: 1.45, y: 4.65, z: 1.1 } },
    { type: 'StoveBurner', at: { x: 2.75, y: 4.65, z: 0.92 } },
    { type: 'StoveBurner', at: { x: 3.1, y: 4.65, z: 0.92 } },
    { type: 'Microwave', at: { x: 3.75, y: 4.7, z: 0.92 } },
    { type: 'CoffeeMachine', at: { x: 4.45, y: 4.75, z: 1.3 } },
    { type: 'CounterTop', at: { x: 5.7, y: 2.6, z: 0.9 }, size: { w: 0.6, d: 2.0, h: 0.9 }, front: '-x' },
    { type: 'Fridge', at: { x: 0.45, y: 3.9, z: 0.9 }, size: { w: 0.8, d: 0.75, h: 1.8 }, front: '+x' },
    { type: 'Cabinet', at: { x: 0.3, y: 2.7, z: 0.6 }, size: cabinet, front: '+x' },
    { type: 'Cabinet', at: { x: 0.3, y: 2.0, z: 0.6 }, size: cabinet, front: '+x' },
    { type: 'Cabinet', at: { x: 5.7, y: 0.9, z: 0.6 }, size: cabinet, front: '-x' },
    { type: 'Drawer', at: { x: 5.75, y: 4.0, z: 0.8 }, size: drawer, front: '-x' },
    { type: 'Drawer', at: { x: 0.3, y: 1.3, z: 0.8 }, size: drawer, front: '+x' },
    { type: 'DiningTable', at: { x: 3.0, y: 2.2, z: 0.75 } },
    { type: 'GarbageCan', at: { x: 0.4, y: 0.4, z: 0.5 } },
    { type: 'SideTable', at: { x: 1.8, y: 0.3, z: 0.6 }, front: '+y', optional: true },
    { type: 'Shelf', at: { x: 3.6, y: 0.2, z: 1.0 }, size: shelfNorth, front: '+y', optional: true },
  ],
};

const LIVING_ROOM: RoomTemplate = {
  kind: 'living_room',
  robot: { x: 1.6, y: 2.6 },
  person: { x: 4.6, y: 1.2 },
  fixtures: [
    { type: 'Sofa', at: { x: 3.0, y: 0.5, z: 0.45 }, size: { w: 2.0, d: 0.9, h: 0.45 }, front: '+y' },
    { type: 'CoffeeTable', at: { x: 3.0, y: 1.6, z: 0.45 } },
    { type: 'TVStand', at: { x: 3.0, y: 4.75, z: 0.5 }, size: { w: 1.2, d: 0.4, h: 0.5 } },
    { type: 'Television', at: { x: 3.0, y: 4.75, z: 0.8 }, on: ['TVStand'] },
    { type: 'ArmChair', at: { x: 0.6, y: 2.2, z: 0.45 }, front: '+x' },
    { type: 'SideTable', at: { x: 1.55, y: 0.35, z: 0.6 }, front: '+y' },
    { type: 'Shelf', at: { x: 5.8, y: 2.6, z: 1.0 }, size: shelfEast, front: '-x' },
    { type: 'GarbageCan', at: { x: 5.7, y: 0.35, z: 0.5 } },
    { type: 'FloorLamp', at: { x: 0.4, y: 4.5, z: 0.8 }, front: '+x', optional: true },
    { type: 'DiningTable', at: { x: 3.0, y: 3.2, z: 0.75 }, optional: true },
    { type: 'Dresser', at: { x: 5.7, y: 4.2, z: 0.9 }, size: dresserWest, front: '-x', optional: true },
    { type: 'Ottoman', at: { x: 1.7, y: 1.5, z: 0.4 }, optional: true },
    { type: 'Desk', at: { x: 1.4, y: 4.65, z: 0.75 }, optional: true },
    { type: 'Drawer', at: { x: 5.75, y: 1.3, z: 0.8 }, size: drawer, front: '-x', optional: true },
    { type: 'Cabinet', at: { x: 0.3, y: 3.4, z: 0.6 }, size: cabinet, front: '+x', optional: true },
    { type: 'DeskLamp', at: { x: 1.0, y: 4.75, z: 0.75 }, on: ['Desk', 'SideTable', 'Dresser'], optional: true },
  ],
};

const BEDROOM: RoomTemplate = {
  kind: 'bedroom',
  robot: { x: 2.2, y: 1.1 },
  person: { x: 3.2, y: 1.5 },
  fixtures: [
    { type: 'Bed', at: { x: 4.9, y: 2.4, z: 0.55 } },
    { type: 'Desk', at: { x: 1.6, y: 4.65, z: 0.75 } },
    { type: 'DeskLamp', at: { x: 1.15, y: 4.75, z: 0.75 }, on: ['Desk', 'SideTable', 'Dresser'], optional: true },
    { type: 'Dresser', at: { x: 0.3, y: 2.5, z: 0.9 }, size: dresserWest, front: '+x' },
    { type: 'SideTable', at: { x: 5.7, y: 4.0, z: 0.6 }, front: '-x' },
    { type: 'Shelf', at: { x: 3.2, y: 4.8, z: 1.0 }, size: shelfNorth, front: '-y' },
    { type: 'Drawer', at: { x: 0.3, y: 1.3, z: 0.8 }, size: drawer, front: '+x' },
    { type: 'Drawer', at: { x: 0.3, y: 0.7, z: 0.8 }, size: drawer, front: '+x' },
    { type: 'GarbageCan', at: { x: 2.6, y: 0.3, z: 0.5 } },
    { type: 'ArmChair', at: { x: 3.8, y: 0.55, z: 0.45 }, front: '+y', optional: true },
    { type: 'DiningTable', at: { x: 2.3, y: 2.4, z: 0.75 }, optional: true },
    { type: 'Cabinet', at: { x: 0.3, y: 3.6, z: 0.6 }, size: cabinet, front: '+x', optional: true },
    { type: 'FloorLamp', at: { x: 5.6, y: 4.7, z: 0.8 }, optional: true },
  ],
};

const BATHROOM: RoomTemplate = {
  kind: 'bathroom',
  robot: { x: 2.0, y: 2.2 },
  person: { x: 3.2, y: 3.2 },
  fixtures: [
    { type: 'CounterTop', at: { x: 3.0, y: 4.7, z: 0.9 }, size: { w: 1.6, d: 0.6, h: 0.9 } },
    { type: 'SinkBasin', at: { x: 2.8, y: 4.7, z: 0.75 }, size: { w: 0.5, d: 0.4, h: 0.2 } },
    { type: 'Faucet', at: { x: 2.8, y: 4.95, z: 1.0 } },
    { type: 'HandTowelHolder', at: { x: 4.1, y: 4.95, z: 1.2 } },
    { type: 'Toilet', at: { x: 5.6, y: 4.1, z: 0.4 }, front: '-x' },
    { type: 'ToiletPaperHanger', at: { x: 5.9, y: 3.3, z: 0.7 }, front: '-x' },
    { type: 'TowelHolder', at: { x: 5.9, y: 2.2, z: 1.3 }, size: { w: 0.1, d: 0.6, h: 0.05 }, front: '-x' },
    { type: 'BathtubBasin', at: { x: 3.0, y: 0.4, z: 0.45 }, size: { w: 1.5, d: 0.6, h: 0.45 } },
    { type: 'Cabinet', at: { x: 0.3, y: 3.2, z: 0.5 }, size: cabinet, front: '+x' },
    { type: 'Cabinet', at: { x: 0.3, y: 2.5, z: 0.5 }, size: cabinet, front: '+x' },
    { type: 'Drawer', at: { x: 0.3, y: 1.7, z: 0.8 }, size: drawer, front: '+x' },
    { type: 'Drawer', at: { x: 0.3, y: 1.1, z: 0.8 }, size: drawer, front: '+x' },
    { type: 'GarbageCan', at: { x: 5.7, y: 0.4, z: 0.5 } },
    { type: 'Shelf', at: { x: 1.4, y: 4.8, z: 1.0 }, size: shelfNorth, front: '-y', optional: true },
    { type: 'Cart', at: { x: 4.5, y: 1.8, z: 0.9 }, optional: true },
    { type: 'SideTable', at: { x: 1.4, y: 0.35, z: 0.6 }, front: '+y', optional: true },
    { type: 'Dresser', at: { x: 4.6, y: 0.3, z: 0.9 }, front: '+y', optional: true },
  ],
};

export const ROOMS: Readonly<Record<RoomKind, RoomTemplate>> = { kitchen: KITCHEN, living_room: LIVING_ROOM, bedroom: BEDROOM, bathroom: BATHROOM };

/** The lamp a room has when no task asks for one (kitchens and bathrooms have none). */
export const DEFAULT_LAMP: Readonly<Record<RoomKind, string | null>> = { kitchen: null, living_room: 'FloorLamp', bedroom: 'DeskLamp', bathroom: null };
