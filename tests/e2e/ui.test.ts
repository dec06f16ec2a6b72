import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { CLI, http, pingYaml, start, tempDir } from '../support/flowc.ts';

/** Debian's Chromium (`.ci/run` installs it); never a downloaded browser. */
const executablePath = execFileSync('sh', ['-c', 'command -v chromium || true'], { encoding: 'utf8' }).trim();

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!executablePath)('flowc watch --run --ui', () => {
  it('shows the graph live: nodes, counters that rise under traffic, a clicked node, a swap redrawn', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.yaml');
    writeFileSync(file, pingYaml('pong'));
    const s = await start(CLI, ['watch', dir, '--run', '--ui', '127.0.0.1:0', '--env', 'PORT=0'], {}, true, dir);
    // A failed assertion must not leave the watcher serving.
    onTestFinished(() => void s.child.kill('SIGKILL'));
    await s.waitForStderr('live view: ');
    const url = /live view: (\S+)/.exec(s.stderr())![1]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForSelector('g.node[data-key="pong"]');
    const keys = await page.$$eval('g.node[data-key]:not([data-role])', (gs) => gs.map((g) => g.getAttribute('data-key')).sort());
    expect(keys).toEqual(['l', 'pong', 'routes']);

    for (let i = 0; i < 5; i++) expect((await http(s.port, 'GET', '/ping')).text).toBe('pong');
    await page.waitForFunction(`Number(document.querySelector('g.node[data-key="pong"]')?.getAttribute('data-packets') ?? 0) >= 5`);
    expect(await page.textContent('g.node[data-key="pong"] text.stats')).toMatch(/^5 pkts · [\d.]+ ms · 0 err$/);
    expect(await page.locator('text.rate').count()).toBeGreaterThan(0);

    await page.click('g.node[data-key="pong"]');
    await page.waitForSelector('#detail .location');
    expect(await page.textContent('#detail .location')).toMatch(/^snippet at .*app\.yaml:14:3$/);
    expect(await page.textContent('#detail .spec')).toContain('"code": "pong"');
    expect(await page.textContent('#detail .frames')).toContain('"direction":"in"');

    // A swap: a new node; the page redraws and marks it, and only it.
    writeFileSync(file, `${pingYaml('pong')}- { kind: snippet, name: extra, language: text, code: x }\n`);
    await page.waitForSelector('g.node.changed[data-key="extra"]');
    expect(await page.$$eval('g.node.changed', (gs) => gs.map((g) => g.getAttribute('data-key')))).toEqual(['extra']);
    expect(Number(await page.getAttribute('body', 'data-draws'))).toBeGreaterThanOrEqual(2);
    expect(await page.textContent('#status')).toContain('4 node(s), redrawn after a swap');
    await page.close();
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });
});
