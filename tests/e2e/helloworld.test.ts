import { describe, expect, it } from 'vitest';
import { buildExample, start } from '../support/flowc.ts';

/** Acceptance cases H1–H3 of the uniflow reference (§7.2). */
describe('examples/helloworld.yaml bundle', () => {
  const bundle = buildExample('examples/helloworld.yaml');

  for (const [label, signal, args] of [
    ['H1/H2 SIGINT', 'SIGINT', []],
    ['H2 SIGTERM', 'SIGTERM', []],
    ['H3 with --env X=1', 'SIGTERM', ['--env', 'X=1']],
  ] as const) {
    it(`${label}: prints Hello once on start, Good, Bye on stop, exits 0`, async () => {
      const run = await start(bundle, args, {}, false);
      await run.waitForStdout('Hello, World!\n');
      run.child.kill(signal);
      expect(await run.exited).toBe(0);
      expect(run.stdout()).toBe('Hello, World!\nGood, Bye!\n');
    });
  }
});
