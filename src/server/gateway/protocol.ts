import { z } from 'zod';

/**
 * What the main thread and the gateway thread say to each other. Everything crossing the thread
 * boundary is validated on arrival, as any other boundary is.
 */

/** Header and body deadlines of the public socket (see http-hardening.ts); absent: its defaults. */
export const GatewayTimeoutsSchema = z.object({
  headersTimeoutMs: z.number().int().positive().optional(),
  requestTimeoutMs: z.number().int().positive().optional(),
});

export const GatewayDataSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(0).max(65535),
  /** The main thread's HTTP app, on a unix socket only this process knows. */
  upstream: z.string().min(1),
  latch: z.instanceof(SharedArrayBuffer),
  /** The e-stop journal's database (a SQLite file or a postgres:// URL); null: the main thread journals what it is told. */
  journal: z.string().min(1).nullable(),
  tokens: z.array(z.object({ token: z.string(), role: z.enum(['operator', 'reviewer', 'admin']), name: z.string().optional() })),
  timeouts: GatewayTimeoutsSchema,
  /** Names besides the bound address that Host may name (see request-guard.ts). */
  allowedHosts: z.array(z.string()),
});
export type GatewayData = z.infer<typeof GatewayDataSchema>;

export const FromGatewaySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('listening'), port: z.number().int() }),
  z.object({ type: z.literal('failed'), message: z.string() }),
  z.object({
    type: z.literal('estop'),
    reason: z.string().nullable(),
    by: z.string(),
    at: z.string(),
    /** True when the gateway journalled it in the same transaction as the state. */
    recorded: z.boolean(),
    /** A journal write that failed (the latch is set all the same). */
    journalError: z.string().optional(),
  }),
  z.object({ type: z.literal('closed') }),
]);
export type FromGateway = z.infer<typeof FromGatewaySchema>;

export const ToGatewaySchema = z.object({ type: z.literal('close') });
export type ToGateway = z.infer<typeof ToGatewaySchema>;
