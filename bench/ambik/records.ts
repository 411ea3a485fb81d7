import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { halfOf } from '../split.js';
import type { Half } from '../split.js';

/**
 * AmbiK's calibration split (cog-model/AmbiK-dataset). It has no licence file, so it is read from the
 * shared data folder beside the repository (`ORCA_SHARED_DATA` overrides where), never copied in.
 */
export const AmbikRecordSchema = z
  .object({
    id: z.string().min(1),
    ambik_id: z.string().min(1),
    ambiguity_type: z.enum(['preferences', 'common_sense_knowledge', 'safety']),
    environment: z.array(z.string()),
    instruction: z.string().min(1),
    ambiguous: z.boolean(),
    /** The candidates a question should offer (alternatives of one option joined by "|"). */
    options: z.array(z.string()).nullable().optional(),
    /** The options the person meant. */
    user_intent: z.array(z.string()).nullable().optional(),
    /** Environment items AmbiK lists as the plausible candidates, meant or not. */
    amb_shortlist: z.array(z.string()).nullable().optional(),
  })
  .passthrough();
export type AmbikRecord = z.infer<typeof AmbikRecordSchema>;

export type AmbikCategory = 'preferences' | 'common_sense' | 'safety';

export interface AmbikTask {
  record: AmbikRecord;
  category: AmbikCategory;
  /**
   * The half by a hash of AmbiK's own record id (`ambik_id`), shared by the ambiguous request and its
   * clear twin: both come from one row of AmbiK's file, and a twin in the other half would leak.
   */
  half: Half;
}

export function ambikPath(): string {
  const dir = process.env['ORCA_SHARED_DATA'] ?? fileURLToPath(new URL('../../../shared/data/', import.meta.url));
  return `${dir.replace(/\/$/, '')}/ambik_calib.jsonl`;
}

export function ambikAvailable(path = ambikPath()): boolean {
  return existsSync(path);
}

export function loadAmbik(path = ambikPath()): AmbikTask[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => AmbikRecordSchema.parse(JSON.parse(l)))
    .map((record) => ({
      record,
      category: record.ambiguity_type === 'common_sense_knowledge' ? 'common_sense' : record.ambiguity_type,
      half: halfOf(record.ambik_id),
    }));
}
