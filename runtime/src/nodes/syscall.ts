import { implement } from '../core/kind.ts';
import { FlowError } from '../core/packet.ts';
import { acquire } from '../core/resources.ts';
import type { Lease } from '../core/services.ts';
import { storeResource } from '../store/open.ts';
import { isMap, validateFilter } from '../store/resource.ts';
import type { Operation } from '../store/resource-types.ts';
import { StoreError, type Resource, type ResourceType, type Store } from '../store/types.ts';
import { storeUrl } from '../store/url.ts';
import definition from '../kinds/syscall.ts';

export { OPCODES } from '../store/resource-types.ts';

/**
 * Calls a store operation with the packet and answers with its result (a list of resources). Store
 * errors go to `error` as error payloads whose `data.code` says what went wrong (`INVALID`,
 * `DUPLICATE`, `NOT_FOUND`, `REFUSED`, `UNAVAILABLE`), so a flow can answer 400 or 404 instead of 500.
 */
export default implement(definition, {
  create({ fields, out, host }) {
    const output = out('out');
    const error = out('error');
    const url = storeUrl(fields.store);
    const [type, operation] = fields.opcode.split('.') as [ResourceType, Operation];
    let lease: Lease<Store> | undefined;
    return {
      inputs: {
        in(payload, proc) {
          let result: Promise<Resource[]>;
          try {
            if (!lease) throw new StoreError('UNAVAILABLE', 'the store is not open (the node is not loaded)');
            result = call(lease.value, type, operation, payload);
          } catch (problem) {
            return error.send(asFlowError(problem), proc);
          }
          return result.then(
            (resources) => output.send(resources, proc),
            (problem: unknown) => error.send(asFlowError(problem), proc),
          );
        },
      },
      async load() {
        lease = await acquire(host, `store:${url}`, storeResource(url));
      },
      async unload() {
        const held = lease;
        lease = undefined;
        await held?.release();
      },
    };
  },
});

/**
 * - `create`: a resource or a list of them (every element is created, §9.16) → the created list;
 * - `read`: null/`{}` (everything), a filter `{id?, namespace?, name?}` or a list of filters → the matches;
 * - `update`: a merge patch or a list of them, each naming an `id` or a `name` → the patched list;
 * - `delete`: a filter or a list of filters, each naming an `id` or a `name` → what was deleted.
 */
export function call(store: Store, type: ResourceType, operation: Operation, payload: unknown): Promise<Resource[]> {
  switch (operation) {
    case 'create':
      return store.apply(type, resources(payload, 'create'), { mode: 'create' }).then((applied) => applied.map((a) => a.resource));
    case 'update':
      return store.apply(type, resources(payload, 'update'), { mode: 'patch' }).then((applied) => applied.map((a) => a.resource));
    case 'read':
      return store.list(type, list(payload).map((f, i) => validateFilter(f, `filter ${i + 1}`)));
    case 'delete':
      return store.delete(type, { filters: list(payload).map((f, i) => validateFilter(f, `filter ${i + 1}`)) });
  }
}

function list(payload: unknown): unknown[] {
  if (payload === null || payload === undefined) return [];
  return Array.isArray(payload) ? payload : [payload];
}

function resources(payload: unknown, operation: string): Array<Record<string, unknown>> {
  const items = list(payload);
  if (items.length === 0) throw new StoreError('INVALID', `${operation} needs a resource or a list of resources`);
  items.forEach((item, i) => {
    if (!isMap(item)) throw new StoreError('INVALID', `entry ${i + 1}: a resource must be a map`);
  });
  return items as Array<Record<string, unknown>>;
}

function asFlowError(problem: unknown): FlowError {
  if (problem instanceof StoreError) return new FlowError(problem.message, { cause: problem, data: { code: problem.code } });
  if (problem instanceof FlowError) return problem;
  return new FlowError(problem instanceof Error ? problem.message : String(problem), { cause: problem, data: { code: 'UNAVAILABLE' } });
}
