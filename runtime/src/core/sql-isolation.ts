/**
 * Transaction isolation by uniflow's numbers (Go's sql.IsolationLevel: 0 default, 1 read uncommitted,
 * 2 read committed, 3 write committed, 4 repeatable read, 5 snapshot, 6 serializable, 7 linearizable)
 * and the levels each database has. Imports nothing, so the kind's build-time check can use it.
 */
export type DatabaseFamily = 'postgres' | 'mysql' | 'sqlite' | 'internal';

const NAMES: Record<number, string> = { 1: 'READ UNCOMMITTED', 2: 'READ COMMITTED', 4: 'REPEATABLE READ', 6: 'SERIALIZABLE' };

const SUPPORTED: Record<DatabaseFamily, readonly number[]> = {
  postgres: [0, 1, 2, 4, 6],
  mysql: [0, 1, 2, 4, 6],
  sqlite: [0, 6],
  // The running program's own tables: read-only, each statement reads them live.
  internal: [0],
};

export const FAMILY_LABEL: Record<DatabaseFamily, string> = { postgres: 'PostgreSQL', mysql: 'MySQL/MariaDB', sqlite: 'SQLite', internal: 'internal' };

const DRIVERS: Record<string, DatabaseFamily> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  pg: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
  sqlite3: 'sqlite',
  sqlite: 'sqlite',
  internal: 'internal',
};

export function familyOf(driver: string): DatabaseFamily | undefined {
  return Object.hasOwn(DRIVERS, driver) ? DRIVERS[driver] : undefined;
}

/** Why `level` is not available on the database, or undefined when it is. */
export function isolationProblem(family: DatabaseFamily, level: number): string | undefined {
  const levels = SUPPORTED[family];
  if (levels.includes(level)) return undefined;
  if (family === 'sqlite') return `SQLite transactions are serializable: isolation must be 0 (default) or 6, not ${level}`;
  if (family === 'internal') return `the internal tables are read live and have no transactions: isolation must be 0 (default), not ${level}`;
  return `${FAMILY_LABEL[family]} has no isolation level ${level} (use 0 default, ${levels.slice(1, -1).join(', ')} or ${levels.at(-1)})`;
}

/** The SQL name of a level (`REPEATABLE READ`), '' for the database's default; throws for a level it lacks. */
export function isolationName(family: DatabaseFamily, level: number): string {
  const problem = isolationProblem(family, level);
  if (problem) throw new Error(problem);
  return NAMES[level] ?? '';
}
