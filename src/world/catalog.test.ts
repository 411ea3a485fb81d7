import { describe, expect, it } from 'vitest';
import { typeInfo } from './catalog.js';
import type { TypeInfo } from './catalog.js';

type Family = 'pickupable' | 'openable' | 'toggleable' | 'sliceable' | 'cleanable' | 'heatable' | 'coolable' | 'fillable';

const info = (type: string): TypeInfo => {
  const t = typeInfo(type);
  if (!t) throw new Error(`no catalogue row for ${type}`);
  return t;
};

/**
 * A representative part of the AI2-THOR object table and ALFRED's action-object sets, written out
 * by family: every type listed has the affordance, every type under `not` lacks it.
 */
const TABLE: Record<Family, { has: string[]; not: string[] }> = {
  pickupable: { has: ['Apple', 'Egg', 'Mug', 'Pan', 'Kettle', 'Book', 'Box', 'CellPhone', 'Candle'], not: ['Fridge', 'CounterTop', 'SinkBasin', 'StoveBurner', 'Faucet'] },
  openable: { has: ['Fridge', 'Cabinet', 'Drawer', 'Microwave', 'Safe', 'Box', 'Book', 'Laptop', 'Toilet', 'Kettle'], not: ['Mug', 'Bowl', 'Apple', 'CounterTop', 'SinkBasin'] },
  toggleable: { has: ['Faucet', 'Microwave', 'StoveBurner', 'StoveKnob', 'DeskLamp', 'FloorLamp', 'LightSwitch', 'Laptop', 'Television', 'Toaster', 'CoffeeMachine', 'Candle', 'CellPhone'], not: ['Fridge', 'Mug', 'Apple', 'Cabinet'] },
  sliceable: { has: ['Apple', 'Bread', 'Egg', 'Lettuce', 'Potato', 'Tomato'], not: ['Mug', 'Plate', 'Knife', 'CellPhone'] },
  cleanable: {
    has: ['Apple', 'Lettuce', 'Tomato', 'Potato', 'Egg', 'Sponge', 'DishSponge', 'SoapBar', 'Cloth', 'Mug', 'Cup', 'Bowl', 'Plate', 'Pan', 'Pot', 'Kettle', 'Knife', 'ButterKnife', 'Fork', 'Spoon', 'Spatula', 'Ladle'],
    not: ['Bread', 'WineBottle', 'CellPhone', 'Book', 'Fridge', 'SaltShaker'],
  },
  heatable: { has: ['Apple', 'Bread', 'Egg', 'Potato', 'Tomato', 'Mug', 'Cup', 'Plate', 'Bowl', 'Pan', 'Pot', 'Kettle'], not: ['Lettuce', 'WineBottle', 'CellPhone', 'Fork'] },
  coolable: { has: ['Apple', 'Bread', 'Egg', 'Lettuce', 'Potato', 'Tomato', 'Mug', 'Cup', 'Plate', 'Bowl', 'Pan', 'Pot', 'WineBottle'], not: ['Kettle', 'CellPhone', 'Fork', 'Book'] },
  fillable: { has: ['Mug', 'Cup', 'Bowl', 'Pot', 'Kettle', 'WateringCan', 'WineBottle'], not: ['Plate', 'Pan', 'Apple', 'Fork'] },
};

