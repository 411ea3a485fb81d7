import type { TestProject } from 'vitest/node';
import { findPgBin, startPgCluster } from './pg-cluster.js';
import type { PgCluster } from './pg-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server for the tests (its `postgres` database), or null when none is available. */
    pgUrl: string | null;
    pgMissing: string;
  }
}

/**
 * `ORCA_TEST_DATABASE_URL` names a server to use; otherwise one throwaway cluster is started for the
 * whole run when PostgreSQL is installed. Each test file makes its own database on it.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env['ORCA_TEST_DATABASE_URL'];
  if (given) {
    project.provide('pgUrl', given);
    project.provide('pgMissing', '');
    return () => undefined;
  }
  const bin = findPgBin();
  if (!bin && process.env['ORCA_REQUIRE_PG']) throw new Error('ORCA_REQUIRE_PG is set but no PostgreSQL binaries (initdb, pg_ctl) were found');
  if (!bin) {
    project.provide('pgUrl', null);
    project.provide('pgMissing', 'no PostgreSQL binaries (initdb, pg_ctl) found; install postgresql or set ORCA_TEST_DATABASE_URL');
    return () => undefined;
  }
  let cluster: PgCluster | null = null;
  return startPgCluster(bin).then((c) => {
    cluster = c;
    project.provide('pgUrl', c.url);
    project.provide('pgMissing', '');
    return () => cluster?.stop();
  });
}
