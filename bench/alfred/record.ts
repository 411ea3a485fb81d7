import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { allTypes } from '../../src/world/catalog.js';

/**
 * One record of `datasets/alfred_train_goals.jsonl` (ALFRED train, MIT; attribution in
 * datasets/README.md): the goal sentence, the annotator's step directions, the gold goal, the gold
 * high-level plan and the floor plan's movable object types.
 */
export const ALFRED_TASK_TYPES = [
  'pick_and_place_simple',
  'pick_two_obj_and_place',
  'look_at_obj_in_light',
  'pick_clean_then_place_in_recep',
  'pick_heat_then_place_in_recep',
  'pick_cool_then_place_in_recep',
  'pick_and_place_with_movable_recep',
] as const;
export type AlfredTaskType = (typeof ALFRED_TASK_TYPES)[number];

const PlanStepSchema = z.object({ action: z.string().min(1), args: z.array(z.string()) }).strict();

export const AlfredRecordSchema = z
  .object({
    source: z.string(),
    task_id: z.string().regex(/^[A-Za-z0-9_]+$/),
    task_type: z.enum(ALFRED_TASK_TYPES),
    instruction: z.string().min(1).max(2000),
    step_instructions: z.array(z.string().max(2000)).max(60),
    goal: z
      .object({
        object: z.string().min(1),
        receptacle: z.string().min(1).nullable(),
        toggle: z.string().min(1).nullable(),
        movable_receptacle: z.string().min(1).nullable(),
        sliced: z.boolean(),
      })
      .strict(),
    floor_plan: z.string().regex(/^FloorPlan\d+$/),
    movable_object_types: z.array(z.string().min(1)),
    gold_high_level_plan: z.array(PlanStepSchema),
  })
  .strict();
export type AlfredRecord = z.infer<typeof AlfredRecordSchema>;

export const ALFRED_TRAIN_PATH = fileURLToPath(new URL('../../datasets/alfred_train_goals.jsonl', import.meta.url));

export function readAlfredRecords(path = ALFRED_TRAIN_PATH): AlfredRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l, i) => {
      const parsed = AlfredRecordSchema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      return parsed.data;
    });
}

/** AI2-THOR's names only: LIBERO's lower-case types ("microwave", "plate") are other things. */
const BY_LOWER = new Map(allTypes().filter((t) => t.family === 'ai2thor').map((t) => [t.name.toLowerCase(), t.name]));

/**
 * The catalogue type for an ALFRED name, whatever its case ("Glassbottle", the plan's "countertop");
 * undefined for a name the catalogue lacks.
 */
export function catalogueType(alfredName: string): string | undefined {
  return BY_LOWER.get(alfredName.toLowerCase());
}

/** The room an ALFRED floor plan is: 1–30 kitchens, 201–230 living rooms, 301–330 bedrooms, 401–430 bathrooms. */
export type RoomKind = 'kitchen' | 'living_room' | 'bedroom' | 'bathroom';

export function roomKind(floorPlan: string): RoomKind {
  const n = Number(floorPlan.replace('FloorPlan', ''));
  if (n < 100) return 'kitchen';
  if (n < 300) return 'living_room';
  if (n < 400) return 'bedroom';
  return 'bathroom';
}
