import { toError } from '../core/packet.ts';
import type { InHandler } from '../core/port.ts';
import { Program, type Endpoint, type NodeDecl, type RunningProgram, type StartOptions } from '../core/program.ts';
import type { HostServices } from '../core/services.ts';
import { attachedDebugger, type DebugAgent, type Site, type SymbolInfo } from './protocol.ts';

/**
 * The program of a debug build (`build({ debug: true })`): every edge is wrapped so that the debugger
 * attached to the process sees each packet at the sender's out-port and at the receiver's in-port, and
 * can hold it there. Only debug builds import this module; a plain bundle has no hook on any packet.
 */
export class DebugProgram extends Program {
  private agent: DebugAgent | undefined;

  override start(host: HostServices, options?: StartOptions, previous?: RunningProgram): Promise<RunningProgram> {
    this.agent = this.agentFor(options ?? {});
    this.agent?.loaded(this.meta, this.nodes.map((decl) => symbolOf(this.meta.namespace, decl)));
    return super.start(host, options, previous);
  }

  /** Who sees the packets of this version: the debugger attached to the process, if any. */
  protected agentFor(_options: StartOptions): DebugAgent | undefined {
    return attachedDebugger();
  }

  protected override link(from: Endpoint, to: Endpoint, handler: InHandler): InHandler {
    const agent = this.agent;
    if (!agent) return handler;
    let next = handler;
    // Inner ends of a composite's ports are not ports of a node: the composite's own edges record them.
    if (to.side === 'input') next = observed(agent, this.site(to.node, to.port, 'in'), next);
    if (from.side === 'output' || from.side === 'hook') next = observed(agent, this.site(from.node, from.port, 'out'), next);
    return next;
  }

  private site(index: number, port: string, direction: Site['direction']): Site {
    const decl = this.nodes[index]!;
    return { namespace: this.meta.namespace, node: decl.name, id: decl.id, kind: decl.kind.kind, port, direction, ...(decl.loc ? { loc: decl.loc } : {}) };
  }
}

function symbolOf(namespace: string, decl: NodeDecl): SymbolInfo {
  return {
    namespace,
    id: decl.id,
    name: decl.name,
    kind: decl.kind.kind,
    ...(decl.loc ? { loc: decl.loc } : {}),
    inputs: Object.keys(decl.kind.inputs),
    outputs: Object.keys(decl.kind.outputs),
    spec: { kind: decl.kind.kind, name: decl.name, id: decl.id, ...decl.fields },
  };
}

/** Opens a frame, waits while the debugger holds the packet, passes it on and closes the frame with the answer. */
function observed(agent: DebugAgent, site: Site, handler: InHandler): InHandler {
  return (payload, proc) => {
    const entered = agent.enter(site, payload, proc);
    if (entered.wait) return entered.wait.then(() => pass(agent, entered.frame, handler, payload, proc));
    return pass(agent, entered.frame, handler, payload, proc);
  };
}

function pass(agent: DebugAgent, frame: number, handler: InHandler, payload: unknown, proc: Parameters<InHandler>[1]): unknown {
  let answer: unknown;
  try {
    answer = handler(payload, proc);
  } catch (error) {
    agent.leave(frame, toError(error));
    throw error;
  }
  if (answer instanceof Promise) {
    return answer.then(
      (value: unknown) => {
        agent.leave(frame, value);
        return value;
      },
      (error: unknown) => {
        agent.leave(frame, toError(error));
        throw error;
      },
    );
  }
  agent.leave(frame, answer);
  return answer;
}
