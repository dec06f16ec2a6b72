import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, http, pingYaml, tempDir } from '../support/flowc.ts';

/**
 * The terminal debugger in a real terminal: `flowc run --debug` inside a detached tmux session, driven
 * with `send-keys` and read with `capture-pane`, as a user at the prompt would see it. Each test has its
 * own tmux server (`-L`), so it never touches a user's sessions.
 */
const HAS_TMUX = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
if (!HAS_TMUX) console.warn('debug-tmux.test.ts: skipped, tmux is not installed (apt-get install tmux; .ci/run installs it)');

const DEADLINE_MS = 20_000;
const POLL_MS = 50;

interface Terminal {
  /** Types a line and presses Enter. */
  type(line: string): void;
  /** The whole pane, history included, wrapped lines joined. */
  screen(): string;
  /** Polls the pane until `test` holds on it (or the deadline passes) and returns the pane. */
  waitFor(what: string, test: (screen: string) => boolean): Promise<string>;
  /** The pane's program has exited: its status. */
  exitStatus(): number | undefined;
}

let sessions: Array<{ socket: string; name: string }> = [];

afterEach(() => {
  for (const { socket, name } of sessions) {
    spawnSync('tmux', ['-L', socket, 'kill-session', '-t', name]);
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    // tmux leaves its socket file behind.
    rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
  }
  sessions = [];
});

function terminal(cwd: string, command: readonly string[]): Terminal {
  const unique = `flowc-${process.pid}-${Date.now().toString(36)}-${sessions.length}`;
  const session = { socket: unique, name: unique };
  sessions.push(session);
  const tmux = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const r = spawnSync('tmux', ['-L', session.socket, ...args], { encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const started = tmux('-f', '/dev/null', 'new-session', '-d', '-s', session.name, '-x', '200', '-y', '50', '-c', cwd, ...command);
  if (started.status !== 0) throw new Error(`tmux new-session failed: ${started.stderr}`);
  // Keep the pane after the program exits, so that its last screen and exit status can be read.
  tmux('set-option', '-t', session.name, 'remain-on-exit', 'on');
  const screen = (): string => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', session.name).stdout;
  return {
    type(line) {
      tmux('send-keys', '-t', session.name, '-l', line);
      tmux('send-keys', '-t', session.name, 'Enter');
    },
    screen,
    waitFor(what, test) {
      const deadline = Date.now() + DEADLINE_MS;
      return new Promise((resolve, reject) => {
        const poll = (): void => {
          const seen = screen();
          if (test(seen)) return resolve(seen);
          if (Date.now() > deadline) return reject(new Error(`the terminal never showed ${what}; screen:\n${seen}`));
          setTimeout(poll, POLL_MS);
        };
        poll();
      });
    },
    exitStatus() {
      const [dead, status] = tmux('display-message', '-p', '-t', session.name, '#{pane_dead} #{pane_dead_status}').stdout.trim().split(' ');
      return dead === '1' ? Number(status) : undefined;
    },
  };
}

describe.skipIf(!HAS_TMUX)(HAS_TMUX ? 'flowc run --debug in a tmux terminal' : 'flowc run --debug in a tmux terminal (skipped: tmux is not installed)', () => {
  it('shows the prompt, holds a request at `break pong in`, shows its frame, answers on `continue`, quits', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.yaml'), pingYaml('pong'));
    const term = terminal(dir, [process.execPath, CLI, 'run', 'app.yaml', '--debug', '--env', 'PORT=0']);

    const ready = await term.waitFor('the prompt and the address', (s) => s.includes('(debug) ') && /serving http:\/\/127\.0\.0\.1:\d+/.test(s));
    const port = Number(/serving http:\/\/127\.0\.0\.1:(\d+)/.exec(ready)![1]);

    term.type('break pong in');
    await term.waitFor('the breakpoint', (s) => s.includes('breakpoint 1: node pong, port in'));

    let answered = false;
    const request = http(port, 'GET', '/ping?who=ada').then((r) => {
      answered = true;
      return r;
    });
    const stopped = await term.waitFor('the stop', (s) => s.includes('breakpoint 1: pong in (in)'));
    expect(stopped).toMatch(/breakpoint 1: pong in \(in\) at .*app\.yaml:14:3, process \d+/);
    expect(answered).toBe(false);

    term.type('frame');
    const frame = await term.waitFor('the frame', (s) => s.includes('elapsed: in flight'));
    const shown = frame.slice(frame.lastIndexOf('(debug) frame'));
    expect(shown).toContain('node: pong');
    expect(shown).toContain('port: in');
    expect(shown).toContain('method: GET');
    expect(shown).toMatch(/who:\s+- ada/);
    expect(answered).toBe(false);

    term.type('continue');
    await term.waitFor('continued', (s) => s.includes('continued'));
    expect((await request).text).toBe('pong');
    // The prompt is back, after the answer.
    await term.waitFor('a new prompt', (s) => s.trimEnd().endsWith('(debug)'));

    term.type('quit');
    await term.waitFor('the program to exit', () => term.exitStatus() !== undefined);
    expect(term.exitStatus()).toBe(0);
  });
});
