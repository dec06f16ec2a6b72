import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';
import { enumOf } from '../core/schema.ts';
import { FAMILY_LABEL, familyOf, isolationProblem } from '../core/sql-isolation.ts';

/**
 * Runs SQL: the payload is `"SQL"` or `["SQL", args]` with `:name` parameters (args a map, or a list of
 * maps to run the statement once per map) or `?` ones (args a list). Answers with the rows as a list
 * of maps. All statements of one process share one transaction, committed when the process ends well
 * and rolled back when it ends with an error (for a request: before its response is written, and on
 * any status ≥ 400). `driver: internal` reads the running program itself: its `frames`, `processes`,
 * `symbols`, `specs` and `values` as read-only tables (uniflow's reflect plugin).
 */
export default defineKind({
  kind: 'sql',
  description: 'Runs SQL (PostgreSQL, MySQL/MariaDB, SQLite, or the running program\'s own tables with `internal`) with named parameters; one transaction per process, committed when it ends without error.',
  schema: Type.Object({
    driver: enumOf(['postgres', 'postgresql', 'pg', 'mysql', 'mariadb', 'sqlite3', 'sqlite', 'internal'], {
      description:
        'the database: PostgreSQL (`postgres`, `postgresql`, `pg`), MySQL or MariaDB (`mysql`, `mariadb`), SQLite (`sqlite3`, `sqlite`), or `internal`: the running program\'s frames, processes, symbols, specs and values as read-only tables',
    }),
    source: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'postgres://user@host:5432/db, mysql://user:password@host:3306/db (or Go\'s user:password@tcp(host:3306)/db), or a SQLite file (`:memory:`, `file::memory:?cache=shared`); with `internal`, optionally the store whose specs and values the tables show (default FLOWC_STORE, else the running program\'s own)',
      }),
    ),
    isolation: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 7, description: 'Go isolation level: 0 default, 1 read uncommitted, 2 read committed, 4 repeatable read, 6 serializable' }),
    ),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/sql',
  // Only a program that reads its own tables records its frames.
  introspects: (fields) => fields.driver === 'internal',
  // A database needs its source; a level the database lacks is known at build time when both fields are literals.
  check(fields) {
    const family = typeof fields.driver === 'string' ? familyOf(fields.driver) : undefined;
    if (family && family !== 'internal' && fields.source === undefined) {
      return [{ path: ['source'], message: `\`source\` is required: the ${FAMILY_LABEL[family]} database to connect to`, hint: 'for example postgres://user@localhost:5432/app, mysql://user:password@localhost:3306/app or a SQLite file' }];
    }
    if (!family || typeof fields.isolation !== 'number') return [];
    const problem = isolationProblem(family, fields.isolation);
    return problem ? [{ path: ['isolation'], message: problem, hint: 'Go levels: 0 default, 1 read uncommitted, 2 read committed, 4 repeatable read, 6 serializable' }] : [];
  },
});
