import { Debugger } from '@flowc/runtime/debug/debugger';
import { startPrompt } from '@flowc/runtime/debug/prompt';
import { attachDebugger } from '@flowc/runtime/debug/protocol';

/**
 * `--debug` of `flowc run` and `flowc watch --run`: a debugger for every program this process serves,
 * driven by the `(debug) ` prompt on stdin/stdout (logs stay on stderr). `quit` calls `stop`.
 */
export function attachPrompt(stop: () => void): Debugger {
  const debug = new Debugger();
  attachDebugger(debug);
  startPrompt(debug, { input: process.stdin, output: process.stdout, onQuit: stop });
  return debug;
}
