import { z } from 'zod';
import type { CommandReply } from './relay.js';
import { MissionStatusSchema, OrchestratorError } from './types.js';
import type { MessageResult, MissionView } from './types.js';

/** Replies come from another process through the database, so they are validated like any input. */
const ViewSchema = z.looseObject({ id: z.string(), status: MissionStatusSchema });
const MessageSchema = z.object({ intent: z.string(), reply: z.string(), mission: ViewSchema });
const CODES = ['not_found', 'conflict', 'busy', 'bad_input', 'estopped', 'queue_full'] as const;
const CodeSchema = z.enum(CODES);
const DetailSchema = z.record(z.string(), z.unknown());

function parsed<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new OrchestratorError('conflict', 'the process driving the mission sent a reply that could not be read');
  return r.data;
}

export const remoteReply = {
  view(value: unknown): MissionView {
    return parsed(ViewSchema, value) as unknown as MissionView;
  },
  message(value: unknown): MessageResult {
    return parsed(MessageSchema, value) as unknown as MessageResult;
  },
  /** The owner's typed error, as this process's own. */
  error(reply: Extract<CommandReply, { ok: false }>): OrchestratorError {
    const code = CodeSchema.safeParse(reply.code);
    const detail = DetailSchema.safeParse(reply.details);
    return new OrchestratorError(code.success ? code.data : 'conflict', reply.message, detail.success ? detail.data : {});
  },
};
