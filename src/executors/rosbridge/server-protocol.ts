import { z } from 'zod';
import type { RosbridgeFrame } from './protocol.js';

/**
 * What a rosbridge v2 client sends (PROTOCOLS.md §7.2), as a server reads it: the ops orca's own
 * client and roslibjs use for topics, services and actions. Unknown ops are not in the union.
 */
const Id = z.union([z.string(), z.number()]).transform(String).optional();

export const ClientFrameSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('subscribe'), id: Id, topic: z.string().min(1), type: z.string().optional() }),
  z.object({ op: z.literal('unsubscribe'), id: Id, topic: z.string().min(1) }),
  z.object({ op: z.literal('advertise'), id: Id, topic: z.string().min(1), type: z.string().min(1) }),
  z.object({ op: z.literal('unadvertise'), id: Id, topic: z.string().min(1) }),
  z.object({ op: z.literal('publish'), id: Id, topic: z.string().min(1), msg: z.unknown() }),
  z.object({ op: z.literal('call_service'), id: Id, service: z.string().min(1), args: z.unknown().optional() }),
  z.object({ op: z.literal('send_action_goal'), id: Id, action: z.string().min(1), action_type: z.string().min(1), args: z.unknown(), feedback: z.boolean().optional() }),
  z.object({ op: z.literal('cancel_action_goal'), id: Id, action: z.string().min(1) }),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

/** `status` (the server's error and warning channel); `id` echoes the request it concerns. */
export function statusOp(o: { id?: string | undefined; level: 'error' | 'warning' | 'info'; msg: string }): RosbridgeFrame {
  return { op: 'status', ...(o.id !== undefined ? { id: o.id } : {}), level: o.level, msg: o.msg };
}
