import { createHash } from 'node:crypto';

/** The half of a development set a record belongs to: `dev` to look at while building, `report` only to measure. */
export type Half = 'dev' | 'report';

export const HALVES: readonly Half[] = ['dev', 'report'];

/**
 * A fixed split of a development set by a stable hash of the record's id: the first byte of the id's
 * SHA-256 below 128 puts it in `dev`, otherwise in `report`. The same definition serves every set
 * (ALFRED's `task_id`, AmbiK's record id), so a record's half never depends on the order of the file
 * or on the other records.
 */
export function halfOf(id: string): Half {
  return createHash('sha256').update(id, 'utf8').digest()[0]! < 128 ? 'dev' : 'report';
}

/** The same split under the name the ALFRED suite uses. */
export const recordHalf = halfOf;
