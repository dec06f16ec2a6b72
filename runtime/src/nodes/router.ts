import FindMyWay from 'find-my-way';
import { METHODS } from 'node:http';
import { implement } from '../core/kind.ts';
import type { OutPort } from '../core/port.ts';
import definition from '../kinds/router.ts';

/** `/users/:id`, `*` catch-all and `\:` for a literal colon, written the find-my-way way. */
export function normalizeRoutePath(path: string): string {
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  return withSlash.replaceAll('\\:', '::');
}

export function routePortIndex(port: string): number | undefined {
  const match = /^out\[(\d+)\]$/.exec(port);
  return match ? Number(match[1]) : port === 'out' ? 0 : undefined;
}

/** Characters find-my-way expects percent-encoded; the listener hands over a decoded path. */
const NEEDS_ENCODING = /[^\x21-\x7e]|%/;

/** A path find-my-way would match as written (nothing to decode, no query or delimiter): a static route may take it. */
const PLAIN_PATH = /^\/[^\x00-\x20\x7f-\uffff%?#;]*$/;

/** A route path with no parameter and no wildcard. */
const isStatic = (path: string): boolean => !path.includes(':') && !path.includes('*');

/** Routes HTTP payloads by method and path: static beats parameter beats catch-all. */
export default implement(definition, {
  create({ fields, indexed, out, host }) {
    const observer = host.observer;
    const ports = indexed('out');
    const error = out('error');
    const table = FindMyWay<never>({ caseSensitive: true, ignoreTrailingSlash: false });
    const methods: string[] = [];
    // Static routes are also kept by method and exact path: find-my-way ranks a static route first, so an exact
    // hit is its answer too, and a plain path costs one map lookup instead of a walk of its tree.
    const statics = new Map<string, Map<string, { target: OutPort | undefined; path: string }>>();
    for (const route of fields.routes) {
      const target: OutPort | undefined = ports[routePortIndex(route.port) ?? -1];
      const path = normalizeRoutePath(route.path);
      table.on(route.method as never, path, () => undefined, { target, path: route.path });
      if (isStatic(path)) {
        let byPath = statics.get(route.method);
        if (!byPath) statics.set(route.method, (byPath = new Map()));
        if (!byPath.has(path)) byPath.set(path, { target, path: route.path });
      }
      if (!methods.includes(route.method)) methods.push(route.method);
    }
    const allowed = (path: string): string[] => methods.filter((m) => table.find(m as never, path) !== null);

    return {
      inputs: {
        in(payload, proc) {
          if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return payload;
          const request = payload as { method?: unknown; path?: unknown };
          const method = String(request.method ?? '');
          const raw = typeof request.path === 'string' && request.path !== '' ? request.path : '/';
          const direct = PLAIN_PATH.test(raw) ? statics.get(method)?.get(raw) : undefined;
          if (direct) {
            observer?.route(proc, direct.path);
            return direct.target ? direct.target.send({ ...payload, params: {} }, proc) : payload;
          }
          const path = NEEDS_ENCODING.test(raw) ? encodeURI(raw) : raw;
          const found = METHOD_SET.has(method) ? table.find(method as never, path) : null;
          if (found) {
            const { target, path: route } = found.store as { target?: OutPort; path: string };
            observer?.route(proc, route);
            // A route whose out[N] is not wired anywhere echoes the request, as an unconnected port does.
            if (!target) return payload;
            // find-my-way's params object has a null prototype; a plain copy is what JS snippets and CEL expect.
            return target.send({ ...payload, params: { ...found.params } }, proc);
          }
          const allow = allowed(path);
          if (allow.length === 0) return error.send({ status: 404, body: 'Not Found', header: {} }, proc);
          const header = { Allow: ['OPTIONS', ...allow].join(', ') };
          if (method === 'OPTIONS') return error.send({ status: 204, body: null, header }, proc);
          return error.send({ status: 405, body: 'Method Not Allowed', header }, proc);
        },
      },
    };
  },
});

const METHOD_SET = new Set(METHODS);
