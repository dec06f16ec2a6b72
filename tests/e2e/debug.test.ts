import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { build } from '@flowc/compiler';
import { CLI, http, pingYaml, start, tempDir, type Started } from '../support/flowc.ts';

const spec = pingYaml;

/** The prompt of a `--debug` process, driven through its stdin pipe. */
function prompt(s: Started): { send(line: string, expect: string): Promise<string>; wait(text: string): Promise<string> } {
  let mark = 0;
  const wait = (text: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const seen = s.stdout().slice(mark);
        const at = seen.indexOf(text);
        if (at < 0) return;
        s.child.stdout!.off('data', check);
        const next = seen.indexOf('(debug) ', at + text.length);
        const end = next < 0 ? seen.length : next;
        mark += end;
        resolve(seen.slice(0, end));
      };
      s.child.stdout!.on('data', check);
      void s.exited.then(() => reject(new Error(`exited before printing ${JSON.stringify(text)}:\n${s.stdout()}\n${s.stderr()}`)));
      check();
    });
  return {
    wait,
    send: (line, expected) => {
      s.child.stdin!.write(`${line}\n`);
      return wait(expected);
    },
  };
}

describe('flowc run --debug', () => {
  it('holds a request at a breakpoint, shows its frame, and answers on continue; step goes port by port', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.yaml'), spec('pong'));
    const s = await start(CLI, ['run', join(dir, 'app.yaml'), '--debug', '--env', 'PORT=0'], {}, true, dir, 'pipe');
    onTestFinished(() => void s.child.kill('SIGKILL'));
    const debug = prompt(s);
    await debug.wait('(debug) ');
    expect(await debug.send('break pong in', 'breakpoint 1')).toContain('breakpoint 1: node pong, port in');

    let answered = false;
    const request = http(s.port, 'GET', '/ping?who=ada').then((r) => {
      answered = true;
      return r;
    });
    const stop = await debug.wait('breakpoint 1: pong in (in)');
    expect(stop).toMatch(/breakpoint 1: pong in \(in\) at .*app\.yaml:14:3, process \d+/);
    expect(answered).toBe(false);

    const frame = await debug.send('frame', 'elapsed:');
    expect(frame).toContain('node: pong');
    expect(frame).toContain('port: in');
    expect(frame).toMatch(/location: .*app\.yaml:14:3/);
    expect(frame).toContain('method: GET');
    expect(frame).toMatch(/who:\s+- ada/);
    expect(frame).not.toContain('output:');
    expect(frame).toContain('elapsed: in flight');
    // The listener's out-port and the router's in-port were passed first, in the same process.
    const frames = await debug.send('frms', 'pong');
    expect(frames).toMatch(/\d+\s+l\s+out \(out\)/);
    expect(frames).toMatch(/routes\s+in \(in\)/);
    expect(await debug.send('procs', 'id')).toMatch(/\n\d+\s+0\s+\d+/);

    expect(await debug.send('c', 'continued')).toBeTruthy();
    const answer = await request;
    expect(answer.text).toBe('pong');

    // A condition that never holds lets requests through.
    await debug.send('d 1', 'deleted breakpoint 1');
    await debug.send('b pong in if self.path == "/never"', 'breakpoint 2');
    expect((await http(s.port, 'GET', '/ping')).text).toBe('pong');
    expect(await debug.send('bps', 'self.path')).toMatch(/2\s+pong\s+in\s+self\.path == "\/never"/);

    // step: from the router's in-port to the next port the same process reaches.
    await debug.send('d 2', 'deleted breakpoint 2');
    await debug.send('break routes in', 'breakpoint 3');
    const stepped = http(s.port, 'GET', '/ping');
    await debug.wait('breakpoint 3: routes in (in)');
    expect(await debug.send('step', 'step: ')).toContain('step: routes out[0] (out)');
    expect(await debug.send('s', 'step: ')).toContain('step: pong in (in)');
    await debug.send('d 3', 'deleted breakpoint 3');
    await debug.send('c', 'continued');
    expect((await stepped).text).toBe('pong');

    s.child.stdin!.write('quit\n');
    expect(await s.exited).toBe(0);
  });

  it('keeps breakpoints by node name across hot swaps (flowc watch --run --debug)', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.yaml');
    writeFileSync(file, spec('one'));
    const s = await start(CLI, ['watch', dir, '--run', '--debug', '--env', 'PORT=0'], {}, true, dir, 'pipe');
    onTestFinished(() => void s.child.kill('SIGKILL'));
    const debug = prompt(s);
    await debug.send('break pong', 'breakpoint 1');
    const first = http(s.port, 'GET', '/ping');
    await debug.wait('breakpoint 1: pong in (in)');
    await debug.send('continue', 'continued');
    expect((await first).text).toBe('one');

    writeFileSync(file, spec('two'));
    await s.waitForStderr('serving');
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (s.stderr().split('] serving ').length - 1 >= 2) {
          s.child.stderr!.off('data', check);
          resolve();
        }
      };
      s.child.stderr!.on('data', check);
      check();
    });
    const second = http(s.port, 'GET', '/ping');
    await debug.wait('breakpoint 1: pong in (in)');
    await debug.send('continue', 'continued');
    expect((await second).text).toBe('two');
    s.child.stdin!.write('quit\n');
    expect(await s.exited).toBe(0);
  });
});

describe('debug builds', () => {
  it('only a debug build holds the debugger and per-packet hooks', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.yaml'), spec('pong'));
    const [plain, debug] = await Promise.all([build({ inputs: [join(dir, 'app.yaml')], cwd: dir }), build({ inputs: [join(dir, 'app.yaml')], cwd: dir, debug: true })]);
    const plainCode = plain.outputs[0]!.code;
    const debugCode = debug.outputs[0]!.code;
    for (const mark of ['DebugProgram', 'flowc.debugger', 'agent.enter(']) {
      expect(plainCode).not.toContain(mark);
      expect(debugCode).toContain(mark);
    }
    expect(plain.outputs[0]!.hash).not.toBe(debug.outputs[0]!.hash);
  });
});
