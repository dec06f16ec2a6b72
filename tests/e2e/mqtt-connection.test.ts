// MQTT credentials (extensions/mqtt): a broker that refuses them stops the program at start, naming the node and
// the reason — against a Mosquitto of the test's own that wants a password (the shared one at 127.0.0.1:1883
// takes anyone).
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWithExtensions, freePort, logged, stop } from '../support/brokers.ts';
import { start, tempDir } from '../support/flowc.ts';

/** A Mosquitto on a port of its own that takes only user `flowc`, password `secret`; resolves once it listens. */
async function brokerWithPassword(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = tempDir();
  const passwords = join(dir, 'passwords');
  execFileSync('mosquitto_passwd', ['-b', '-c', passwords, 'flowc', 'secret'], { stdio: 'ignore' });
  // Started as root, Mosquitto drops to its own user, which must be able to read the file.
  chmodSync(dir, 0o755);
  chmodSync(passwords, 0o644);
  const port = await freePort();
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(config, `listener ${port} 127.0.0.1\nallow_anonymous false\npassword_file ${passwords}\npersistence false\nlog_dest stderr\nlog_type all\n`);
  const child = spawn('mosquitto', ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes(`listen socket on port ${port}`)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`mosquitto exited (${code}): ${err}`)));
  });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

describe('mqtt connections', () => {
  it('refused credentials stop the program at start, naming the node, for a subscription and for a publisher', async () => {
    const broker = await brokerWithPassword();
    try {
      const subscriber = buildWithExtensions(
        `
- kind: mqtt-subscribe
  name: sensors
  url: '{{ .URL }}'
  topic: sensors/+/temperature
  username: flowc
  password: '{{ .PASSWORD }}'
`,
        ['mqtt'],
      );
      const publisher = buildWithExtensions(
        `
- kind: mqtt-publish
  name: alerts
  url: '{{ .URL }}'
  topic: alerts
  username: flowc
  password: '{{ .PASSWORD }}'
`,
        ['mqtt'],
      );
      for (const [bundle, node] of [
        [subscriber, 'sensors'],
        [publisher, 'alerts'],
      ] as const) {
        const app = await start(bundle, [], { URL: broker.url, PASSWORD: 'wrong' }, false);
        expect(await app.exited).toBe(1);
        expect(app.stderr()).toMatch(new RegExp(`node \`${node}\` \\(.*spec\\.yaml:\\d+:\\d+\\):.*(Bad User Name or Password|Not authorized)`, 'i'));
        expect(app.stderr()).not.toMatch(/\n\s+at /);
        expect(app.stderr()).not.toContain('wrong');
      }
      // The right password connects: the refusal above was the credentials'.
      const app = await start(subscriber, [], { URL: broker.url, PASSWORD: 'secret' }, false);
      await logged(app, () => app.stderr().includes('subscribed') || app.stderr().includes('consuming'));
      expect(await stop(app)).toBe(0);
    } finally {
      await broker.stop();
    }
  }, 60_000);
});
