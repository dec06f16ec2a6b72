import { resolve } from 'node:path';
import type { Program, RunningProgram } from '@flowc/runtime/core/program';
import type { HostServices, RequestHandler } from '@flowc/runtime/core/services';
import type { Value } from '@flowc/runtime/core/binding';
import { HARNESS } from '@flowc/runtime/core/harness';
import { BuildSession } from '../api/session.ts';
import { loadProgram } from '../api/serve/load.ts';
import type { CheckResult, InputOptions } from '../api/types.ts';
import type { CaseRecorder } from './recorder.ts';

/** A test build, evaluated in this process: the same compiled program that ships, with its mocks. */
export interface TestProgram {
  readonly result: CheckResult;
  /** Undefined when the build failed (its diagnostics are in `result`). */
  readonly program: Program | undefined;
}

/** The sessions of one run, one per set of spec files and namespace: test builds of the same specs share what they compiled. */
export class TestBuilds {
  private readonly sessions = new Map<string, BuildSession>();

  /** Builds the specs as a test build with `mocks` standing in, as CommonJS, and loads the program. */
  async build(options: InputOptions, mocks: readonly string[]): Promise<TestProgram> {
    const key = JSON.stringify([options.cwd, options.inputs ?? [], options.namespace ?? 'default']);
    let session = this.sessions.get(key);
    if (!session) this.sessions.set(key, (session = new BuildSession({ ...options, format: 'cjs' })));
    const built = await session.build('cjs', () => false, { mocks });
    const output = built.outputs[0];
    const { compiled: _compiled, outputs: _outputs, ...result } = built;
    if (!output) return { result, program: undefined };
    return { result, program: loadProgram(output.code, resolve(session.cwd, `flowc-test-${output.namespace}-${output.hash}.cjs`)) };
  }

  async dispose(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(sessions.map((s) => s.dispose()));
  }
}

/** One start of a test program for one case: its own nodes, env, values and harness. */
export interface CaseRun {
  readonly running: RunningProgram;
  /** The request handler of each listener, in the order the program started them. */
  readonly listeners: readonly RequestHandler[];
  /** What the program wrote to stdout/stderr (print), in order. */
  readonly output: string[];
  /** What it logged (request errors, listeners serving). */
  readonly logs: string[];
}

/**
 * Starts the program with a host that opens no socket: a listener's handler is kept, and a case
 * injects requests into it. Every packet is traced into the case's recorder.
 */
export async function startCase(program: Program, recorder: CaseRecorder, env: Readonly<Record<string, string | undefined>>, values: readonly Value[]): Promise<CaseRun> {
  const listeners: RequestHandler[] = [];
  const output: string[] = [];
  const logs: string[] = [];
  const host: HostServices & { [HARNESS]: CaseRecorder } = {
    [HARNESS]: recorder,
    async listen(options, handler) {
      listeners.push(handler);
      return { address: { host: options.host ?? 'test', port: options.port }, close: async () => undefined };
    },
    write(_stream, data) {
      output.push(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
      return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    },
    log(level, message) {
      logs.push(`${level}: ${message}`);
    },
  };
  const running = await program.start(host, { env, values, trace: recorder.trace });
  return { running, listeners, output, logs };
}

