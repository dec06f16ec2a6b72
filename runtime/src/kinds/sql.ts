import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';
import { enumOf } from '../core/schema.ts';

/**
 * Runs SQL: the payload is `"SQL"` or `["SQL", args]` with `:name` parameters (args a map, or a list of
 * maps to run the statement once per map) or `?` ones (args a list). Answers with the rows as a list
 * of maps. All statements of one process share one transaction, committed when the process ends well
 * and rolled back when it ends with an error (for a request: before its response is written, and on
 * any status ≥ 400).
 */
export default defineKind({
  kind: 'sql',
  description: 'Runs SQL (PostgreSQL or SQLite) with named parameters; one transaction per process, committed when it ends without error.',
  schema: Type.Object({
    driver: enumOf(['postgres', 'postgresql', 'pg', 'sqlite3', 'sqlite'], { description: 'the database: PostgreSQL (`postgres`, `postgresql`, `pg`) or SQLite (`sqlite3`, `sqlite`)' }),
    source: Type.String({ minLength: 1, description: 'postgres://user@host:5432/db, or a SQLite file (`:memory:`, `file::memory:?cache=shared`)' }),
    isolation: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 7, description: 'Go isolation level: 0 default, 1 read uncommitted, 2 read committed, 4 repeatable read, 6 serializable' }),
    ),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/sql',
});
