import pg from 'pg';
import { EventHub } from './events.ts';
import { MIGRATIONS } from './migrations.ts';
import { deleteFilters, planApply, planDelete, applyScope } from './plan.ts';
import { byNamespaceNameId, canonical, isMap, normalizeFilters, sortInstances } from './resource.ts';
import {
  isResourceType,
  StoreError,
  type Applied,
  type ApplyOptions,
  type ChangeEvent, type ChangeListener,
  type DeleteTarget,
  type Filter,
  type Instance,
  type Resource,
  type ResourceInput,
  type ResourceType,
  type Store,
  type WatchOptions,
  type Watcher,
} from './types.ts';
import { uuidv7 } from './uuid.ts';

const SCHEMA = /^[A-Za-z_][A-Za-z0-9_]{0,49}$/;

/**
 * PostgreSQL: one table per resource type (`flowc_specs`, `flowc_values`, `flowc_charts`) holding JSONB
 * documents, created by versioned migrations on first use. Every insert, update and delete fires a
 * trigger that NOTIFYs `{op, kind, namespace, id}` on the channel `flowc:<schema>`, so every process
 * connected to the database hears every change (including ones made with psql).
 *
 * URL: `postgres://user:password@host:port/database?schema=name` (`schema` defaults to `public`; the
 * other query parameters are pg's).
 */
export function postgresStore(url: string): Store {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!SCHEMA.test(schema)) throw new StoreError('INVALID', `schema \`${schema}\` must be letters, digits and _ (at most 50)`);
  parsed.searchParams.delete('schema');
  return new PostgresStore(parsed.toString(), schema, describe(parsed, schema));
}

function describe(url: URL, schema: string): string {
  return `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}?schema=${schema}`;
}

class PostgresStore implements Store {
  private readonly pool: pg.Pool;
  private readonly q: string;
  private readonly channel: string;
  private readonly hub: EventHub;
  private readonly watchers = new Set<Watcher>();
  private ready: Promise<void> | undefined;
  private listener: pg.Client | undefined;
  private listening = false;

