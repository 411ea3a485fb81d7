import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { OrchestratorError } from '../../agents/orchestrator/types.js';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import type { OrchestratorConfigInput } from '../app/config.js';
import type { CliDeps } from './deps.js';
import { UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `util.parseArgs` in strict mode, with its errors (unknown flag, missing value) turned into
 * UsageError so every command reports them the same way (stderr, exit 2).
 */
export function parse<O extends Options>(argv: readonly string[], options: O, allowPositionals: boolean) {
  try {
    return parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\s*To specify.*$/s, '') : String(error));
  }
}

export const FAULT_LEVELS = ['off', 'default', 'harsh'] as const;
export type FaultLevel = (typeof FAULT_LEVELS)[number];

export function parseFaults(value: string | undefined): FaultLevel | undefined {
  if (value === undefined) return undefined;
  const found = FAULT_LEVELS.find((f) => f === value);
  if (!found) throw new UsageError(`--faults must be one of ${FAULT_LEVELS.join(', ')} (got "${value}")`);
  return found;
}

/** `builtin` or `openai:MODEL`. */
export function parseModel(value: string | undefined): OrchestratorConfigInput['reasoner'] | undefined {
  if (value === undefined) return undefined;
  if (value === 'builtin') return { kind: 'builtin' };
  const m = /^openai:(.+)$/.exec(value);
  if (m?.[1]) return { kind: 'openai', model: m[1] };
  throw new UsageError(`--model must be "builtin" or "openai:MODEL" (got "${value}")`);
}

/** Integers stay numbers (the simulator's seeds); other text is a string seed, which the config also accepts. */
export function parseSeed(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new UsageError('--seed must not be empty');
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

export function parsePort(value: string | undefined, source: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new UsageError(`${source} must be a port number 0-65535 (got "${value}")`);
  return Number(value);
}

/**
 * Creates the orchestrator; a configuration it refuses as bad input (an invalid fleet file, naming
 * the fields) is a usage error (exit 2). A robot that does not come up is a failure (exit 1).
 */
export async function openOrchestrator(deps: CliDeps, config: OrchestratorConfigInput): Promise<Orchestrator> {
  try {
    return await deps.createOrchestrator(config);
  } catch (error) {
    if (error instanceof OrchestratorError && error.code === 'bad_input') throw new UsageError(error.message);
    throw error;
  }
}
