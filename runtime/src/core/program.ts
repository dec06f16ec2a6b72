import type { FlowNode, Kind, NodeContext } from './kind.ts';
import { OutPort, type InHandler } from './port.ts';
import { isError, toError } from './packet.ts';
import { Process } from './process.ts';
import type { HostServices } from './services.ts';
import { redactingHost } from './redact.ts';
import { bindFields, bindSpecEnv, type EnvEntryDecl, type Value } from './binding.ts';
import { isHookPort, type HookPort } from './envelope.ts';
import { ErrorPort } from './origin.ts';
import type { Observer } from './observer.ts';
import { maskConsole } from '../log/console.ts';
import type { Tracer } from './harness.ts';

/** One node as the compiler emitted it. Templates inside `fields` are bound when the program starts. */
export interface NodeDecl {
  readonly id: string;
  readonly name: string;
  /** Where the node was written (`file:line:column`), for start errors. */
  readonly loc?: string;
  readonly kind: Kind<never>;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly modules?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, readonly EnvEntryDecl[]>>;
  /** Number of indexes of each indexed out-port (`{ out: 2 }` → `out[0]`, `out[1]`). */
  readonly indexed?: Readonly<Record<string, number>>;
}

export interface StartOptions {
  /** Template root shared by every node: the process environment plus `--env` pairs. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly values?: readonly Value[];
  /** Sees every packet moved between ports (test runs: assertions on ports, coverage). Untraced programs pay nothing. */
  readonly trace?: Tracer;
}

