import type { HostServices, Lease, ResourceSpec } from './services.ts';

interface Entry {
  readonly value: Promise<unknown>;
  readonly close: (value: never) => void | Promise<void>;
  users: number;
}

/** A ref-counted registry of shared resources: the first lease opens, the last release closes. */
export function createResources(): { acquire: NonNullable<HostServices['acquire']>; closeAll(): Promise<void> } {
  const entries = new Map<string, Entry>();

  const closeEntry = async (key: string, entry: Entry): Promise<void> => {
    if (entries.get(key) === entry) entries.delete(key);
    const value = await entry.value.catch(() => undefined);
    if (value !== undefined) await entry.close(value as never);
  };

  return {
    async acquire<T>(key: string, spec: ResourceSpec<T>): Promise<Lease<T>> {
      let entry = entries.get(key);
      if (!entry) {
        entry = { value: Promise.resolve().then(() => spec.open()), close: spec.close as Entry['close'], users: 0 };
        entries.set(key, entry);
      }
      entry.users++;
      const current = entry;
      let value: T;
      try {
        value = (await current.value) as T;
      } catch (error) {
        // A resource that failed to open is forgotten so that the next start tries again.
        if (--current.users === 0 && entries.get(key) === current) entries.delete(key);
        throw error;
      }
      let released = false;
      return {
        value,
        release: async () => {
          if (released) return;
          released = true;
          if (--current.users === 0) await closeEntry(key, current);
        },
      };
    },
    async closeAll() {
      await Promise.allSettled([...entries].map(([key, entry]) => closeEntry(key, entry)));
    },
  };
}

/** Leases a shared resource from the host, or opens a private one when the host does not share. */
export async function acquire<T>(host: HostServices, key: string, spec: ResourceSpec<T>): Promise<Lease<T>> {
  if (host.acquire) return host.acquire(key, spec);
  const value = await spec.open();
  let released = false;
  return {
    value,
    release: async () => {
      if (released) return;
      released = true;
      await spec.close(value);
    },
  };
}
