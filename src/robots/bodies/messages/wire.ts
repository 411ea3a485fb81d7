/**
 * A message as rosbridge's JSON carries it: `uint8[]` as base64 (rosbridge's default binary
 * encoder), other typed arrays as number lists. rclnodejs takes the message as it is.
 */
export function toRosbridgeJson(msg: unknown): unknown {
  if (msg instanceof Uint8Array) return Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength).toString('base64');
  if (ArrayBuffer.isView(msg)) return Array.from(msg as unknown as ArrayLike<number>);
  if (Array.isArray(msg)) return msg.map(toRosbridgeJson);
  if (msg !== null && typeof msg === 'object') return Object.fromEntries(Object.entries(msg).map(([k, v]) => [k, toRosbridgeJson(v)]));
  return msg;
}
