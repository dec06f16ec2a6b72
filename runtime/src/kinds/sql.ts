import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';
import { enumOf } from '../core/schema.ts';
import { familyOf, isolationProblem } from '../core/sql-isolation.ts';

/**
 * Runs SQL: the payload is `"SQL"` or `["SQL", args]` with `:name` parameters (args a map, or a list of
 * maps to run the statement once per map) or `?` ones (args a list). Answers with the rows as a list
 * of maps. All statements of one process share one transaction, committed when the process ends well
 * and rolled back when it ends with an error (for a request: before its response is written, and on
 * any status ≥ 400).
 */
export default defineKind({
  kind: 'sql',
  description: 'Runs SQL (PostgreSQL, MySQL/MariaDB or SQLite) with named parameters; one transaction per process, committed when it ends without error.',
  schema: Type.Object({
    driver: enumOf(['postgres', 'postgresql', 'pg', 'mysql', 'mariadb', 'sqlite3', 'sqlite'], {
      description: 'the database: PostgreSQL (`postgres`, `postgresql`, `pg`), MySQL or MariaDB (`mysql`, `mariadb`) or SQLite (`sqlite3`, `sqlite`)',
    }),
    source: Type.String({
      minLength: 1,
      description: 'postgres://user@host:5432/db, mysql://user:password@host:3306/db (or Go\'s user:password@tcp(host:3306)/db), or a SQLite file (`:memory:`, `file::memory:?cache=shared`)',
    }),
    isolation: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 7, description: 'Go isolation level: 0 default, 1 read uncommitted, 2 read committed, 4 repeatable read, 6 serializable' }),
    ),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/sql',
  // A level the database lacks is known at build time when both fields are literals.
  check(fields) {
    const family = typeof fields.driver === 'string' ? familyOf(fields.driver) : undefined;
    if (!family || typeof fields.isolation !== 'number') return [];
    const problem = isolationProblem(family, fields.isolation);
    return problem ? [{ path: ['isolation'], message: problem, hint: 'Go levels: 0 default, 1 read uncommitted, 2 read committed, 4 repeatable read, 6 serializable' }] : [];
  },
});
