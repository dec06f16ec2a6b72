import { describe, expect, it } from 'vitest';
import { preflight, StartHung } from './preflight.ts';

/** A CommonJS bundle as the worker evaluates it: `top` runs at evaluation, `start` is the program's start. */
const bundle = (top: string, start: string, nodes = '[]'): string => `${top}\nmodule.exports.default = { nodes: ${nodes}, start: ${start} };`;
const LIMIT = 300;

describe('preflight', () => {
  it('lets a version through that evaluates and starts', async () => {
    await expect(preflight(bundle('', 'async () => ({})'), '/tmp/ok.cjs', {}, undefined, LIMIT)).resolves.toBeUndefined();
  });

  it('shows nothing the version writes: its output is the real start’s', async () => {
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      await preflight(bundle('console.log("from the preflight"); process.stdout.write("raw\\n");', 'async () => ({})'), '/tmp/quiet.cjs', {}, undefined, LIMIT);
    } finally {
      process.stdout.write = write;
    }
    expect(written.join('')).not.toMatch(/from the preflight|raw/);
  });

  it('lets a version through whose start fails or whose bundle throws: the real start reports those', async () => {
    await expect(preflight(bundle('', 'async () => { throw new Error("no") }'), '/tmp/fails.cjs', {}, undefined, LIMIT)).resolves.toBeUndefined();
    await expect(preflight('throw new Error("broken")', '/tmp/throws.cjs', {}, undefined, LIMIT)).resolves.toBeUndefined();
  });

  it('abandons a version whose top-level code never returns', async () => {
    const checking = preflight(bundle('while (true) {}', 'async () => ({})'), '/tmp/top.cjs', {}, undefined, LIMIT);
    await expect(checking).rejects.toBeInstanceOf(StartHung);
    await expect(checking).rejects.toThrow(`the new version did not finish starting within ${LIMIT} ms: its code kept the thread busy while its bundle was evaluated`);
  });

  it('names the module of the bundle the busy thread is in (esbuild writes a comment before each)', async () => {
    const top = '// runtime/src/nodes/nop.ts\nvar ready = true;\n// flowc-code:./snippets/spin_code.js\nvar n = 0;\nwhile (ready) { n++; }';
    await expect(preflight(bundle(top, 'async () => ({})'), '/tmp/where.cjs', {}, undefined, LIMIT)).rejects.toThrow(
      /kept the thread busy while its bundle was evaluated, in `snippets\/spin_code\.js`; it was abandoned/,
    );
  });

  it('names the node a packet last entered when the start never returns', async () => {
    const start = 'async (host, options) => { options.trace("seed", "in", "in", {}, {}); while (true) {} }';
    await expect(preflight(bundle('', start, '[{ name: "seed", loc: "spec.yaml:12:3" }]'), '/tmp/init.cjs', {}, undefined, LIMIT)).rejects.toThrow(
      /busy in node `seed` \(spec\.yaml:12:3\) while it started/,
    );
  });

  it('does not count waiting as hanging: a start awaiting I/O longer than the limit is let through', async () => {
    await expect(preflight(bundle('', '() => new Promise((resolve) => setTimeout(resolve, 1500))'), '/tmp/slow.cjs', {}, undefined, 1000)).resolves.toBeUndefined();
  });

  it('is skipped with a limit of 0 (FLOWC_START_LIMIT_MS=0)', async () => {
    await expect(preflight(bundle('while (true) {}', 'async () => ({})'), '/tmp/off.cjs', {}, undefined, 0)).resolves.toBeUndefined();
  });

  it('gives up at once when stopping, however long the limit', async () => {
    const stopping = new AbortController();
    const checking = preflight(bundle('while (true) {}', 'async () => ({})'), '/tmp/stop.cjs', {}, stopping.signal, 60_000);
    stopping.abort(new Error('abandoned: the server is stopping'));
    await expect(checking).rejects.toThrow('abandoned: the server is stopping');
  });
});