describe('the catalogue affordances follow AI2-THOR and ALFRED', () => {
  for (const [family, { has, not }] of Object.entries(TABLE) as [Family, { has: string[]; not: string[] }][]) {
    it(`${family}: ${has.length} types have it, ${not.length} do not`, () => {
      expect(has.filter((t) => !info(t)[family])).toEqual([]);
      expect(not.filter((t) => info(t)[family])).toEqual([]);
    });
  }

  it('receptacles: containers, surfaces and the movable ones', () => {
    expect(['Fridge', 'Cabinet', 'Drawer', 'Microwave', 'SinkBasin', 'GarbageCan', 'Box', 'Mug', 'Cup', 'Bowl', 'Pot'].filter((t) => info(t).receptacle !== 'container')).toEqual([]);
    expect(['CounterTop', 'DiningTable', 'Shelf', 'Sofa', 'Bed', 'StoveBurner', 'Plate', 'Pan'].filter((t) => info(t).receptacle !== 'surface')).toEqual([]);
    expect(['Apple', 'Knife', 'CellPhone', 'Faucet', 'LightSwitch'].filter((t) => info(t).receptacle !== null)).toEqual([]);
    expect(['Bowl', 'Box', 'Cup', 'Mug', 'Plate', 'Pan', 'Pot'].filter((t) => !info(t).movableReceptacle)).toEqual([]);
  });

  it("has every object type ALFRED's generator uses, with AI2-THOR's affordances", () => {
    // askforalfred/alfred gen/constants.py OBJECTS (its "Glassbottle" is AI2-THOR's glass bottle).
    const alfred = ['AlarmClock', 'Apple', 'ArmChair', 'BaseballBat', 'BasketBall', 'Bathtub', 'BathtubBasin', 'Bed', 'Blinds', 'Book', 'Boots', 'Bowl', 'Box', 'Bread', 'ButterKnife', 'Cabinet', 'Candle', 'Cart', 'CD', 'CellPhone', 'Chair', 'Cloth', 'CoffeeMachine', 'CounterTop', 'CreditCard', 'Cup', 'Curtains', 'Desk', 'DeskLamp', 'DishSponge', 'Drawer', 'Dresser', 'Egg', 'FloorLamp', 'Footstool', 'Fork', 'Fridge', 'GarbageCan', 'GlassBottle', 'HandTowel', 'HandTowelHolder', 'HousePlant', 'Kettle', 'KeyChain', 'Knife', 'Ladle', 'Laptop', 'LaundryHamper', 'LaundryHamperLid', 'Lettuce', 'LightSwitch', 'Microwave', 'Mirror', 'Mug', 'Newspaper', 'Ottoman', 'Painting', 'Pan', 'PaperTowel', 'PaperTowelRoll', 'Pen', 'Pencil', 'PepperShaker', 'Pillow', 'Plate', 'Plunger', 'Poster', 'Pot', 'Potato', 'RemoteControl', 'Safe', 'SaltShaker', 'ScrubBrush', 'Shelf', 'ShowerDoor', 'ShowerGlass', 'Sink', 'SinkBasin', 'SoapBar', 'SoapBottle', 'Sofa', 'Spatula', 'Spoon', 'SprayBottle', 'Statue', 'StoveBurner', 'StoveKnob', 'DiningTable', 'CoffeeTable', 'SideTable', 'TeddyBear', 'Television', 'TennisRacket', 'TissueBox', 'Toaster', 'Toilet', 'ToiletPaper', 'ToiletPaperHanger', 'ToiletPaperRoll', 'Tomato', 'Towel', 'TowelHolder', 'TVStand', 'Vase', 'Watch', 'WateringCan', 'Window', 'WineBottle'];
    expect(alfred.filter((t) => typeInfo(t) === undefined)).toEqual([]);
    expect(['HandTowel', 'Towel', 'Plunger', 'ScrubBrush', 'GlassBottle', 'PaperTowelRoll', 'TeddyBear', 'Boots'].filter((t) => !info(t).pickupable)).toEqual([]);
    expect(['Cart', 'HandTowelHolder', 'TowelHolder', 'ToiletPaperHanger'].filter((t) => info(t).receptacle !== 'surface')).toEqual([]);
    expect(info('LaundryHamper').receptacle).toBe('container');
    expect(info('GlassBottle').fillable).toBe(true);
    expect(['Blinds', 'ShowerDoor', 'ShowerCurtain'].filter((t) => !info(t).openable)).toEqual([]);
  });

  it('produce starts unwashed and dishes start clean; things with no clean state have none', () => {
    expect(info('Apple').defaultState.clean).toBe(false);
    expect(info('Egg').defaultState.clean).toBe(false);
    expect(info('Mug').defaultState.clean).toBe(true);
    expect(info('Bread').defaultState.clean).toBeUndefined();
  });
});
