import { openStore, storeStatus, type InstanceStatus } from '@flowc/compiler';

export interface StatusFlags {
  readonly store?: string;
  readonly namespace?: string;
  readonly format: 'text' | 'json';
}

/**
 * `flowc status`: the instances serving a namespace from the store and the program hash each serves.
 * Exit 0 when every live instance serves the same hash (converged), 1 otherwise.
 */
export async function statusCommand(flags: StatusFlags): Promise<number> {
  let opened;
  try {
    opened = await openStore({ ...(flags.store ? { store: flags.store } : {}) });
  } catch (error) {
    process.stderr.write(`flowc: ${(error as Error).message}\n`);
    return 2;
  }
  try {
    const status = await storeStatus(opened.store, flags.namespace);
    if (flags.format === 'json') {
      process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      return status.converged ? 0 : 1;
    }
    const now = Date.now();
    const live = status.instances.filter((i) => !i.stale);
    const versionOf = (i: InstanceStatus): string => (i.state === 'serving' ? i.hash : `failed:${i.hash}`);
    const hashes = [...new Set(live.map(versionOf))];
    process.stdout.write(table(status.instances, now));
    process.stdout.write(
      live.length === 0
        ? 'no live instance\n'
        : status.converged
          ? `converged: ${live.length} instance(s) serving ${live[0]!.hash}\n`
          : `not converged: ${hashes.map((h) => `${h} ×${live.filter((i) => versionOf(i) === h).length}`).join(', ')}\n`,
    );
    return status.converged ? 0 : 1;
  } catch (error) {
    process.stderr.write(`flowc: ${(error as Error).message}\n`);
    return 2;
  } finally {
    await opened.store.close();
  }
}

function table(instances: readonly InstanceStatus[], now: number): string {
  const rows = [
    ['INSTANCE', 'NAMESPACE', 'HOST', 'PID', 'STATE', 'HASH', 'SEEN'],
    ...instances.map((i) => [i.id, i.namespace, i.host, String(i.pid), i.stale ? 'stale' : i.state, i.hash || '-', `${Math.round((now - Date.parse(i.updatedAt)) / 1000)}s ago`]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
  const failed = instances.filter((i) => i.state === 'failed' && i.message).map((i) => `  ${i.id}: ${i.message}`);
  return `${lines.join('\n')}\n${failed.length ? `${failed.join('\n')}\n` : ''}`;
}
