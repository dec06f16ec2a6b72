import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { http, listenerYaml, ROOT, start, tempDir } from '../support/flowc.ts';

/** A listener answered by the snippet `answer`; `hook`, when given, is a snippet the answer's `init` port runs. */
const spec = (answer: string, hook?: string): string => `${listenerYaml('answer')}
- kind: snippet
  name: answer
  language: javascript
  code: |
${answer.split('\n').map((line) => `    ${line}`).join('\n')}
${hook === undefined ? '' : `  ports:
    init: [{ name: seed, port: in }]
- kind: snippet
  name: seed
  language: javascript
  code: '${hook}'
`}`;

describe('flowc watch --run: a version that never returns', () => {
  it('is abandoned with a diagnostic while the old version keeps answering; SIGTERM still exits', async () => {
    const dir = tempDir();
    const file = join(dir, 'spec.yaml');
    writeFileSync(file, spec('export default () => "v1"'));
    const watcher = await start(join(ROOT, 'cli/bin/flowc.mjs'), ['watch', dir, '--run', '--env', 'PORT=0'], { FLOWC_START_LIMIT_MS: '1000' });
    const hung = (): number => watcher.stderr().split('did not finish starting within 1000 ms').length - 1;
    const waitForHang = (count: number): Promise<void> =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (hung() < count) return;
          watcher.child.stderr!.off('data', check);
          resolve();
        };
        watcher.child.stderr!.on('data', check);
        void watcher.exited.then(() => reject(new Error(`watch exited:\n${watcher.stderr()}`)));
        check();
      });
    try {
      expect((await http(watcher.port, 'GET', '/')).text).toBe('v1');

      // Top-level code that never returns.
      writeFileSync(file, spec('while (true) {}\nexport default () => "v2"'));
      await waitForHang(1);
      // The module is found by pausing the busy thread: the snippet of node `answer`.
      expect(watcher.stderr()).toMatch(/its code kept the thread busy while its bundle was evaluated, in `snippets\/answer_code\.js`; it was abandoned[^\n]*\n[^\n]*still serving [0-9a-f]+/);
      expect((await http(watcher.port, 'GET', '/')).text).toBe('v1');

      // An `init` hook that never returns: the diagnostic names the node and where it is written.
      writeFileSync(file, spec('export default () => "v3"', 'export default () => { while (true) {} }'));
      await waitForHang(2);
      expect(watcher.stderr()).toMatch(/kept the thread busy in node `seed` \([^)]*spec\.yaml:15:3\) while it started \(`init` hooks\), in `snippets\/seed_code\.js`; it was abandoned/);
      expect((await http(watcher.port, 'GET', '/')).text).toBe('v1');

      // A good edit is swapped in.
      const swaps = watcher.stderr().split('] serving ').length;
      writeFileSync(file, spec('export default () => "v4"'));
      await new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (watcher.stderr().split('] serving ').length > swaps) resolve();
        };
        watcher.child.stderr!.on('data', check);
        void watcher.exited.then(() => reject(new Error(watcher.stderr())));
      });
      expect((await http(watcher.port, 'GET', '/')).text).toBe('v4');
    } finally {
      watcher.child.kill('SIGTERM');
    }
    expect(await watcher.exited).toBe(0);
    expect(watcher.stderr()).not.toMatch(/\n\s+at /);
  });
});
