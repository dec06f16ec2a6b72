import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, http, pingYaml, tempDir } from '../support/flowc.ts';

interface Message {
  readonly type: 'response' | 'event';
  readonly command?: string;
  readonly event?: string;
  readonly request_seq?: number;
  readonly success?: boolean;
  readonly message?: string;
  readonly body?: Record<string, unknown>;
}

/** A minimal DAP client: Content-Length framing over the adapter's stdio. */
class DapClient {
  private seq = 1;
  private buffer = Buffer.alloc(0);
  private readonly seen: Message[] = [];
  private readonly waiters = new Set<() => boolean>();
  stderr = '';

  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) break;
        const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())![1]);
        if (this.buffer.length < end + 4 + length) break;
        this.seen.push(JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString()) as Message);
        this.buffer = this.buffer.subarray(end + 4 + length);
      }
      for (const waiter of [...this.waiters]) if (waiter()) this.waiters.delete(waiter);
    });
    child.stderr!.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
  }

  /** Resolves with the first message (not yet taken) that matches. */
  wait(match: (m: Message) => boolean): Promise<Message> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const at = this.seen.findIndex(match);
        if (at < 0) return false;
        resolve(this.seen.splice(at, 1)[0]!);
        return true;
      };
      if (check()) return;
      this.waiters.add(check);
      this.child.once('exit', () => reject(new Error(`adapter exited; stderr:\n${this.stderr}`)));
    });
  }

  event(name: string): Promise<Message> {
    return this.wait((m) => m.type === 'event' && m.event === name);
  }

  async request(command: string, args: Record<string, unknown> = {}): Promise<Message> {
    const seq = this.seq++;
    const json = JSON.stringify({ seq, type: 'request', command, arguments: args });
    this.child.stdin!.write(`Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
    const response = await this.wait((m) => m.type === 'response' && m.request_seq === seq);
    if (!response.success) throw new Error(`${command} failed: ${response.message}`);
    return response;
  }
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('flowc dap', () => {
  it('stops a request at a breakpoint on a node YAML line, shows stack and payload, logs at a logpoint, continues', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.yaml');
    writeFileSync(file, pingYaml('pong')); // listener 1-7, router 8-13, pong 14-17
    const child = spawn(process.execPath, [CLI, 'dap'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    const dap = new DapClient(child);

    const init = await dap.request('initialize', { adapterID: 'flowc', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    expect(init.body).toMatchObject({ supportsConditionalBreakpoints: true, supportsLogPoints: true });
    await dap.event('initialized');
    await dap.request('launch', { inputs: ['app.yaml'], cwd: dir, env: { PORT: '0' } });
    // The program's log reaches the client as output events (stdout is the protocol's).
    const serving = await dap.wait((m) => m.event === 'output' && /serving https?:/.test(String(m.body!.output)));
    const port = Number(/serving https?:\/\/\S+:(\d+)/.exec(String(serving.body!.output))![1]);

    const set = await dap.request('setBreakpoints', { source: { path: file }, breakpoints: [{ line: 16 }, { line: 10, logMessage: 'routing {self.path}' }, { line: 200 }] });
    const breakpoints = set.body!.breakpoints as Array<{ verified: boolean; line: number }>;
    expect(breakpoints.map((b) => [b.verified, b.line])).toEqual([
      [true, 14],
      [true, 8],
      [true, 14],
    ]);
    await dap.request('configurationDone');

    let answered = false;
    const answer = http(port, 'GET', '/ping').then((r) => ((answered = true), r));
    const logged = await dap.wait((m) => m.event === 'output' && String(m.body!.output).includes('routing'));
    expect(logged.body!.output).toBe('routing /ping\n');
    const stopped = await dap.event('stopped');
    expect(stopped.body).toMatchObject({ reason: 'breakpoint', description: 'pong in (in)' });
    const threadId = stopped.body!.threadId as number;
    expect(answered).toBe(false);

    const threads = await dap.request('threads');
    expect((threads.body!.threads as Array<{ id: number }>).map((t) => t.id)).toContain(threadId);
    const trace = await dap.request('stackTrace', { threadId });
    const frames = trace.body!.stackFrames as Array<{ id: number; name: string; line: number; source: { path: string } }>;
    expect(frames[0]).toMatchObject({ name: 'pong in (in)', line: 14, source: { path: file } });
    expect(frames.map((f) => f.name)).toEqual(['pong in (in)', 'routes out[0] (out)', 'routes in (in)', 'l out (out)']);
    expect(frames[1]).toMatchObject({ line: 8 });

    const scopes = (await dap.request('scopes', { frameId: frames[0]!.id })).body!.scopes as Array<{ name: string; variablesReference: number }>;
    expect(scopes.map((s) => s.name)).toEqual(['Payload', 'Node', 'Process']);
    const payload = (await dap.request('variables', { variablesReference: scopes[0]!.variablesReference })).body!.variables as Array<{ name: string; variablesReference: number }>;
    const input = payload.find((v) => v.name === 'input')!;
    const fields = (await dap.request('variables', { variablesReference: input.variablesReference })).body!.variables as Array<{ name: string; value: string }>;
    expect(fields).toContainEqual(expect.objectContaining({ name: 'method', value: '"GET"' }));
    expect(fields).toContainEqual(expect.objectContaining({ name: 'path', value: '"/ping"' }));
    const node = (await dap.request('variables', { variablesReference: scopes[1]!.variablesReference })).body!.variables as Array<{ name: string; value: string }>;
    expect(node).toContainEqual(expect.objectContaining({ name: 'node', value: '"pong"' }));
    const proc = (await dap.request('variables', { variablesReference: scopes[2]!.variablesReference })).body!.variables as Array<{ name: string; value: string }>;
    expect(proc).toContainEqual(expect.objectContaining({ name: 'id', value: String(threadId) }));

    await dap.request('continue', { threadId });
    expect((await answer).text).toBe('pong');

    // next: from the router's in-port to the next port the same process reaches.
    await dap.request('setBreakpoints', { source: { path: file }, breakpoints: [{ line: 9 }] });
    const stepped = http(port, 'GET', '/ping');
    const atRouter = await dap.event('stopped');
    const routerThread = atRouter.body!.threadId as number;
    expect(atRouter.body!.description).toBe('routes in (in)');
    await dap.request('setBreakpoints', { source: { path: file }, breakpoints: [] });
    await dap.request('next', { threadId: routerThread });
    const next = await dap.event('stopped');
    expect(next.body).toMatchObject({ reason: 'step', description: 'routes out[0] (out)', threadId: routerThread });
    await dap.request('continue', { threadId: routerThread });
    expect((await stepped).text).toBe('pong');

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await dap.request('disconnect');
    expect(await exited).toBe(0);
  });
});
