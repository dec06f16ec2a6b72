import FindMyWay from 'find-my-way';
import { METHODS } from 'node:http';
import { defineKind, type FieldProblem } from '../core/kind.ts';
import type { OutPort } from '../core/port.ts';

interface Route {
  method: string;
  path: string;
  port: string;
}

interface RouterFields {
  routes: Route[];
}

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

/** Routes HTTP payloads by method and path: static beats parameter beats catch-all. */
export const router = defineKind<RouterFields>({
  kind: 'router',
  description: 'Routes HTTP request payloads to out[N] by method and path; answers 404, 405 and OPTIONS itself.',
  schema: {
    type: 'object',
    properties: {
      routes: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            method: { enum: [...METHODS] },
            path: { type: 'string' },
            port: { type: 'string', pattern: '^out(\\[\\d+\\])?$' },
          },
          required: ['method', 'path', 'port'],
        },
      },
    },
    required: ['routes'],
  },
  inputs: { in: {} },
  outputs: { out: { indexed: true }, error: {} },
  check: (fields, wiring) => routeProblems(fields, wiring.outputs),
  create({ fields, indexed, out }) {
    const ports = indexed('out');
    const error = out('error');
    const table = FindMyWay<never>({ caseSensitive: true, ignoreTrailingSlash: false });
    const methods: string[] = [];
    for (const route of fields.routes) {
      const target: OutPort | undefined = ports[routePortIndex(route.port) ?? -1];
      table.on(route.method as never, normalizeRoutePath(route.path), () => undefined, { target });
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
          const path = NEEDS_ENCODING.test(raw) ? encodeURI(raw) : raw;
          const found = METHOD_SET.has(method) ? table.find(method as never, path) : null;
          if (found) {
            const target = (found.store as { target?: OutPort }).target;
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
export default router;

const METHOD_SET = new Set(METHODS);

/**
 * What would stop the router at start, found at build time: a path find-my-way refuses (registered in a
 * throwaway table, exactly as create() does), and a route to an out-port the node does not connect.
 */
function routeProblems(fields: Record<string, unknown>, wired: ReadonlySet<string>): FieldProblem[] {
  const routes = Array.isArray(fields.routes) ? (fields.routes as Array<Partial<Record<keyof Route, unknown>>>) : [];
  const table = FindMyWay<never>({ caseSensitive: true, ignoreTrailingSlash: false });
  const problems: FieldProblem[] = [];
  routes.forEach((route, i) => {
    if (typeof route.method !== 'string' || typeof route.path !== 'string' || route.path.includes('{{')) return;
    try {
      table.on(route.method as never, normalizeRoutePath(route.path), () => undefined);
    } catch (error) {
      const wildcard = /Wildcard must be the last/.test((error as Error).message);
      problems.push({
        path: ['routes', i, 'path'],
        message: `the router cannot take route ${route.method} \`${route.path}\`: ${(error as Error).message}`,
        hint: wildcard
          ? '`*` matches the rest of the path and must end it (`/files/*`); match one segment with a parameter (`/files/:name/raw`)'
          : 'write paths as `/static`, `/:param`, `/:param(regex)` or `/prefix/*`, each method and path once',
      });
    }
  });
  routes.forEach((route, i) => {
    const index = typeof route.port === 'string' ? routePortIndex(route.port) : undefined;
    if (index === undefined || wired.has(`out[${index}]`)) return;
    problems.push({
      code: 'UNWIRED_PORT',
      path: ['routes', i, 'port'],
      message: `\`routes[${i}]\` sends to \`out[${index}]\`, which this node's \`ports\` does not connect`,
      hint: `add \`out[${index}]:\` with a target under \`ports\`, or send the route to a connected port`,
    });
  });
  return problems;
}
