import { implement } from '../core/kind.ts';
import { isError, toError } from '../core/packet.ts';
import { Process } from '../core/process.ts';
import { acquire } from '../core/resources.ts';
import type { Lease } from '../core/services.ts';
import { storeResource } from '../store/open.ts';
import type { ChangeEvent, Store, Watcher } from '../store/types.ts';
import { storeUrl } from '../store/url.ts';
import definition from '../kinds/signal.ts';

/**
 * Emits `{op, id}` on `out` for every change of one store topic (`store`, `swap` or `delete`), each in
 * a new root process that ends with the answer's error, if any. Listens while the program runs,
 * including to changes made by other processes.
 */
export default implement(definition, {
  create({ name, fields, out, host }) {
    const output = out('out');
    const url = storeUrl(fields.store);
    let watcher: Watcher | undefined;
    let lease: Lease<Store> | undefined;

    const emit = (event: ChangeEvent): void => {
      const proc = new Process();
      let answer: unknown;
      try {
        answer = output.send({ op: event.op, id: event.id }, proc);
      } catch (thrown) {
        answer = toError(thrown);
      }
      void Promise.resolve(answer)
        .catch(toError)
        .then(async (settled) => {
          await proc.join();
          await proc.exit(isError(settled) ? settled : undefined);
          if (isError(settled)) host.log('warn', `signal \`${name}\`: ${event.op} ${event.id}: ${settled.message}`);
        });
    };

    return {
      inputs: {},
      async load() {
        lease = await acquire(host, `store:${url}`, storeResource(url));
        watcher = await lease.value.watch(emit, { type: fields.topic, ...(fields.namespace ? { namespace: fields.namespace } : {}) });
      },
      async unload() {
        await watcher?.close();
        watcher = undefined;
        const held = lease;
        lease = undefined;
        await held?.release();
      },
    };
  },
});
