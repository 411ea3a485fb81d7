/**
 * Which process drives which mission. On one SQLite file there is one process and it drives every
 * mission; on a shared database each mission not yet ended has a lease (an owner and an expiry),
 * renewed while the owner lives and taken over by another process once it has expired.
 */
export interface MissionLeases {
  /** This process, as leases name it. */
  readonly owner: string;
  /** How often the owner renews, and looks for missions whose owner died, in milliseconds; 0 for never. */
  readonly renewEveryMs: number;
  /** Takes a new mission id for this process; false when the id is in use (another process has it, or had it). */
  claim(missionId: string): boolean;
  /** Takes a mission found unfinished at start if its lease has expired or it has none; true when it is now this process's. */
  adopt(missionId: string): boolean;
  /** Extends this process's leases; returns the missions it still holds. */
  renew(): Set<string>;
  /** Takes up to `limit` missions whose owners let their leases expire. */
  takeExpired(limit: number): string[];
  /** Gives a mission up (it ended). */
  release(missionId: string): void;
  close(): void;
}

/** The single process of an embedded database: every mission is its own, and nobody else takes one. */
export class LocalLeases implements MissionLeases {
  readonly owner = 'local';
  readonly renewEveryMs = 0;
  private readonly held = new Set<string>();

  claim(missionId: string): boolean {
    this.held.add(missionId);
    return true;
  }

  adopt(missionId: string): boolean {
    this.held.add(missionId);
    return true;
  }

  renew(): Set<string> {
    return new Set(this.held);
  }

  takeExpired(): string[] {
    return [];
  }

  release(missionId: string): void {
    this.held.delete(missionId);
  }

  close(): void {
    this.held.clear();
  }
}
