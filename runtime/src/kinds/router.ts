import { Type } from '@sinclair/typebox';
import { HTTP_METHODS } from '../core/http-methods.ts';
import { defineKind, type FieldProblem } from '../core/kind.ts';
import { enumOf } from '../core/schema.ts';

/** Routes HTTP payloads by method and path: static beats parameter beats catch-all. */
export default defineKind({
  kind: 'router',
  description: 'Routes HTTP request payloads to out[N] by method and path; answers 404, 405 and OPTIONS itself.',
  schema: Type.Object({
    routes: Type.Array(
      Type.Object({
        method: enumOf(HTTP_METHODS, { description: 'the request method this route answers' }),
        path: Type.String({ description: 'path pattern: `/users/:id` (a parameter), `*` (catch-all), `\\:` for a literal colon' }),
        port: Type.String({ pattern: '^out(\\[\\d+\\])?$', description: 'where matching requests go: `out` or `out[N]`' }),
      }),
      { description: 'the routes; a static segment beats a parameter, which beats a catch-all' },
    ),
  }),
  inputs: { in: {} },
  outputs: { out: { indexed: true }, error: {} },
  implementation: '@flowc/runtime/nodes/router',
  check: (fields, wiring) => routeProblems(fields, wiring.outputs),
});

/**
 * What would stop the router at start or leave a route answering nothing, found at build time without
 * loading the router library: a catch-all `*` that does not end its path (find-my-way refuses it), and
 * a route to an out-port the node does not connect.
 */
function routeProblems(fields: Record<string, unknown>, wired: ReadonlySet<string>): FieldProblem[] {
  const routes = Array.isArray(fields.routes) ? (fields.routes as Array<Record<string, unknown>>) : [];
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  routes.forEach((route, i) => {
    const path = route.path;
    if (typeof path !== 'string' || path.includes('{{')) return;
    const star = path.indexOf('*');
    const refuse = (reason: string, hint: string): void => {
      problems.push({ path: ['routes', i, 'path'], message: `the router cannot take route ${String(route.method)} \`${path}\`: ${reason}`, hint });
    };
    if (star !== -1 && star !== path.length - 1) {
      refuse('Wildcard must be the last character', '`*` matches the rest of the path and must end it (`/files/*`); match one segment with a parameter (`/files/:name/raw`)');
      return;
    }
    const key = `${String(route.method)} ${path.startsWith('/') ? path : `/${path}`}`;
    if (seen.has(key)) refuse('the method and path are already routed', 'each method and path is routed once: remove or change one of the routes');
    seen.add(key);
  });
  routes.forEach((route, i) => {
    const match = typeof route.port === 'string' ? /^out(?:\[(\d+)\])?$/.exec(route.port) : null;
    if (!match) return;
    const index = Number(match[1] ?? 0);
    if (wired.has(`out[${index}]`)) return;
    problems.push({
      code: 'UNWIRED_PORT',
      path: ['routes', i, 'port'],
      message: `\`routes[${i}]\` sends to \`out[${index}]\`, which this node's \`ports\` does not connect`,
      hint: `add \`out[${index}]:\` with a target under \`ports\`, or send the route to a connected port`,
    });
  });
  return problems;
}
