import type { MissionLeases } from './leases.js';
import { MissionRecord } from './mission-record.js';
import type { MissionStore } from './mission-store.js';
import { OrchestratorError, TERMINAL_STATUSES } from './types.js';
import type { MissionView } from './types.js';

/** What the orchestrator does when ownership changes; the ownership itself never drives a mission. */
export interface OwnershipHooks {
  records: Map<string, MissionRecord>;
  /** A mission this process now drives, found unfinished: interrupt it exactly as after a restart. */
  adopted(rec: MissionRecord): void;
  /** A mission another process took (this one stalled past its lease): stop driving it at once. */
  lost(missionId: string): void;
  /** The stored view of a mission driven elsewhere changed. */
  refreshed(rec: MissionRecord): void;
}

/** Missions the takeover looks at per round; the rest are taken in the next rounds. */
const TAKE_PER_ROUND = 50;

/**
 * Which missions this process drives. Each round renews this process's leases, stops driving any
 * it no longer holds, takes over missions whose owner died, and refreshes the views of missions
 * driven elsewhere from the shared store, so every process lists every mission.
 */
export class Ownership {
  private readonly owned = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly leases: MissionLeases,
    private readonly missions: MissionStore,
    private readonly hooks: OwnershipHooks,
  ) {}

  get owner(): string {
    return this.leases.owner;
  }

  owns(missionId: string): boolean {
    return this.owned.has(missionId);
  }

  /** A new mission id, unused by every process; taken for this one. */
  claim(id: string): boolean {
    if (this.hooks.records.has(id) || !this.leases.claim(id)) return false;
    this.owned.add(id);
    return true;
  }

  /** Every stored mission at start: the unfinished ones no live process holds become this one's. */
  recover(views: readonly MissionView[]): void {
    for (const view of views) {
      const rec = new MissionRecord(view);
      this.hooks.records.set(view.id, rec);
      if (TERMINAL_STATUSES.includes(view.status) || !this.leases.adopt(view.id)) continue;
      this.owned.add(view.id);
      this.hooks.adopted(rec);
    }
  }

  ended(missionId: string): void {
    if (!this.owned.delete(missionId)) return;
    this.leases.release(missionId);
  }

  /** A mission that has not ended and that another process drives: commands for it go there. */
  drivenElsewhere(missionId: string): boolean {
    const rec = this.hooks.records.get(missionId);
    return rec !== undefined && !this.owned.has(missionId) && !TERMINAL_STATUSES.includes(rec.status);
  }

  /** Refuses an operation on a mission another process drives (it would act on a copy). */
  assertOwned(missionId: string): void {
    const rec = this.hooks.records.get(missionId);
    if (!rec || this.owned.has(missionId) || TERMINAL_STATUSES.includes(rec.status)) return;
    throw new OrchestratorError('conflict', `mission ${missionId} is driven by another orca process; send this to that process, or wait for it to take over if that process stopped`, { missionId });
  }

  start(): void {
    if (this.leases.renewEveryMs <= 0 || this.timer) return;
    this.timer = setInterval(() => this.round(), this.leases.renewEveryMs);
    this.timer.unref();
  }

  round(): void {
    try {
      const held = this.leases.renew();
      for (const id of [...this.owned]) {
        if (held.has(id)) continue;
        this.owned.delete(id);
        this.hooks.lost(id);
      }
      const taken = new Set(this.leases.takeExpired(TAKE_PER_ROUND));
      for (const view of this.missions.all()) this.sync(view, taken.has(view.id));
    } catch (err) {
      // The database is away: the leases run out and another process takes over; this one tries again.
      process.emitWarning(`mission leases could not be renewed: ${err instanceof Error ? err.message : String(err)}`, 'OrcaLeaseWarning');
    }
  }

  private sync(view: MissionView, taken: boolean): void {
    if (this.owned.has(view.id)) return;
    const known = this.hooks.records.get(view.id);
    if (taken) {
      if (TERMINAL_STATUSES.includes(view.status)) {
        this.leases.release(view.id);
        return;
      }
      const rec = new MissionRecord(view);
      this.hooks.records.set(view.id, rec);
      this.owned.add(view.id);
      this.hooks.adopted(rec);
      return;
    }
    if (known && known.view.updatedAt === view.updatedAt && known.status === view.status) return;
    const rec = new MissionRecord(view);
    this.hooks.records.set(view.id, rec);
    this.hooks.refreshed(rec);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
