/**
 * The database a command uses: `--db` when given, else `ORCA_DATABASE_URL` (a `postgres://` URL, or
 * a SQLite path), else undefined (the configuration's default SQLite file).
 */
export function chooseDb(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (flag !== undefined) return flag;
  const fromEnv = env['ORCA_DATABASE_URL']?.trim();
  return fromEnv ? fromEnv : undefined;
}
