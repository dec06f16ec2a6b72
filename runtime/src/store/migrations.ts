import { RESOURCE_TYPES } from './types.ts';

/**
 * Versioned schema migrations of the PostgreSQL driver. Each runs once per schema, in order, inside
 * the transaction that records it in `flowc_migrations`; never edit a released one, append a new one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** SQL with `{schema}` standing for the quoted schema name. */
  readonly sql: string;
}

const table = (type: string): string => `
CREATE TABLE {schema}.flowc_${type} (
  id text PRIMARY KEY,
  namespace text NOT NULL,
  name text,
  doc jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- deferred, so that one batch may swap two names without tripping over itself mid-statement
  CONSTRAINT flowc_${type}_name UNIQUE (namespace, name) DEFERRABLE INITIALLY DEFERRED
);
CREATE TRIGGER flowc_${type}_notify AFTER INSERT OR UPDATE OR DELETE ON {schema}.flowc_${type}
  FOR EACH ROW EXECUTE FUNCTION {schema}.flowc_notify('${type}');
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'resources and change notifications',
    sql: `
CREATE FUNCTION {schema}.flowc_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  -- one channel per schema: NOTIFY is database-wide, schemas are not
  PERFORM pg_notify('flowc:' || TG_TABLE_SCHEMA, json_build_object(
    'op', CASE TG_OP WHEN 'INSERT' THEN 'store' WHEN 'UPDATE' THEN 'swap' ELSE 'delete' END,
    'kind', TG_ARGV[0],
    'namespace', r.namespace,
    'id', r.id)::text);
  RETURN NULL;
END
$$;
${RESOURCE_TYPES.map(table).join('')}
CREATE INDEX flowc_specs_kind ON {schema}.flowc_specs ((doc->>'kind'));
`,
  },
  {
    version: 2,
    name: 'running instances',
    sql: `
CREATE TABLE {schema}.flowc_instances (
  id text PRIMARY KEY,
  namespace text NOT NULL,
  doc jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    version: 3,
    name: 'change notifications say when',
    sql: `
CREATE OR REPLACE FUNCTION {schema}.flowc_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  PERFORM pg_notify('flowc:' || TG_TABLE_SCHEMA, json_build_object(
    'op', CASE TG_OP WHEN 'INSERT' THEN 'store' WHEN 'UPDATE' THEN 'swap' ELSE 'delete' END,
    'kind', TG_ARGV[0],
    'namespace', r.namespace,
    'id', r.id,
    -- the writer's clock, in ms: a watcher measures how late it acts on the change
    'at', floor(extract(epoch FROM clock_timestamp()) * 1000))::text);
  RETURN NULL;
END
$$;
`,
  },
];
