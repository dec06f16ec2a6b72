import { Debugger } from '@flowc/runtime/debug/debugger';
import { startPrompt } from '@flowc/runtime/debug/prompt';
import { attachDebugger as attach } from '@flowc/runtime/debug/protocol';

/**
 * `--debug` (and `--ui`) of `flowc run` and `flowc watch --run`: a debugger for every program this
 * process serves. With `quit`, the `(debug) ` prompt drives it on stdin/stdout (logs stay on stderr)
 * and `quit` calls it; without, only the live view reads it.
 */
export function attachDebugger(quit: (() => void) | undefined): Debugger {
  const debug = new Debugger();
  attach(debug);
  if (quit) startPrompt(debug, { input: process.stdin, output: process.stdout, onQuit: quit });
  return debug;
}
