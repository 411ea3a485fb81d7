import { createHash } from 'node:crypto';

/**
 * The fixed split of a development set into two halves by a stable hash of the record id (ALFRED's
 * `task_id`, AmbiK's `id`): rules are developed and tuned looking only at the `dev` half, and the
 * `report` half is only ever measured. The hash does not depend on the file's order, so adding or
 * reordering records never moves one across the split.
 */
export type Half = 'dev' | 'report';

export const HALVES: readonly Half[] = ['dev', 'report'];

/** The half a record belongs to: the low bit of the first byte of SHA-256 of its id. */
export function recordHalf(id: string): Half {
  const first = createHash('sha256').update(id, 'utf8').digest()[0] ?? 0;
  return (first & 1) === 0 ? 'dev' : 'report';
}
