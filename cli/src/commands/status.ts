import { resolveStore } from '../store/config.ts';
import { openStore } from '@flowc/runtime/store/open';
import type { Instance, Store } from '@flowc/runtime/store/types';
import { HEARTBEAT_MS } from './run-store.ts';

export interface StatusFlags {
  readonly store?: string;
  readonly namespace?: string;
  readonly format: 'text' | 'json';
}

/** An instance that missed three heartbeats is reported as stale (killed without a chance to say so). */
const STALE_MS = 3 * HEARTBEAT_MS;

/**
 * `flowc status`: the instances serving a namespace from the store and the program hash each serves.
 * Exit 0 when every live instance serves the same hash (converged), 1 otherwise.
 */
export async function statusCommand(flags: StatusFlags): Promise<number> {
  const store = openStore((await resolveStore(flags.store)).url);
  try {
    return await report(store, flags);
  } catch (error) {
    process.stderr.write(`flowc: ${(error as Error).message}\n`);
    return 2;
  } finally {
    await store.close();
  }
}

async function report(store: Store, flags: StatusFlags): Promise<number> {
  const now = Date.now();
  const instances = (await store.instances(flags.namespace)).map((i) => ({ ...i, stale: now - Date.parse(i.updatedAt) > STALE_MS }));
  const live = instances.filter((i) => !i.stale);
  const versionOf = (i: Instance): string => (i.state === 'serving' ? i.hash : `failed:${i.hash}`);
  const hashes = [...new Set(live.map(versionOf))];
  const converged = live.length > 0 && hashes.length === 1 && live.every((i) => i.state === 'serving');
  if (flags.format === 'json') {
    process.stdout.write(`${JSON.stringify({ converged, instances }, null, 2)}\n`);
  } else {
    process.stdout.write(table(instances, now));
    process.stdout.write(
      live.length === 0
        ? 'no live instance\n'
        : converged
          ? `converged: ${live.length} instance(s) serving ${live[0]!.hash}\n`
          : `not converged: ${hashes.map((h) => `${h} ×${live.filter((i) => versionOf(i) === h).length}`).join(', ')}\n`,
    );
  }
  return converged ? 0 : 1;
}

function table(instances: ReadonlyArray<Instance & { stale: boolean }>, now: number): string {
  const rows = [
    ['INSTANCE', 'NAMESPACE', 'HOST', 'PID', 'STATE', 'HASH', 'SEEN'],
    ...instances.map((i) => [i.id, i.namespace, i.host, String(i.pid), i.stale ? 'stale' : i.state, i.hash || '-', `${Math.round((now - Date.parse(i.updatedAt)) / 1000)}s ago`]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
  const failed = instances.filter((i) => i.state === 'failed' && i.message).map((i) => `  ${i.id}: ${i.message}`);
  return `${lines.join('\n')}\n${failed.length ? `${failed.join('\n')}\n` : ''}`;
}
