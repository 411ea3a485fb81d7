import type { VerifierFactory } from '../domain/verification.js';
import { createVlmFrameCheck } from '../reasoning/openai/vlm.js';
import { frameOf, simRobotOf, withSecondOpinion } from '../runtime/index.js';
import type { FleetRuntime } from '../runtime/index.js';
import type { ResolvedFleet } from './fleet-load.js';

/**
 * The fleet's verifier with the vision model of `perception.second_opinion` looking at each robot's
 * camera (`perception.camera`, else its first). The key is read from the named variable only (a local
 * server needs none); a refused key makes every answer "unknown", never a verdict.
 */
export function secondOpinionVerifier(runtime: FleetRuntime, fleet: ResolvedFleet, env: NodeJS.ProcessEnv): VerifierFactory | undefined {
  const cfg = fleet.secondOpinion;
  if (!cfg) return undefined;
  const apiKey = env[cfg.api_key_env];
  const check = createVlmFrameCheck({ model: cfg.model, minConfidence: cfg.min_confidence, timeoutMs: cfg.timeout_ms, maxRetries: 1, ...(cfg.base_url ? { baseURL: cfg.base_url } : {}), apiKey: apiKey ?? 'not-needed' });
  const cameras = new Map(fleet.robots.map((r) => [r.id, r.camera]));
  return withSecondOpinion(runtime.verifier, {
    check,
    model: cfg.model,
    describe: runtime.describe,
    frame: (robotId) => {
      const m = runtime.members.get(robotId);
      if (!m) return null;
      // A simulated robot's latest view, not a new one: asking the world again would draw from its noise.
      return frameOf(simRobotOf(m.body)?.latest ?? m.body.observe(), cameras.get(robotId) ?? null);
    },
  });
}
