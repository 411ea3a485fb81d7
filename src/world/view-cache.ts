import type { Vec3 } from '../domain/geometry.js';
import { entityPosition, isEnclosed, roomAt, withPositionMemo } from './geom.js';
import type { WorldState } from './state.js';

/** What every robot's observation needs to know about one entity, the same for all robots in a step. */
export interface EntityView {
  readonly id: string;
  /** Position in the entities map's order, so merged candidate lists keep the world's order. */
  readonly index: number;
  readonly position: Vec3;
  readonly room: string | null;
  /** Inside a closed opaque container (see-through ones do not hide). */
  readonly enclosed: boolean;
  readonly heldBy: string | null;
}

export interface ViewIndex {
  readonly byId: ReadonlyMap<string, EntityView>;
  readonly byRoom: ReadonlyMap<string | null, readonly EntityView[]>;
  readonly held: readonly EntityView[];
}

function build(s: WorldState): ViewIndex {
  const byId = new Map<string, EntityView>();
  const byRoom = new Map<string | null, EntityView[]>();
  const held: EntityView[] = [];
  let index = 0;
  for (const e of s.entities.values()) {
    const position = entityPosition(s, e.id);
    const v: EntityView = { id: e.id, index: index++, position, room: roomAt(s, position), enclosed: isEnclosed(s, e.id, true), heldBy: e.heldBy };
    byId.set(e.id, v);
    const list = byRoom.get(v.room);
    if (list) list.push(v);
    else byRoom.set(v.room, [v]);
    if (v.heldBy !== null) held.push(v);
  }
  return { byId, byRoom, held };
}

/**
 * Entity positions, rooms and enclosure, computed once per world state instead of once per robot:
 * with many robots, recomputing placement chains for every entity in every robot's observation made
 * observation cost grow with robots × entities. The owner must `invalidate()` on every mutation of the
 * state (the world does so in `step` and for a person's work); positions handed out are shared and
 * must not be mutated.
 */
export class ViewCache {
  private index: ViewIndex | null = null;

  constructor(private readonly s: WorldState) {}

  get(): ViewIndex {
    return (this.index ??= withPositionMemo(() => build(this.s)));
  }

  invalidate(): void {
    this.index = null;
  }
}
