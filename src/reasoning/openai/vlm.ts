import { z } from 'zod';
import type { Predicate, Truth } from '../../domain/predicates.js';
import { formatPredicate } from '../../domain/predicates.js';
import { createTransport } from './transport.js';
import type { Transport, TransportOptions } from './transport.js';

/**
 * An optional second opinion for the verifier: asks a vision-language model whether a predicate
 * holds in a camera frame. Advisory only: any failure or doubt is 'unknown', never a verdict,
 * so a flaky endpoint cannot fail or pass a subgoal on its own.
 */

export interface Frame {
  /** PNG or JPEG bytes, or a data: / https: URL. */
  image: Uint8Array | string;
  mime?: 'image/png' | 'image/jpeg';
}

export interface FrameVerdict {
  truth: Truth;
  confidence: number;
  why: string;
}

export type FrameCheck = (frame: Frame, predicate: Predicate, describe?: Record<string, string>) => Promise<FrameVerdict>;

const WireFrameSchema = z.object({ answer: z.enum(['yes', 'no', 'cannot_tell']), confidence: z.number(), why: z.string() });

const SYSTEM =
  'You check a robot camera image. Answer whether the statement holds in the image: "yes", "no" or ' +
  '"cannot_tell" (occluded, out of view, too blurry). confidence is 0..1. Reply with one JSON object.';

export interface FrameCheckOptions extends TransportOptions {
  /** Below this confidence a yes/no is reported as unknown. */
  minConfidence?: number;
  logger?: { warn(obj: object, msg: string): void };
  transport?: Transport;
}

function imageUrl(frame: Frame): string {
  if (typeof frame.image === 'string') return frame.image;
  return `data:${frame.mime ?? 'image/png'};base64,${Buffer.from(frame.image).toString('base64')}`;
}

export function createVlmFrameCheck(opts: FrameCheckOptions): FrameCheck {
  const transport = opts.transport ?? createTransport(opts);
  const min = opts.minConfidence ?? 0.6;
  return async (frame, predicate, describe = {}) => {
    const names = Object.entries(describe).map(([id, text]) => `${id} is ${text}`);
    const statement = `${formatPredicate(predicate)}${names.length ? ` (where ${names.join('; ')})` : ''}`;
    try {
      const content = await transport.complete(
        [
          { role: 'system', content: SYSTEM },
          {
            role: 'user',
            content: [
              { type: 'text', text: `Statement: ${statement}` },
              { type: 'image_url', image_url: { url: imageUrl(frame) } },
            ],
          },
        ],
        WireFrameSchema,
        'frame_check',
      );
      const parsed = WireFrameSchema.safeParse(JSON.parse(content));
      if (!parsed.success) return { truth: 'unknown', confidence: 0, why: 'unreadable model answer' };
      const { answer, confidence, why } = parsed.data;
      if (answer === 'cannot_tell' || !(confidence >= min)) return { truth: 'unknown', confidence, why };
      return { truth: answer === 'yes' ? 'true' : 'false', confidence, why };
    } catch (err) {
      opts.logger?.warn({ model: opts.model, err: (err as Error).message }, 'VLM frame check failed; reporting unknown');
      return { truth: 'unknown', confidence: 0, why: `frame check failed: ${(err as Error).message}` };
    }
  };
}
