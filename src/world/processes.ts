import { entityPosition, isClosedReceptacle, ownerOf, roomAt } from './geom.js';
import type { EntityRec, WorldState } from './state.js';

export const WASH_SECONDS = 2.0;
export const MICROWAVE_SECONDS = 3.0;
export const STOVE_SECONDS = 4.0;
export const FRIDGE_SECONDS = 3.0;

/** The sink's linked faucet, else any faucet in the sink's room, is on. */
export function faucetRunning(s: WorldState, sink: EntityRec): boolean {
  if (sink.faucet) return s.entities.get(sink.faucet)?.state.on === true;
  const room = roomAt(s, entityPosition(s, sink.id));
  for (const e of s.entities.values()) {
    if (e.info.role === 'faucet' && e.state.on === true && roomAt(s, entityPosition(s, e.id)) === room) return true;
  }
  return false;
}

function holder(s: WorldState, e: EntityRec): EntityRec | undefined {
  if (e.heldBy !== null || !e.placement) return undefined;
  return s.entities.get(ownerOf(s, e.placement.target));
}

function heatRate(s: WorldState, e: EntityRec): number | null {
  const t = holder(s, e);
  if (!t || !e.placement) return null;
  if (t.info.role === 'microwave' && e.placement.relation === 'in' && t.state.on === true && isClosedReceptacle(s, e.placement.target)) {
    return MICROWAVE_SECONDS;
  }
  if (t.info.role === 'stove' && t.state.on === true) return STOVE_SECONDS;
  if (t.info.role === 'cookware') {
    const stove = holder(s, t);
    if (stove?.info.role === 'stove' && stove.state.on === true) return STOVE_SECONDS;
  }
  return null;
}

/** Remembers the states each thing has reached (hot, cold, clean), whatever happens to them later. */
export function recordReached(s: WorldState): void {
  for (const e of s.entities.values()) {
    if (e.state.temperature === 'hot' || e.state.temperature === 'cold') e.reached.add(e.state.temperature);
    if (e.state.clean === true) e.reached.add('clean');
  }
}

/** Advances washing, filling, heating and cooling by dt for everything resting somewhere. */
export function stepProcesses(s: WorldState, dt: number): void {
  for (const e of s.entities.values()) {
    const t = holder(s, e);
    const inside = e.placement?.relation === 'in';
    const inSink = inside && t?.info.role === 'sink' && faucetRunning(s, t);
    if (inSink && e.state.clean !== undefined) {
      e.timers.wash += dt;
      if (e.timers.wash >= WASH_SECONDS - 1e-9) e.state.clean = true;
    }
    if (inSink && e.info.fillable) e.state.filled = true;
    if (e.state.temperature === undefined) continue;
    const heat = heatRate(s, e);
    e.timers.heat = heat === null ? 0 : e.timers.heat + dt;
    if (heat !== null && e.timers.heat >= heat - 1e-9) e.state.temperature = 'hot';
    const cooling = inside && t?.info.role === 'fridge';
    e.timers.cool = cooling ? e.timers.cool + dt : 0;
    if (cooling && e.timers.cool >= FRIDGE_SECONDS - 1e-9) e.state.temperature = 'cold';
  }
}
