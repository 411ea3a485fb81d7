import { z } from 'zod';
import { ReplayObjectSchema, ReplayRobotSchema } from '../traces/index.js';

/** Schemas of the review routes (replay, plots, checkpoints): kept apart from the mission API's. */

export const WorldAtQuerySchema = z
  .object({
    t: z.coerce.number().finite().min(0).max(1e9).describe('seconds of simulated time since the mission started (clamped to the mission)'),
  })
  .strict();

export const ReplaySnapshotSchema = z.object({
  missionId: z.string(),
  t: z.number().describe('the time drawn, seconds since the mission started'),
  simTime: z.number().describe('the simulated clock at t'),
  duration: z.number().describe("the mission's length in simulated seconds"),
  seq: z.number().int().describe('the last trace event at or before t'),
  frameT: z.number().nullable().describe('the time of the replay frame drawn; null when the mission has none'),
  robots: z.array(ReplayRobotSchema.extend({ id: z.string() })),
  objects: z.array(ReplayObjectSchema.extend({ id: z.string() })),
  subgoals: z.array(z.object({ id: z.string(), state: z.string() })),
});

const Point = z.tuple([z.number(), z.number()]);
export const PlotsSchema = z.object({
  subgoals: z.array(
    z.object({
      subgoalId: z.string(),
      robotId: z.string().nullable(),
      series: z.object({ progress: z.array(Point), distance: z.array(Point), aperture: z.array(Point), confidence: z.array(Point) }),
      markers: z.array(z.object({ t: z.number(), kind: z.enum(['verdict', 'failure']), label: z.string(), ok: z.boolean() })),
    }),
  ),
});

export const CheckpointListSchema = z.object({
  checkpoints: z.array(
    z.object({
      id: z.string(),
      parentId: z.string().nullable(),
      step: z.number().int(),
      source: z.string(),
      node: z.string().nullable(),
      next: z.array(z.string()),
      createdAt: z.string().nullable(),
      state: z.object({
        text: z.string(),
        goal: z.boolean(),
        planVersion: z.number(),
        calls: z.array(z.string()),
        questions: z.number(),
        request: z.string().nullable(),
        escalation: z.string().nullable(),
        search: z.string().nullable(),
        outcome: z.string().nullable(),
        route: z.string(),
      }),
    }),
  ),
});
