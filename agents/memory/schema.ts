import { z } from 'zod';
import { FailureCodeSchema } from '../../src/domain/failures.js';

/**
 * The site memory's entries: typed, validated with zod on every read and write, each with the
 * evidence it came from (mission and trace seq), who said it and when it was last confirmed.
 */

const Id = z.string().min(1).max(200);
const Time = z.iso.datetime({ precision: 3 });

export const EvidenceSchema = z.object({ missionId: Id, seq: z.number().int().nonnegative().nullable() }).strict();
export type Evidence = z.infer<typeof EvidenceSchema>;

/** Most evidence kept per entry: the newest, so an entry confirmed often stays small. */
export const MAX_EVIDENCE = 20;

const Base = {
  id: Id,
  /** The scene (site) the entry is about: ids mean something only in their site. */
  site: Id,
  evidence: z.array(EvidenceSchema).min(1).max(MAX_EVIDENCE),
  /** A person's id, or `orca` for what orca observed itself. */
  saidBy: Id,
  createdAt: Time,
  confirmedAt: Time,
  /** Set when observation or a person contradicted it: it is kept for inspection, never used. */
  expired: z.object({ at: Time, because: z.string().min(1).max(500) }).strict().nullable(),
};

/**
 * A phrase and what it meant: a person's preference or name ("my mug" is the red mug for Alex), or,
 * with `person` null, a correction of grounding or placement that holds for everyone at the site.
 */
export const ReferenceEntrySchema = z
  .object({
    ...Base,
    kind: z.literal('reference'),
    person: Id.nullable(),
    phrase: z.string().trim().min(1).max(200),
    ids: z.array(Id).min(1).max(20),
    label: z.string().min(1).max(300),
  })
  .strict();
export type ReferenceEntry = z.infer<typeof ReferenceEntrySchema>;

const Count = z.number().int().nonnegative();
export const RecoveryCountsSchema = z.object({ worked: Count, failed: Count }).strict();

/**
 * What happened when one robot ran one skill on one type of object: attempts whose outcome orca saw,
 * failures by code, and for each failure code how each recovery went.
 */
export const FailureStatsEntrySchema = z
  .object({
    ...Base,
    kind: z.literal('failure_stats'),
    skill: Id,
    objectType: Id,
    robot: Id,
    attempts: Count,
    failures: z.partialRecord(FailureCodeSchema, Count),
    recoveries: z.partialRecord(FailureCodeSchema, z.record(z.string().min(1).max(40), RecoveryCountsSchema)),
  })
  .strict()
  .refine((e) => Object.values(e.failures).reduce((a, b) => a + (b ?? 0), 0) <= e.attempts, { message: 'more failures than attempts' });
export type FailureStatsEntry = z.infer<typeof FailureStatsEntrySchema>;

export const MemoryEntrySchema = z.union([ReferenceEntrySchema, FailureStatsEntrySchema]);
export type MemoryEntry = z.infer<typeof MemoryEntrySchema>;
export type MemoryKind = MemoryEntry['kind'];

/** The identity two entries share when they are about the same thing (one entry per identity). */
export function identityOf(e: MemoryEntry): string {
  return e.kind === 'reference' ? `reference|${e.site}|${e.person ?? '*'}|${e.phrase.toLowerCase()}` : `failure_stats|${e.site}|${e.skill}|${e.objectType}|${e.robot}`;
}

/** What a person may change in an entry (API, CLI, page); statistics are observed, so only references are edited. */
export const MemoryEditSchema = z
  .object({
    phrase: z.string().trim().min(1).max(200).optional(),
    ids: z.array(Id).min(1).max(20).optional(),
    label: z.string().trim().min(1).max(300).optional(),
    person: Id.nullable().optional(),
  })
  .strict()
  .refine((e) => Object.keys(e).length > 0, { message: 'nothing to change' });
export type MemoryEdit = z.infer<typeof MemoryEditSchema>;

export const MemoryFilterSchema = z
  .object({
    site: Id.optional(),
    kind: z.enum(['reference', 'failure_stats']).optional(),
    person: Id.optional(),
    includeExpired: z.boolean().optional(),
  })
  .strict();
export type MemoryFilter = z.infer<typeof MemoryFilterSchema>;
