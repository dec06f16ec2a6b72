/**
 * What a program needs before it takes traffic, apart from its listeners: a broker consumer connected
 * and subscribed, the store's change stream connected. Each source says whether it is ready now; the
 * health endpoint (`/readyz`) asks them all and names those that are not.
 */
export interface ReadinessRegistry {
  /** Adds a source; the function returned removes it (when its node unloads, when serving stops). */
  add(name: string, ready: () => boolean): () => void;
}

type Phase = 'starting' | 'serving' | 'draining';

/** The registry and the program's phase: ready only while serving and every source is ready. */
export class Readiness implements ReadinessRegistry {
  private phase: Phase = 'starting';
  private readonly sources = new Set<{ readonly name: string; readonly ready: () => boolean }>();

  add(name: string, ready: () => boolean): () => void {
    const source = { name, ready };
    this.sources.add(source);
    return () => void this.sources.delete(source);
  }

  /** Every listener is bound. Once draining, a version swapped in late does not make the program ready again. */
  serving(): void {
    if (this.phase === 'starting') this.phase = 'serving';
  }

  /** The program was told to stop: not ready from now on, before any listener closes. */
  draining(): void {
    this.phase = 'draining';
  }

  /** Why the program is not ready now (empty when it is): its phase, then each source that is not ready. */
  notReady(): string[] {
    if (this.phase === 'draining') return ['draining'];
    const reasons = this.phase === 'starting' ? ['starting'] : [];
    for (const source of this.sources) {
      let ready = false;
      try {
        ready = source.ready();
      } catch {
        // A source that cannot tell is not ready.
      }
      if (!ready) reasons.push(`${source.name} not connected`);
    }
    return reasons;
  }
}
