/**
 * Generates config/scenes/libero/<task>.yaml from ../shared/data/libero10.jsonl (LIBERO-10, MIT).
 * Usage: npx tsx scripts/gen-libero-scenes.ts [path/to/libero10.jsonl]
 * Geometry is ours (LIBERO's BDDL gives names and relations, not coordinates): a 1.2 x 0.8 m table,
 * fixtures along the back edge, objects in two rows in front, one fixed arm at the front edge.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { z } from 'zod';

const RecordSchema = z.object({
  source: z.string(),
  task: z.string().regex(/^[A-Za-z0-9_]+$/),
  instruction: z.string(),
  goal_bddl: z.string(),
  fixtures: z.array(z.string()),
  objects: z.array(z.string()),
  init: z.array(z.string()),
});
type LiberoRecord = z.infer<typeof RecordSchema>;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const input = process.argv[2] ?? join(root, '..', 'shared', 'data', 'libero10.jsonl');
const outDir = join(root, 'config', 'scenes', 'libero');

const TABLE_HEIGHT: Record<string, number> = { kitchen_table: 0.8, living_room_table: 0.6, study_table: 0.75 };
const COLOURS: Record<string, { color?: string; material?: string }> = {
  porcelain_mug: { color: 'white', material: 'porcelain' },
  white_yellow_mug: { color: 'yellow and white', material: 'ceramic' },
  red_coffee_mug: { color: 'red', material: 'ceramic' },
  akita_black_bowl: { color: 'black', material: 'ceramic' },
  black_book: { color: 'black', material: 'paper' },
  white_cabinet: { color: 'white', material: 'wood' },
  moka_pot: { color: 'silver', material: 'metal' },
  flat_stove: { color: 'black' },
  microwave: { color: 'white' },
  basket: { color: 'brown', material: 'wicker' },
  plate: { color: 'white', material: 'ceramic' },
  chefmate_8_frypan: { color: 'black', material: 'metal' },
  wine_bottle: { color: 'green', material: 'glass' },
  wine_rack: { color: 'brown', material: 'wood' },
  desk_caddy: { color: 'brown', material: 'wood' },
  ketchup: { color: 'red' },
  tomato_sauce: { color: 'red' },
  alphabet_soup: { color: 'red' },
  cream_cheese: { color: 'blue' },
  butter: { color: 'yellow' },
  milk: { color: 'white' },
  orange_juice: { color: 'orange' },
  chocolate_pudding: { color: 'brown' },
};
const FIXTURE_SIZE: Record<string, { w: number; d: number; h: number }> = {
  flat_stove: { w: 0.3, d: 0.3, h: 0.04 },
  white_cabinet: { w: 0.36, d: 0.3, h: 0.42 },
  wine_rack: { w: 0.3, d: 0.2, h: 0.25 },
  microwave: { w: 0.4, d: 0.3, h: 0.28 },
  desk_caddy: { w: 0.24, d: 0.16, h: 0.1 },
};

/** Sub-receptacles the goals name, per type (LIBERO's own region names). */
function typeRegions(id: string, type: string): Record<string, unknown>[] {
  switch (type) {
    case 'flat_stove':
      return [{ id: `${id}_cook_region`, kind: 'surface', size: { w: 0.24, d: 0.24 } }];
    case 'white_cabinet':
      return (['top', 'middle', 'bottom'] as const).map((level, i) => ({
        id: `${id}_${level}_region`,
        kind: 'container',
        offset: { x: 0, y: 0, z: -0.08 - 0.14 * i },
        size: { w: 0.3, d: 0.26, h: 0.1 },
        openable: true,
      }));
    case 'microwave':
      return [{ id: `${id}_heating_region`, kind: 'container', offset: { x: 0, y: 0.02, z: -0.25 }, size: { w: 0.3, d: 0.22, h: 0.2 } }];
    case 'basket':
      return [{ id: `${id}_contain_region`, kind: 'container', offset: { x: 0, y: 0, z: -0.09 }, size: { w: 0.24, d: 0.16, h: 0.1 } }];
    case 'desk_caddy':
      return [
        { id: `${id}_front_contain_region`, kind: 'container', offset: { x: 0, y: -0.04, z: -0.07 }, size: { w: 0.22, d: 0.07, h: 0.08 } },
        { id: `${id}_back_contain_region`, kind: 'container', offset: { x: 0, y: 0.04, z: -0.07 }, size: { w: 0.22, d: 0.07, h: 0.08 } },
      ];
    default:
      return [];
  }
}