  /** The LISTEN connection is up: false before the first watcher, and while it reconnects. */
  get connected(): boolean {
    return this.listener !== undefined;
  }
  private reconnect: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly schema: string,
    readonly location: string,
  ) {
    this.pool = new pg.Pool({ connectionString, max: 4, idleTimeoutMillis: 10_000 });
    // An idle connection that dies (server restart) must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
    this.q = `"${schema}"`;
    this.channel = `flowc:${schema}`;
    this.hub = new EventHub({ first: () => this.listen(), last: () => this.unlisten() });
  }

  private table(type: ResourceType): string {
    return `${this.q}.flowc_${type}`;
  }

  /** Runs pending migrations once per store, under a lock so that concurrent first uses do not race. */
  private migrate(): Promise<void> {
    return (this.ready ??= this.transaction(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`flowc-migrate:${this.schema}`]);
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${this.q}`);
      await c.query(`CREATE TABLE IF NOT EXISTS ${this.q}.flowc_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const { rows } = await c.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${this.q}.flowc_migrations`);
      const current = rows[0]?.v ?? 0;
      for (const m of MIGRATIONS) {
        if (m.version <= current) continue;
        await c.query(m.sql.replaceAll('{schema}', this.q));
        await c.query(`INSERT INTO ${this.q}.flowc_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      }
    }).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    }));
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.unavailable(error);
    }
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.translate(error);
    } finally {
      client.release();
    }
  }

  private async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    await this.migrate();
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (error) {
      throw this.translate(error);
    }
  }

  async list(type: ResourceType, filter?: Filter | readonly Filter[]): Promise<Resource[]> {
    const params: unknown[] = [];
    const where = whereFilters(normalizeFilters(filter), params);
    const rows = await this.query<{ doc: Record<string, unknown> }>(`SELECT doc FROM ${this.table(type)} WHERE ${where}`, params);
    return rows.map((r) => canonical(r.doc)).sort(byNamespaceNameId);
  }

  async reportInstance(instance: Instance): Promise<void> {
    await this.query(
      `INSERT INTO ${this.q}.flowc_instances (id, namespace, doc, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (id) DO UPDATE SET namespace = EXCLUDED.namespace, doc = EXCLUDED.doc, updated_at = now()`,
      [instance.id, instance.namespace, JSON.stringify(instance)],
    );
  }

  async instances(namespace?: string): Promise<Instance[]> {
    const rows = await this.query<{ doc: Instance }>(
      `SELECT doc FROM ${this.q}.flowc_instances${namespace === undefined ? '' : ' WHERE namespace = $1'}`,
      namespace === undefined ? [] : [namespace],
    );
    return sortInstances(rows.map((r) => r.doc));
  }

  async removeInstance(id: string): Promise<void> {
    await this.query(`DELETE FROM ${this.q}.flowc_instances WHERE id = $1`, [id]);
  }

  async get(type: ResourceType, id: string): Promise<Resource | undefined> {
    const rows = await this.query<{ doc: Record<string, unknown> }>(`SELECT doc FROM ${this.table(type)} WHERE id = $1`, [id]);
    return rows[0] && canonical(rows[0].doc);
  }

  async apply(type: ResourceType, batch: readonly ResourceInput[], options: ApplyOptions = {}): Promise<Applied[]> {
    await this.migrate();
    const scope = applyScope(batch, options);
    return this.transaction(async (c) => {
      await this.lock(c, type);
      const { rows } = await c.query<{ doc: Record<string, unknown> }>(
        `SELECT doc FROM ${this.table(type)} WHERE namespace = ANY($1) OR namespace IN (SELECT namespace FROM ${this.table(type)} WHERE id = ANY($2))`,
        [scope.namespaces, scope.ids],
      );
      const plan = planApply(type, batch, options, rows.map((r) => canonical(r.doc)), uuidv7);
      await options.check?.(plan.proposal);
      if (plan.writes.length > 0) {
        const records = plan.writes.map((w) => ({ id: w.resource.id, namespace: w.resource.namespace, name: w.resource.name ?? null, doc: w.resource }));
        await c.query(
          `INSERT INTO ${this.table(type)} (id, namespace, name, doc)
           SELECT x.id, x.namespace, x.name, x.doc FROM jsonb_to_recordset($1::jsonb) AS x(id text, namespace text, name text, doc jsonb)
           ON CONFLICT (id) DO UPDATE SET namespace = EXCLUDED.namespace, name = EXCLUDED.name, doc = EXCLUDED.doc, updated_at = now()`,
          [JSON.stringify(records)],
        );
      }
      return plan.applied;
    });
  }

  async delete(type: ResourceType, target: DeleteTarget): Promise<Resource[]> {
    const filters = deleteFilters(target);
    await this.migrate();
    return this.transaction(async (c) => {
      await this.lock(c, type);
      const params: unknown[] = [];
      const where = filters === undefined ? 'TRUE' : whereFilters(filters, params);
      // The whole namespaces involved, so that a check sees what would remain.
      const { rows } = await c.query<{ doc: Record<string, unknown> }>(
        `SELECT doc FROM ${this.table(type)} WHERE namespace IN (SELECT namespace FROM ${this.table(type)} WHERE ${where})`,
        params,
      );
      const plan = planDelete(type, filters, rows.map((r) => canonical(r.doc)));
      await target.check?.(plan.proposal);
      if (plan.deleted.length > 0) await c.query(`DELETE FROM ${this.table(type)} WHERE id = ANY($1)`, [plan.deleted.map((r) => r.id)]);
      return plan.deleted;
    });
  }

  /** Writers of one type take turns: a plan is made from what the store holds when it is written. */
  private async lock(c: pg.PoolClient, type: ResourceType): Promise<void> {
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`flowc-write:${this.schema}:${type}`]);
  }

  async watch(listener: ChangeListener, options?: WatchOptions): Promise<Watcher> {
    const inner = await this.hub.add(listener, options);
    const watcher: Watcher = {
      close: () => {
        this.watchers.delete(watcher);
        return inner.close();
      },
    };
    this.watchers.add(watcher);
    return watcher;
  }

  /** One dedicated connection LISTENs for the whole store; it reconnects while anyone is watching. */
  private async listen(): Promise<void> {
    await this.migrate();
    this.listening = true;
    await this.connectListener();
  }

  private async connectListener(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, application_name: `flowc-listen:${this.schema}` });
    client.on('notification', (message) => {
      const parsed = parseEvent(message.payload);
      if (parsed) this.hub.emit([parsed.event], parsed.at);
    });
    const lost = (): void => {
      if (this.listener !== client) return;
      this.listener = undefined;
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (error) {
      client.end().catch(() => undefined);
      throw this.unavailable(error);
    }
    if (!this.listening) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
  }

  private scheduleReconnect(delay = 500): void {
    if (!this.listening || this.reconnect) return;
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      this.connectListener().catch(() => this.scheduleReconnect(Math.min(delay * 2, 10_000)));
    }, delay);
    this.reconnect.unref();
  }

  private async unlisten(): Promise<void> {
    this.listening = false;
    clearTimeout(this.reconnect);
    this.reconnect = undefined;
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all([...this.watchers].map((w) => w.close()));
    await this.unlisten();
    await this.pool.end();
  }

  private unavailable(error: unknown): StoreError {
    return new StoreError('UNAVAILABLE', `cannot reach PostgreSQL at ${this.location}: ${(error as Error).message}`, { cause: error });
  }

  private translate(error: unknown): Error {
    if (error instanceof StoreError) return error;
    const code = (error as { code?: unknown }).code;
    if (code === '23505') return new StoreError('DUPLICATE', `duplicated key: ${(error as Error).message}`, { cause: error });
    if (typeof code === 'string' && /^(08|57P)/.test(code)) return this.unavailable(error);
    if (typeof code === 'string' || (error as NodeJS.ErrnoException).syscall) return new StoreError('UNAVAILABLE', `PostgreSQL: ${(error as Error).message}`, { cause: error });
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** `(id = $1 AND namespace = $2) OR …`; no filters match everything. */
function whereFilters(filters: readonly Filter[], params: unknown[]): string {
  if (filters.length === 0) return 'TRUE';
  return filters
    .map((f) => {
      const parts: string[] = [];
      for (const key of ['id', 'namespace', 'name'] as const) {
        const v = f[key];
        if (v === undefined) continue;
        params.push(v);
        parts.push(`${key} = $${params.length}`);
      }
      return parts.length === 0 ? 'TRUE' : `(${parts.join(' AND ')})`;
    })
    .join(' OR ');
}

function parseEvent(payload: string | undefined): { event: ChangeEvent; at: number } | undefined {
  if (!payload) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isMap(data) || !isResourceType(data.kind) || typeof data.id !== 'string' || typeof data.namespace !== 'string') return undefined;
  if (data.op !== 'store' && data.op !== 'swap' && data.op !== 'delete') return undefined;
  // A schema migrated by an older flowc sends no time: the change is taken as written now.
  const at = typeof data.at === 'number' && Number.isFinite(data.at) ? data.at : Date.now();
  return { event: { op: data.op, kind: data.kind, namespace: data.namespace, id: data.id }, at };
}
