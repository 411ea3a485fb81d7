import { PolicyError } from './errors.js';

/**
 * Bounds on what a server may send orca in one message (`max_message_bytes` in a robot config).
 * Policy answers are action chunks of a few kilobytes; the bound only has to stop a broken or hostile
 * server from making orca buffer and decode hundreds of megabytes.
 */
export const DEFAULT_MAX_POLICY_MESSAGE_BYTES = 8 * 1024 * 1024;

/** rosbridge carries camera frames as JSON (base64 or number lists), so its default is larger. */
export const DEFAULT_MAX_ROSBRIDGE_MESSAGE_BYTES = 64 * 1024 * 1024;

/** What the `ws` package's error says when a frame passes `maxPayload` (it then closes with 1009). */
export function isOversizedFrameError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';
}

export function messageTooLarge(what: string, maxBytes: number, size?: number): PolicyError {
  const got = size === undefined ? '' : ` (${size} bytes)`;
  return new PolicyError('too_large', `${what}: the answer${got} is larger than max_message_bytes = ${maxBytes} bytes; raise it in the robot's config if the server really sends this much`, {
    maxBytes,
    ...(size === undefined ? {} : { size }),
  });
}

/** Reads an HTTP body as UTF-8, giving up as soon as it passes `maxBytes` (declared or streamed). */
export async function readBoundedText(res: Response, maxBytes: number, what: string): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw messageTooLarge(what, maxBytes, declared);
  }
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw messageTooLarge(what, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