function declared(list: string[]): { id: string; type: string }[] {
  return list.flatMap((decl) => {
    const [names = '', type = ''] = decl.split(' - ').map((x) => x.trim());
    return names.split(/\s+/).map((id) => ({ id, type }));
  });
}

function atoms(text: string): string[][] {
  return [...text.matchAll(/\(([A-Za-z]+)\s+([^()]+?)\)/g)].map((m) => [m[1]!, ...m[2]!.trim().split(/\s+/)]);
}

const FRONT_ROW = -0.2;
const BACK_ROW = 0.1;
const FIXTURE_ROW = 0.22;
const SLOTS = [-0.44, -0.22, 0, 0.22, 0.44];

function buildScene(rec: LiberoRecord): Record<string, unknown> {
  const fixtures = declared(rec.fixtures);
  const objects = declared(rec.objects);
  const table = fixtures.find((f) => f.type in TABLE_HEIGHT);
  if (!table) throw new Error(`${rec.task}: no table fixture`);
  const tableZ = TABLE_HEIGHT[table.type]!;
  const types = new Map([...fixtures, ...objects].map((x) => [x.id, x.type]));
  const init = rec.init.map((line) => atoms(line)[0]!).filter((a) => a.length > 0);
  const goal = atoms(rec.goal_bddl);
  const placedOn = new Map<string, string>();
  for (const [pred, a, b] of init) if (pred === 'On' && a && b) placedOn.set(a, b);

  // Table regions: every init target and goal argument that starts with the table's name.
  const tableRegionIds = new Set<string>();
  for (const target of placedOn.values()) if (target.startsWith(`${table.id}_`)) tableRegionIds.add(target);
  for (const atom of goal) for (const arg of atom.slice(1)) if (arg.startsWith(`${table.id}_`)) tableRegionIds.add(arg);

  const regionPos = new Map<string, { x: number; y: number; w: number; d: number }>();
  const occupant = (region: string): string | undefined => [...placedOn].find(([, t]) => t === region)?.[0];
  const fixtureRegions = [...tableRegionIds].filter((r) => {
    const occ = occupant(r);
    return occ !== undefined && fixtures.some((f) => f.id === occ);
  });
  const blocked: number[] = [];
  fixtureRegions.forEach((r, i) => {
    const type = types.get(occupant(r)!)!;
    const size = FIXTURE_SIZE[type] ?? { w: 0.3, d: 0.25, h: 0.2 };
    const x = fixtureRegions.length === 1 ? 0.15 : -0.3 + (0.6 * i) / (fixtureRegions.length - 1);
    regionPos.set(r, { x, y: FIXTURE_ROW, w: size.w + 0.04, d: size.d + 0.04 });
    if (type === 'white_cabinet') blocked.push(x);
  });
  const taken: { x: number; y: number }[] = [];
  const explicit = (r: string): number | undefined => (/_left_/.test(r) ? -0.25 : /_right_/.test(r) ? 0.25 : undefined);
  const rest = [...tableRegionIds].filter((r) => !regionPos.has(r)).sort((a, b) => Number(explicit(b) !== undefined) - Number(explicit(a) !== undefined));
  const plateLike = (r: string): boolean => /plate/.test(r);
  for (const r of rest) {
    const size = plateLike(r) || /basket/.test(r) ? 0.21 : 0.2;
    let x = explicit(r);
    // Regions to the right of a plate pair with a centred plate region when there is no left/right twin.
    if (x !== undefined && /plate_right/.test(r) && !tableRegionIds.has(r.replace('right', 'left'))) x = 0.22;
    if (r.includes('plate_init')) x = 0;
    let y = FRONT_ROW;
    if (x === undefined) {
      const free = [FRONT_ROW, BACK_ROW]
        .filter((row) => row !== BACK_ROW || fixtureRegions.length === 0)
        .flatMap((row) => SLOTS.map((sx) => ({ x: sx, y: row })))
        .find((slot) => !taken.some((t) => Math.abs(t.x - slot.x) < 0.2 && t.y === slot.y) && !blocked.some((bx) => Math.abs(bx - slot.x) < 0.3));
      if (!free) throw new Error(`${rec.task}: no free slot for ${r}`);
      x = free.x;
      y = free.y;
    }
    taken.push({ x, y });
    regionPos.set(r, { x, y, w: size, d: size });
  }

  const entities: Record<string, unknown>[] = [
    {
      id: table.id,
      type: table.type,
      attributes: { material: 'wood' },
      position: { x: 0, y: 0, z: tableZ },
      size: { w: 1.2, d: 0.8, h: tableZ },
      regions: [...regionPos].map(([id, p]) => ({
        id,
        kind: 'surface',
        offset: { x: p.x, y: p.y, z: 0 },
        size: { w: Number(p.w.toFixed(2)), d: Number(p.d.toFixed(2)) },
      })),
    },
  ];
  for (const thing of [...fixtures.filter((f) => f !== table), ...objects]) {
    const target = placedOn.get(thing.id);
    if (!target) throw new Error(`${rec.task}: no init placement for ${thing.id}`);
    const state: Record<string, boolean> = {};
    const regionState = new Map<string, boolean>();
    for (const [pred, a] of init) {
      if (pred === 'Open' && a === thing.id) state.open = true;
      if (pred === 'Turnon' && a === thing.id) state.on = true;
      if (pred === 'Open' && a?.startsWith(`${thing.id}_`)) regionState.set(a, true);
    }
    const regions = typeRegions(thing.id, thing.type).map((r) => (regionState.has(r.id as string) ? { ...r, state: { open: true } } : r));
    entities.push({
      id: thing.id,
      type: thing.type,
      attributes: COLOURS[thing.type] ?? {},
      ...(Object.keys(state).length > 0 ? { state } : {}),
      placement: { relation: 'on', target, offset: { x: 0, y: 0 } },
      ...(FIXTURE_SIZE[thing.type] ? { size: FIXTURE_SIZE[thing.type] } : {}),
      ...(regions.length > 0 ? { regions } : {}),
    });
  }
  return {
    name: `libero/${rec.task}`,
    kind: 'tabletop',
    description: `LIBERO-10: "${rec.instruction}". Goal ${rec.goal_bddl}`,
    source: rec.source,
    rooms: [{ id: 'workspace', name: table.type.replace(/_/g, ' '), rect: { x: -1.2, y: -1.2, w: 2.4, d: 2.4 } }],
    entities,
    robots: [
      {
        id: 'arm',
        kind: 'fixed_arm',
        pose: { x: 0, y: -0.7, theta: Math.PI / 2 },
        ee: { x: 0, y: 0.4, z: tableZ + 0.3 },
        capabilities: ['manipulate', 'open', 'toggle', 'heat', 'cool', 'search'],
      },
    ],
  };
}

mkdirSync(outDir, { recursive: true });
const lines = readFileSync(input, 'utf8').split('\n').filter((l) => l.trim().length > 0);
for (const line of lines) {
  const rec = RecordSchema.parse(JSON.parse(line));
  const header = [
    `# Generated by scripts/gen-libero-scenes.ts from libero10.jsonl; do not edit by hand.`,
    `# Source: ${rec.source}`,
    `# Instruction: ${rec.instruction}`,
    `# Goal: ${rec.goal_bddl}`,
  ].join('\n');
  writeFileSync(join(outDir, `${rec.task}.yaml`), `${header}\n${stringify(buildScene(rec), { lineWidth: 0 })}`);
  console.log(`wrote config/scenes/libero/${rec.task}.yaml`);
}
