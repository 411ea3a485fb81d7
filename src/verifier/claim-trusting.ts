import type { Evidence, Verdict, VerificationSession, VerifierFactory } from '../domain/verification.js';

const NO_EVIDENCE: Evidence = { observations: [], criteria: [], consecutive: 0, note: "the executor's claim was trusted without checking" };

/**
 * The open-loop baseline of the benchmark (SayCan / LLM-Planner style): the executor's "done" is
 * taken as success at the next observation. orca itself never uses this; it exists so the
 * benchmark can measure what the temporal verifier is worth.
 */
export function createClaimTrustingVerifier(): VerifierFactory {
  return {
    begin(): VerificationSession {
      let claimed = false;
      let latest: Verdict | null = null;
      return {
        observe(): Verdict | null {
          if (!claimed || latest) return null;
          latest = { kind: 'succeeded', evidence: NO_EVIDENCE };
          return latest;
        },
        claimDone() {
          claimed = true;
        },
        get latest() {
          return latest;
        },
        get decided() {
          return latest !== null;
        },
      };
    },
  };
}
