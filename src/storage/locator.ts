import { z } from 'zod';

/** Where orca keeps its state: a SQLite file (the embedded default) or a PostgreSQL server. */
export type DatabaseLocator = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

const PostgresUrlSchema = z
  .string()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.pathname.length > 1;
    } catch {
      return false;
    }
  }, 'a PostgreSQL URL names a database: postgres://user@host:port/database');

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** `postgres://…` or `postgresql://…` selects PostgreSQL; anything else is a SQLite path (or `:memory:`). */
export function parseDatabaseLocator(db: string): DatabaseLocator {
  if (!isPostgresUrl(db)) return { kind: 'sqlite', path: db };
  const parsed = PostgresUrlSchema.safeParse(db);
  if (!parsed.success) throw new Error(`invalid database URL: ${parsed.error.issues[0]?.message ?? 'unreadable'}`);
  return { kind: 'postgres', url: parsed.data };
}

/** The URL without its password, for logs and messages. */
export function redactDatabaseUrl(db: string): string {
  if (!isPostgresUrl(db)) return db;
  try {
    const u = new URL(db);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unreadable)';
  }
}
