import { describe, expect, it } from 'vitest';
import { PG_MISSING, PG_URL, freshPgDatabase } from '../../tests/support/pg.js';
import { SyncPg } from '../../src/storage/sync-pg.js';
import { PgLeases } from './leases-pg.js';

describe.skipIf(!PG_URL)(`PgLeases${PG_URL ? '' : ` (skipped: ${PG_MISSING})`}`, () => {
  it('an id is claimed once across processes, and never one a mission already has', () => {
    const db = freshPgDatabase();
    const a = new PgLeases(db, 30);
    const b = new PgLeases(db, 30);
    expect(a.claim('m-0001')).toBe(true);
    expect(b.claim('m-0001')).toBe(false);
    const raw = new SyncPg(db);
    raw.run(`INSERT INTO orca_missions (id, status, scene, created_at, updated_at, record) VALUES ('m-0002', 'succeeded', 'home', 'x', 'x', '{}')`);
    raw.close();
    expect(b.claim('m-0002')).toBe(false);
    expect(b.claim('m-0003')).toBe(true);
    expect(a.renew()).toEqual(new Set(['m-0001']));
    expect(b.renew()).toEqual(new Set(['m-0003']));
    a.close();
    b.close();
  });

  it('a live lease is not adopted or taken; an expired one is taken by exactly one process', () => {
    const db = freshPgDatabase();
    const owner = new PgLeases(db, 30);
    const b = new PgLeases(db, 30);
    const c = new PgLeases(db, 30);
    owner.claim('m-1');
    owner.claim('m-2');
    expect(b.adopt('m-1')).toBe(false);
    expect(b.takeExpired(10)).toEqual([]);
    // Closing gives the leases up at once (a graceful shutdown hands over without waiting).
    owner.close();
    const takenByB = b.takeExpired(1);
    const takenByC = c.takeExpired(10);
    expect(takenByB).toHaveLength(1);
    expect([...takenByB, ...takenByC].sort()).toEqual(['m-1', 'm-2']);
    expect(c.adopt(takenByB[0]!)).toBe(false);
    b.release(takenByB[0]!);
    expect(c.adopt(takenByB[0]!)).toBe(true);
    b.close();
    c.close();
  });

  it('a mission found without a lease at start is adopted', () => {
    const db = freshPgDatabase();
    const a = new PgLeases(db, 30);
    expect(a.adopt('m-old')).toBe(true);
    expect(a.adopt('m-old')).toBe(true);
    expect(a.renew()).toEqual(new Set(['m-old']));
    a.close();
  });
});
