import type { Deployed } from './runner.ts';

export function hotLog(scope: string, message: string): void {
  process.stderr.write(`[${scope} ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

/** One line per swap: which version serves now and what the swap cost. */
export function describeSwap(deployed: Deployed, compileMs: number): string {
  const ms = (n: number): number => Math.round(n);
  return `serving ${deployed.hash} (rebuild ${ms(compileMs + deployed.bundleMs)} ms: compile ${ms(compileMs)} ms, bundle ${ms(deployed.bundleMs)} ms; swap ${ms(deployed.startMs)} ms; old version drained in ${ms(deployed.drainMs)} ms)`;
}