/** A problem that prevents the program from starting; every problem of one start is reported together. */
export class StartError extends Error {
  override name = 'StartError';
  constructor(readonly problems: readonly string[]) {
    super(`the program cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export type Endpoint =
  | { readonly node: number; readonly side: 'output' | 'inbound' | 'hook'; readonly port: string }
  | { readonly node: number; readonly side: 'input' | 'outbound'; readonly port: string };

export class NodeHandle {
  constructor(readonly index: number) {}
  /** An out-port of the node. `init` and `term` are the activation hooks. */
  output(port: string): Endpoint {
    const side = isHookPort(port) ? 'hook' : 'output';
    return { node: this.index, side, port };
  }
  input(port: string): Endpoint {
    return { node: this.index, side: 'input', port };
  }
  /** Composite nodes: the inner end of an outer in-port. */
  inbound(port: string): Endpoint {
    return { node: this.index, side: 'inbound', port };
  }
  /** Composite nodes: the inner end of an outer out-port. */
  outbound(port: string): Endpoint {
    return { node: this.index, side: 'outbound', port };
  }
}

function describeNode(decl: NodeDecl): string {
  return `node \`${decl.name}\`${decl.loc ? ` (${decl.loc})` : ''}`;
}

/** A node that cannot load (a listener whose port is taken) stops the start, named like a node that cannot be created. */
async function loadNode(n: LiveNode): Promise<void> {
  try {
    await n.node.load?.();
  } catch (error) {
    if (error instanceof StartError) throw error;
    throw new StartError([`${describeNode(n.decl)}: ${(error as Error).message}`]);
  }
}

interface LiveNode {
  readonly decl: NodeDecl;
  readonly node: FlowNode;
  readonly outputs: Map<string, OutPort>;
  /** The out-port with this name, made on first use (traced in a traced program). */
  readonly out: (name: string) => OutPort;
  readonly inbounds: Map<string, OutPort>;
  readonly spec: Record<string, unknown>;
  readonly hooks: Record<HookPort, InHandler[]>;
  readonly isSource: boolean;
}

export interface RunningProgram {
  readonly program: Program;
  /**
   * Hot swap: the state of this version's node with that id, if its spec signature is the same and
   * its kind hands state over. Each node's state is handed over at most once.
   */
  takeState(id: string, signature: string): unknown;
  /**
   * Delivers a payload to an in-port of a node (by name) in a new root process and returns the
   * answer once the process has exited. For embedding and tests; sources normally drive the graph.
   */
  send(node: string, port: string, payload: unknown): Promise<unknown>;
  /** Stops sources (finishing in-flight work), fires `term`, unloads the rest. */
  stop(): Promise<void>;
}

/** The graph a bundle runs: built by generated code, started by the host. */
export class Program {
  private readonly decls: NodeDecl[] = [];
  private readonly edges: Array<readonly [Endpoint, Endpoint]> = [];

  constructor(readonly meta: { readonly namespace: string; readonly hash: string }) {}

  node(decl: NodeDecl): NodeHandle {
    this.decls.push(decl);
    return new NodeHandle(this.decls.length - 1);
  }

  connect(from: Endpoint, to: Endpoint): void {
    this.edges.push([from, to]);
  }

  get nodes(): readonly NodeDecl[] {
    return this.decls;
  }

  async start(host: HostServices, options: StartOptions = {}, previous?: RunningProgram): Promise<RunningProgram> {
    const live = this.instantiate(host, options, previous);
    this.wire(live, host.observer, options.trace);
    // Sources (listeners, signals) are loaded last, after `init`: a program takes traffic only once
    // it is ready, which is also what lets a hot swap hand sockets over to a fully started graph.
    try {
      for (const n of live) if (!n.isSource) await loadNode(n);
      for (const n of live) await fire(n, 'init');
      for (const n of live) if (n.isSource) await loadNode(n);
    } catch (error) {
      await unloadAll(live);
      throw error;
    }
    host.observer?.started(this.meta);
    let stopping: Promise<void> | undefined;
    const handed = new Set<string>();
    return {
      program: this,
      takeState: (id, signature) => {
        const n = live.find((x) => x.decl.id === id);
        if (!n?.node.handOver || handed.has(id) || nodeSignature(n.decl) !== signature) return undefined;
        handed.add(id);
        return n.node.handOver();
      },
      send: async (name, port, payload) => {
        const target = live.find((n) => n.decl.name === name);
        if (!target) throw new Error(`no node \`${name}\``);
        const handler = target.decl.kind.composite ? inboundEntry(target, port) : target.node.inputs[port];
        if (!handler) throw new Error(`node \`${name}\` has no input port \`${port}\``);
        const proc = new Process();
        let answer: unknown;
        try {
          answer = await (options.trace ? traced(options.trace, name, port, handler) : handler)(payload, proc);
        } catch (error) {
          answer = toError(error);
        }
        await proc.join();
        await proc.exit(isError(answer) ? answer : undefined);
        return answer;
      },
      stop: () => (stopping ??= stopLive(live)),
    };
  }

  private instantiate(host: HostServices, options: StartOptions, previous: RunningProgram | undefined): LiveNode[] {
    const problems: string[] = [];
    const env = options.env ?? {};
    const values = options.values ?? [];
    const sources = new Set(this.decls.map((_, i) => i));
    for (const [, to] of this.edges) if (to.side === 'input') sources.delete(to.node);

    // Strings of every bound value: masked in log lines written through the host.
    const secrets = new Set<string>();
    const nodeHost = redactingHost(host, secrets);
    const live = this.decls.map((decl, index): LiveNode | undefined => {
      const where = describeNode(decl);
      const root = bindSpecEnv(decl.env, env, values, this.meta.namespace, where, problems, secrets);
      const fields = bindFields(decl.kind.schema, decl.fields, root, decl.kind.rawFields, where, problems);
      if (!fields) return undefined;
      const outputs = new Map<string, OutPort>();
      const inbounds = new Map<string, OutPort>();
      const trace = options.trace;
      const out = (name: string): OutPort => {
        let port = outputs.get(name);
        if (!port) outputs.set(name, (port = trace ? new TracedOutPort(name, decl.name, trace) : name === 'error' ? new ErrorPort(name, { name: decl.name, kind: decl.kind.kind, loc: decl.loc }) : new OutPort(name)));
        return port;
      };
      const spec = { id: decl.id, kind: decl.kind.kind, namespace: this.meta.namespace, name: decl.name, ...fields };
      const ctx: NodeContext<never> = {
        id: decl.id,
        name: decl.name,
        namespace: this.meta.namespace,
        fields: fields as never,
        modules: decl.modules ?? {},
        out,
        indexed: (name) => Array.from({ length: decl.indexed?.[name] ?? 0 }, (_, i) => out(`${name}[${i}]`)),
        inbound: (name) => {
          let port = inbounds.get(name);
          if (!port) inbounds.set(name, (port = new OutPort(name)));
          return port;
        },
        spec,
        host: nodeHost,
        inherited: previous?.takeState(decl.id, nodeSignature(decl)),
      };
      try {
        const node = decl.kind.create(ctx);
        return { decl, node, outputs, out, inbounds, spec, hooks: { init: [], term: [] }, isSource: sources.has(index) };
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
        return undefined;
      }
    });
    if (problems.length > 0) throw new StartError(problems);
    if (secrets.size > 0) maskConsole(secrets);
    return live as LiveNode[];
  }

  /**
   * The handler wired for one edge, called once per edge at start. A plain program wires the target
   * itself; a debug build's program (debug/program.ts) wraps it to observe the packets it carries.
   */
  protected link(_from: Endpoint, _to: Endpoint, handler: InHandler): InHandler {
    return handler;
  }

  private wire(live: readonly LiveNode[], observer: Observer | undefined, trace: Tracer | undefined): void {
    for (const [from, to] of this.edges) {
      const target = live[to.node]!;
      const direct: InHandler =
        to.side === 'outbound'
          ? outboundBridge(target, to.port)
          : target.decl.kind.composite
            ? inboundEntry(target, to.port)
            : observed(observer, this.meta.namespace, target.decl, to.port, target.node.inputs[to.port] ?? missingInput(target.decl.name, to.port));
      const handler = this.link(from, to, trace && to.side === 'input' ? traced(trace, target.decl.name, to.port, direct) : direct);
      const source = live[from.node]!;
      if (from.side === 'hook') source.hooks[from.port as HookPort].push(handler);
      else if (from.side === 'inbound') inboundPort(source, from.port).connect(handler);
      else outputPort(source, from.port).connect(handler);
    }
  }
}

/** An out-port that reports every payload it sends, wired or not (an unwired port's payload is its node's answer). */
class TracedOutPort extends OutPort {
  constructor(
    name: string,
    private readonly node: string,
    private readonly trace: Tracer,
  ) {
    super(name);
  }

  override send(payload: unknown, proc: Process): unknown {
    this.trace(this.node, 'out', this.name, payload, proc);
    return super.send(payload, proc);
  }
}

function traced(trace: Tracer, node: string, port: string, handler: InHandler): InHandler {
  return (payload, proc) => {
    trace(node, 'in', port, payload, proc);
    return handler(payload, proc);
  };
}

/** What must not change for a node to keep its state across a swap: kind, id, fields and env. */
function nodeSignature(decl: NodeDecl): string {
  return JSON.stringify([decl.kind.kind, decl.id, decl.fields, decl.env ?? null, decl.indexed ?? null]);
}

/** A node's in-port as the host's observer (metrics, tracing) wraps it; as it is when nothing watches. */
function observed(observer: Observer | undefined, namespace: string, decl: NodeDecl, port: string, handler: InHandler): InHandler {
  return observer ? observer.input({ namespace, name: decl.name, kind: decl.kind.kind, loc: decl.loc }, port, handler) : handler;
}

function outputPort(n: LiveNode, name: string): OutPort {
  return n.out(name);
}

function inboundPort(n: LiveNode, name: string): OutPort {
  let port = n.inbounds.get(name);
  if (!port) n.inbounds.set(name, (port = new OutPort(name)));
  return port;
}

/** Packets leaving an inner node through an outbound leave the composite through its out-port. */
function outboundBridge(composite: LiveNode, port: string): InHandler {
  const out = outputPort(composite, port);
  return (payload, proc) => out.send(payload, proc);
}

/** Packets entering a composite's in-port go to the inner nodes its inbounds name. */
function inboundEntry(composite: LiveNode, port: string): InHandler {
  const entry = inboundPort(composite, port);
  return (payload, proc) => entry.send(payload, proc);
}

function missingInput(node: string, port: string): InHandler {
  // The compiler rejects unknown ports; reaching this means a kind declared a port it does not implement.
  throw new Error(`node \`${node}\` has no input port \`${port}\``);
}

/** Sends the node's own spec to its `init`/`term` targets and fails on an error answer. */
async function fire(n: LiveNode, hook: HookPort): Promise<void> {
  for (const target of n.hooks[hook]) {
    const proc = new Process();
    let answer: unknown;
    try {
      answer = await target(n.spec, proc);
    } catch (error) {
      answer = error;
    }
    await proc.exit(isError(answer) ? answer : undefined);
    if (isError(answer)) throw new Error(`\`${hook}\` of node \`${n.decl.name}\` failed: ${answer.message}`);
  }
}

async function stopLive(live: readonly LiveNode[]): Promise<void> {
  const errors: string[] = [];
  await Promise.all(live.filter((n) => n.isSource).map((n) => n.node.unload?.()));
  for (const n of live) {
    try {
      await fire(n, 'term');
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  await Promise.all(live.filter((n) => !n.isSource).map((n) => n.node.unload?.()));
  if (errors.length > 0) throw new Error(errors.join('\n'));
}

async function unloadAll(live: readonly LiveNode[]): Promise<void> {
  await Promise.allSettled(live.map((n) => n.node.unload?.()));
}
