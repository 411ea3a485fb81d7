import { z } from 'zod';

/**
 * rosbridge v2 frames (PROTOCOLS.md §7.2). Encoders build objects with the keys in the order the
 * reference clients send them, so `JSON.stringify` reproduces the §8.3 bytes; optional keys are left
 * out rather than sent as null.
 */
export const ROSBRIDGE_DEFAULT_PORT = 9090;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type RosbridgeFrame = { op: string } & Record<string, unknown>;

function compact(frame: Record<string, unknown>): RosbridgeFrame {
  return Object.fromEntries(Object.entries(frame).filter(([, v]) => v !== undefined)) as RosbridgeFrame;
}

export const encode = (frame: RosbridgeFrame): string => JSON.stringify(frame);

export const subscribeOp = (o: { id?: string; topic: string; type?: string; throttle_rate?: number; queue_length?: number; compression?: 'none' | 'png' }) =>
  compact({ op: 'subscribe', id: o.id, topic: o.topic, type: o.type, throttle_rate: o.throttle_rate, queue_length: o.queue_length, compression: o.compression });
export const unsubscribeOp = (o: { id?: string; topic: string }) => compact({ op: 'unsubscribe', id: o.id, topic: o.topic });
export const advertiseOp = (o: { id?: string; topic: string; type: string }) => compact({ op: 'advertise', id: o.id, topic: o.topic, type: o.type });
export const publishOp = (o: { id?: string; topic: string; msg: unknown }) => compact({ op: 'publish', id: o.id, topic: o.topic, msg: o.msg });
export const callServiceOp = (o: { id?: string; service: string; args?: unknown }) => compact({ op: 'call_service', id: o.id, service: o.service, args: o.args });
export const sendActionGoalOp = (o: { id?: string; action: string; action_type: string; args: unknown; feedback?: boolean }) =>
  compact({ op: 'send_action_goal', id: o.id, action: o.action, action_type: o.action_type, args: o.args, feedback: o.feedback ?? true });
export const cancelActionGoalOp = (o: { id: string; action: string }) => compact({ op: 'cancel_action_goal', id: o.id, action: o.action });

// Server → client frames (also used by the in-test server, so both directions are checked against §8.3).
export const actionFeedbackOp = (o: { id?: string; action: string; values: unknown }) => compact({ op: 'action_feedback', id: o.id, action: o.action, values: o.values });
export const actionResultOp = (o: { id?: string; action: string; values: unknown; status: number; result: boolean }) =>
  compact({ op: 'action_result', id: o.id, action: o.action, values: o.values, status: o.status, result: o.result });
export const serviceResponseOp = (o: { id?: string; service: string; values: unknown; result: boolean }) =>
  compact({ op: 'service_response', id: o.id, service: o.service, values: o.values, result: o.result });

const Id = z.union([z.string(), z.number()]).transform(String).optional();

export const IncomingSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('publish'), id: Id, topic: z.string(), msg: z.unknown() }),
  z.object({ op: z.literal('service_response'), id: Id, service: z.string(), values: z.unknown().optional(), result: z.boolean() }),
  z.object({ op: z.literal('action_feedback'), id: Id, action: z.string(), values: z.unknown() }),
  z.object({ op: z.literal('action_result'), id: Id, action: z.string(), values: z.unknown().optional(), status: z.number().int(), result: z.boolean() }),
  z.object({ op: z.literal('status'), id: Id, level: z.string().optional(), msg: z.string().optional() }),
  z.object({ op: z.literal('fragment'), id: z.union([z.string(), z.number()]).transform(String), data: z.string(), num: z.number().int().nonnegative(), total: z.number().int().positive() }),
]);
export type Incoming = z.infer<typeof IncomingSchema>;

export type { Json };
