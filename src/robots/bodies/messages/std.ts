import { z } from 'zod';
import { parseMessage, requireFinite } from './common.js';

export const Float64MsgSchema = z.object({ data: z.number() });
export const BoolMsgSchema = z.object({ data: z.boolean() });
export const StringMsgSchema = z.object({ data: z.string() });

export const float64Msg = (data: number): { data: number } => ({ data });
export const boolMsg = (data: boolean): { data: boolean } => ({ data });
export const stringMsg = (data: string): { data: string } => ({ data });

export function decodeFloat64(msg: unknown): number {
  const { data } = parseMessage(Float64MsgSchema, msg, 'std_msgs/msg/Float64');
  requireFinite({ data }, 'std_msgs/msg/Float64');
  return data;
}

export function decodeBool(msg: unknown): boolean {
  return parseMessage(BoolMsgSchema, msg, 'std_msgs/msg/Bool').data;
}

export function decodeString(msg: unknown): string {
  return parseMessage(StringMsgSchema, msg, 'std_msgs/msg/String').data;
}
