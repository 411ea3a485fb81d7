import { suggestType, typeInfo } from './catalog.js';
import type { TypeInfo } from './catalog.js';
import type { SceneIssue } from './errors.js';
import type { Scene, SceneRoom } from './scene-schema.js';

function inRect(room: SceneRoom, p: { x: number; y: number }): boolean {
  const r = room.rect;
  return p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.d;
}

const STATE_NEEDS: Record<string, { flag: (t: TypeInfo) => boolean; verb: string }> = {
  open: { flag: (t) => t.openable, verb: 'be opened' },
  on: { flag: (t) => t.toggleable, verb: 'be switched on or off' },
  clean: { flag: (t) => t.cleanable, verb: 'be clean or dirty' },
  temperature: { flag: (t) => t.heatable || t.coolable, verb: 'be heated or cooled' },
  sliced: { flag: (t) => t.sliceable, verb: 'be sliced' },
  filled: { flag: (t) => t.fillable, verb: 'be filled' },
};

/** Checks a schema-valid scene for meaning: ids, types, references, placements, positions. */
export function validateScene(scene: Scene): SceneIssue[] {
  const issues: SceneIssue[] = [];
  const add = (path: string, message: string): void => {
    issues.push({ path, message });
  };
  const owners = new Map<string, string>();
  const claim = (id: string, path: string): void => {
    const prev = owners.get(id);
    if (prev !== undefined) add(path, `duplicate id "${id}" (already used by ${prev})`);
    else owners.set(id, path);
  };
  scene.rooms.forEach((r, i) => claim(r.id, `rooms[${i}]`));
  const regionOwner = new Map<string, string>();
  const regionKind = new Map<string, string>();
  scene.entities.forEach((e, i) => {
    claim(e.id, `entities[${i}]`);
    e.regions.forEach((r, j) => {
      claim(r.id, `entities[${i}].regions[${j}]`);
      regionOwner.set(r.id, e.id);
      regionKind.set(r.id, r.kind);
    });
  });
  scene.robots.forEach((r, i) => claim(r.id, `robots[${i}]`));
  scene.people.forEach((p, i) => claim(p.id, `people[${i}]`));
  scene.doors.forEach((d, i) => {
    if (d.id) claim(d.id, `doors[${i}]`);
  });

  const rooms = new Map(scene.rooms.map((r) => [r.id, r]));
  const entities = new Map(scene.entities.map((e) => [e.id, e]));
  const infos = new Map<string, TypeInfo>();

  scene.doors.forEach((d, i) => {
    d.between.forEach((room, k) => {
      if (!rooms.has(room)) add(`doors[${i}].between[${k}]`, `no room "${room}"`);
    });
  });

  scene.entities.forEach((e, i) => {
    const path = `entities[${i}]`;
    const info = typeInfo(e.type);
    if (!info) {
      const hint = suggestType(e.type);
      add(`${path}.type`, `unknown type "${e.type}"${hint ? ` (did you mean ${hint}?)` : ''}`);
    } else {
      infos.set(e.id, info);
      for (const key of Object.keys(e.state)) {
        const need = STATE_NEEDS[key];
        if (need && !need.flag(info)) add(`${path}.state.${key}`, `a ${e.type} cannot ${need.verb}`);
      }
      if (e.faucet !== undefined && info.role !== 'sink') add(`${path}.faucet`, `only a sink basin has a faucet, not a ${e.type}`);
      if (e.regions.length > 0 && info.receptacle === null && !info.openable) {
        add(`${path}.regions`, `a ${e.type} is not a receptacle and cannot have regions`);
      }
    }
    if (e.position && e.placement) add(path, 'give either position or placement, not both');
    if (!e.position && !e.placement) add(path, 'needs a position or a placement');
    if (e.position && !scene.rooms.some((r) => inRect(r, e.position!))) {
      add(`${path}.position`, `(${e.position.x}, ${e.position.y}) is outside every room`);
    }
    e.regions.forEach((r, j) => {
      if (r.state.open !== undefined && !r.openable) add(`${path}.regions[${j}].state.open`, `region "${r.id}" is not openable`);
    });
  });

  // Placement targets, receptacle kinds, faucets: after every type is known.
  scene.entities.forEach((e, i) => {
    const path = `entities[${i}]`;
    if (e.faucet !== undefined) {
      const f = entities.get(e.faucet);
      if (!f) add(`${path}.faucet`, `no entity "${e.faucet}"`);
      else if (typeInfo(f.type)?.role !== 'faucet') add(`${path}.faucet`, `"${e.faucet}" is a ${f.type}, not a Faucet`);
    }
    const pl = e.placement;
    if (!pl) return;
    const target = pl.target;
    if (rooms.has(target)) {
      if (pl.relation === 'in') add(`${path}.placement.relation`, `things rest "on" the floor of room "${target}", not "in" it`);
      return;
    }
    if (regionKind.has(target)) {
      if (regionOwner.get(target) === e.id) add(`${path}.placement.target`, `"${e.id}" cannot rest in its own region`);
      if (pl.relation === 'in' && regionKind.get(target) === 'surface') {
        add(`${path}.placement.relation`, `region "${target}" is a surface: use "on"`);
      }
      return;
    }
    const t = entities.get(target);
    if (!t) {
      add(`${path}.placement.target`, `no entity or region "${target}"`);
      return;
    }
    const tInfo = infos.get(target);
    if (!tInfo) return;
    if (tInfo.receptacle === null) add(`${path}.placement.target`, `"${target}" (${t.type}) is not a receptacle`);
    else if (pl.relation === 'in' && tInfo.receptacle === 'surface') {
      add(`${path}.placement.relation`, `"${target}" (${t.type}) is a surface: use "on"`);
    }
  });

  // Cycles: follow placements (a region counts as its owner).
  const parentOf = (id: string): string | undefined => {
    const e = entities.get(id);
    const t = e?.placement?.target;
    if (t === undefined) return undefined;
    return regionOwner.get(t) ?? t;
  };
  scene.entities.forEach((e, i) => {
    const seen = new Set<string>([e.id]);
    let cur = parentOf(e.id);
    while (cur !== undefined && entities.has(cur)) {
      if (seen.has(cur)) {
        if (cur === e.id) add(`entities[${i}].placement`, `placement cycle: ${[...seen].join(' -> ')} -> ${cur}`);
        break;
      }
      seen.add(cur);
      cur = parentOf(cur);
    }
  });

  scene.robots.forEach((r, i) => {
    if (!scene.rooms.some((room) => inRect(room, r.pose))) add(`robots[${i}].pose`, `robot "${r.id}" at (${r.pose.x}, ${r.pose.y}) is outside every room`);
    if (r.kind === 'fixed_arm' && r.capabilities.includes('navigate')) {
      add(`robots[${i}].capabilities`, 'a fixed_arm cannot navigate');
    }
  });
  scene.people.forEach((p, i) => {
    const room = rooms.get(p.room);
    if (!room) add(`people[${i}].room`, `no room "${p.room}"`);
    else if (!inRect(room, p.position)) add(`people[${i}].position`, `(${p.position.x}, ${p.position.y}) is not inside room "${p.room}"`);
  });
  return issues;
}
