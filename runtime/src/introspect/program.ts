import type { StartOptions } from '../core/program.ts';
import { DebugProgram } from '../debug/program.ts';
import type { DebugAgent } from '../debug/protocol.ts';
import { recorderOf, type Recorder } from './protocol.ts';
import { FrameRecorder, frameCapacity } from './recorder.ts';

/**
 * The program of a namespace that reads its own state (`sql` with `driver: internal`): every edge
 * reports its packets to the namespace's recorder (a bounded ring of frames, kept across hot swaps),
 * and to the debugger too when one is attached. Only such programs import this module.
 */
export class IntrospectProgram extends DebugProgram {
  protected override agentFor(options: StartOptions): DebugAgent {
    const recorder = recorderOf(this.meta.namespace, () => new FrameRecorder(frameCapacity(options.env ?? process.env)));
    recorder.started((options.values ?? []).map((v) => ({ namespace: v.namespace ?? this.meta.namespace, ...(v.id !== undefined ? { id: v.id } : {}), ...(v.name !== undefined ? { name: v.name } : {}) })));
    const debug = super.agentFor(options);
    return debug ? both(recorder, debug) : recorder;
  }
}

/** The recorder and the debugger see every packet; only the debugger may hold one. */
function both(recorder: Recorder, debug: DebugAgent): DebugAgent {
  const frames = new Map<number, number>();
  return {
    loaded(program, symbols) {
      recorder.loaded(program, symbols);
      debug.loaded(program, symbols);
    },
    enter(site, payload, proc) {
      const recorded = recorder.enter(site, payload, proc);
      const entered = debug.enter(site, payload, proc);
      frames.set(recorded.frame, entered.frame);
      return entered.wait ? { frame: recorded.frame, wait: entered.wait } : { frame: recorded.frame };
    },
    leave(frame, answer) {
      recorder.leave(frame, answer);
      const other = frames.get(frame);
      if (other === undefined) return;
      frames.delete(frame);
      debug.leave(other, answer);
    },
  };
}
