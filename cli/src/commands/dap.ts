import { context, formatDiagnostics } from '@flowc/compiler';
import { createHost } from '@flowc/runtime/core/host';
import { Debugger } from '@flowc/runtime/debug/debugger';
import { attachDebugger } from '@flowc/runtime/debug/protocol';
import { FlowcDebugSession, type Launcher } from '../dap/session.ts';
import { envFromPairs } from '../options.ts';
import { describeSwap } from '../render.ts';

/**
 * `flowc dap`: the debugger over the Debug Adapter Protocol on stdin/stdout. `launch` builds the specs
 * for debugging, serves them and hot-swaps every good edit; the program's own output and flowc's
 * messages reach the client as output events (stdout belongs to the protocol).
 */
export async function dapCommand(): Promise<number> {
  const debug = new Debugger();
  attachDebugger(debug);
  const launcher: Launcher = async (args, output) => {
    const ctx = await context({
      inputs: [...args.inputs],
      ...(args.cwd ? { cwd: args.cwd } : {}),
      ...(args.namespace ? { namespace: args.namespace } : {}),
      ...(args.values ? { values: [...args.values] } : {}),
      debug: true,
    });
    ctx.on('build-end', (event) => {
      if (event.result.diagnostics.length > 0) output(formatDiagnostics(event.result.diagnostics, { sources: event.result.sources }), 'stderr');
    });
    ctx.on('swap', (event) => output(`${describeSwap(event)}\n`, 'console'));
    ctx.on('swap-failed', (event) => output(`${event.message}\n`, 'stderr'));
    const base = createHost();
    const host = {
      ...base,
      write: (stream: 'stdout' | 'stderr', data: string | Uint8Array) => {
        output(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'), stream);
        return data.length;
      },
      log: (level: 'info' | 'warn' | 'error', message: string) => {
        base.log(level, message);
        output(`${message}\n`, level === 'info' ? 'console' : 'stderr');
      },
    };
    const env = { ...envFromPairs([]), ...(args.env ?? {}) };
    try {
      await ctx.serve({ env, host });
    } catch (error) {
      await ctx.dispose();
      throw error;
    }
    await ctx.watch();
    return { stop: () => ctx.dispose() };
  };
  return new Promise<number>((resolve) => {
    const session = new FlowcDebugSession(debug, launcher, () => resolve(0));
    session.start(process.stdin, process.stdout);
  });
}
