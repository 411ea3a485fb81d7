import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { SyncPg } from '../../src/storage/sync-pg.js';

/** The test server's URL, or null (the PostgreSQL suites then skip, saying why). */
export const PG_URL: string | null = inject('pgUrl');
export const PG_MISSING: string = inject('pgMissing');

if (!PG_URL) console.warn(`skipping PostgreSQL tests: ${PG_MISSING}`);

/** A new, empty database on the test server, so every suite starts from nothing; returns its URL. */
export function freshPgDatabase(prefix = 'orca_t'): string {
  if (!PG_URL) throw new Error(PG_MISSING);
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new SyncPg(PG_URL, 'orca-tests');
  try {
    admin.run(`CREATE DATABASE ${name}`);
  } finally {
    admin.close();
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export { freePort } from './pg-cluster.js';
