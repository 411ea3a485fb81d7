import { z } from 'zod';
import { HumanResponseSchema } from './types.js';

/** What an operator may ask of a mission another process drives. */
export const MissionCommandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('answer'), requestId: z.string().min(1).max(200), response: HumanResponseSchema }),
  z.object({ kind: z.literal('message'), text: z.string().min(1).max(2000), from: z.string().min(1).max(200).optional() }),
  z.object({ kind: z.literal('pause') }),
  z.object({ kind: z.literal('resume') }),
  z.object({ kind: z.literal('cancel'), reason: z.string().max(2000).optional() }),
]);
export type MissionCommand = z.infer<typeof MissionCommandSchema>;

/** The owner's answer: the value its method returned, or the typed error it threw. */
export const CommandReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string(), details: z.unknown().optional() }),
]);
export type CommandReply = z.infer<typeof CommandReplySchema>;

/**
 * Carries commands to the process that drives a mission and brings its reply back, so an operator
 * may use any process of the site. Absent on one SQLite file, where one process drives everything.
 */
export interface CommandRelay {
  /** Sends a command to the mission's owner and waits for its reply; throws when there is no live owner or it does not answer. */
  send(missionId: string, command: MissionCommand): Promise<CommandReply>;
  /** Acts on the commands sent to this process. */
  serve(handler: (missionId: string, command: MissionCommand) => Promise<CommandReply>): void;
  close(): Promise<void>;
}
