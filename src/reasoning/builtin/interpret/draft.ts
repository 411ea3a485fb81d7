import type { Predicate, PredicateName } from '../../../domain/predicates.js';
import { typeInfo } from '../../../world/catalog.js';
import type { BeliefEntity, BeliefState } from '../../belief.js';
import type { Grounding } from '../../goal.js';
import { groundPhrase } from './ground.js';
import type { GroundContext, GroundResult, Need, Ref } from './ground.js';
import type { NounPhrase } from './noun-phrase.js';

/** A grounding that did not give ids: the question, search or refusal the whole request becomes. */
export type Failure = Exclude<GroundResult, { kind: 'ok' }>;

export const pred = (p: PredicateName, ...args: string[]): Predicate => ({ pred: p, args });

export const isRef = (x: Ref | Failure): x is Ref => 'ids' in x;

/** What a role needs of the thing that fills it. */
export const NEEDS = {
  any: (() => true) as Need,
  pickable: ((e) => typeInfo(e.type)?.pickupable ?? true) as Need,
  receptacle: ((e) => typeInfo(e.type)?.receptacle != null || e.regions.length > 0) as Need,
  toggleable: ((e) => typeInfo(e.type)?.toggleable ?? false) as Need,
  openable: ((e) => (typeInfo(e.type)?.openable ?? false) || e.regions.some((r) => r.openable)) as Need,
  lamp: ((e) => typeInfo(e.type)?.lightSource ?? false) as Need,
  surface: ((e) => typeInfo(e.type)?.receptacle === 'surface') as Need,
};

/**
 * The goal while it is being read: ordered steps of predicates and what each phrase was grounded to.
 * Every clause adds to the current step; "then" (and a new sentence) starts the next one.
 */
export class GoalDraft {
  readonly steps: Predicate[][] = [];
  readonly groundings: Grounding[] = [];
  private current: Predicate[] = [];

  constructor(readonly ctx: GroundContext) {}

  get belief(): BeliefState {
    return this.ctx.belief;
  }

  /** Grounds a phrase, recording what it named; the failure when it names nothing usable. */
  ground(np: NounPhrase, key: string, need: Need, interchangeable = false): Ref | Failure {
    const r = groundPhrase(np, key, need, this.ctx, { interchangeable });
    if (r.kind !== 'ok') return r;
    this.groundings.push({ text: np.text, ids: r.ref.region ? [r.ref.region] : r.ref.ids, mentionKey: key, ...(r.ref.confidence !== undefined ? { confidence: r.ref.confidence } : {}) });
    return r.ref;
  }

  /** Grounds a phrase without recording it or changing what "it" refers to (a place that only qualifies). */
  peek(np: NounPhrase, key: string, need: Need): Ref | null {
    const r = groundPhrase(np, key, need, { ...this.ctx, discourse: [...this.ctx.discourse] });
    return r.kind === 'ok' ? r.ref : null;
  }

  add(...ps: Predicate[]): void {
    this.current.push(...ps);
  }

  /** The predicates of the step being read. */
  get step(): readonly Predicate[] {
    return this.current;
  }

  /** Ends the current step (nothing happens when it is empty). */
  nextStep(): void {
    if (this.current.length > 0) this.steps.push(this.current);
    this.current = [];
  }

  /** The steps read so far, the current one included. */
  close(): Predicate[][] {
    this.nextStep();
    return this.steps;
  }

  entity(id: string): BeliefEntity | undefined {
    return this.belief.ownerOf(id);
  }
}
