import { basename, resolve } from 'node:path';
import { BreakpointEvent, DebugSession, Handles, InitializedEvent, OutputEvent, Scope, Source, StackFrame, StoppedEvent, TerminatedEvent, Thread, Variable } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Debugger, Frame } from '@flowc/runtime/debug/debugger';
import type { SymbolInfo } from '@flowc/runtime/debug/protocol';
import { folded } from '@flowc/runtime/debug/show';

/** What a client passes to `launch`: the specs to serve under the debugger. */
export interface LaunchArguments extends DebugProtocol.LaunchRequestArguments {
  readonly inputs: readonly string[];
  readonly cwd?: string;
  readonly namespace?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly values?: readonly string[];
}

/** Serves the specs (debug build, hot-swapped on change) until `stop`. */
export type Launcher = (args: LaunchArguments, output: (text: string, category: 'stdout' | 'stderr' | 'console') => void) => Promise<{ stop(): Promise<void> }>;

interface SourceBreakpoints {
  readonly requested: readonly DebugProtocol.SourceBreakpoint[];
  /** One DAP id per requested breakpoint, stable across remappings. */
  readonly ids: readonly number[];
  /** The debugger breakpoints made for them. */
  made: number[];
}

/**
 * flowc's Debug Adapter Protocol server. A breakpoint on a YAML line stops packets at the node written
 * there (the nearest node starting at or above the line: each instance of a chart's node when the line
 * is in a chart); a logpoint logs them (`{expr}` is CEL on the payload, `self`). A held packet's process
 * is a thread; its stack is the frames of that process, newest first, each mapped to its node's YAML
 * line; its variables are the payload (input, output), the node and the process. `next`/`stepIn` go to
 * the next port the process reaches.
 */
export class FlowcDebugSession extends DebugSession {
  private cwd = process.cwd();
  private readonly sources = new Map<string, SourceBreakpoints>();
  private nextId = 1;
  private readonly handles = new Handles<unknown>();
  private readonly frames = new Map<number, Frame>();
  private program: { stop(): Promise<void> } | undefined;
  private ended = false;

  constructor(
    private readonly debug: Debugger,
    private readonly launcher: Launcher,
    private readonly onEnd: () => void,
  ) {
    super(true, false);
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    debug.on((event) => {
      if (event.type === 'stopped') {
        const stopped = new StoppedEvent(event.reason, event.frame.process) as DebugProtocol.StoppedEvent;
        stopped.body.description = `${event.frame.site.node} ${event.frame.site.port} (${event.frame.site.direction})`;
        this.sendEvent(stopped);
      } else if (event.type === 'log') {
        this.sendEvent(new OutputEvent(`${event.message}\n`, 'console'));
      } else if (event.type === 'loaded') {
        // A new version (or the first): nodes may now sit on the lines breakpoints were set on.
        for (const path of this.sources.keys()) this.remap(path, true);
      }
    });
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      ...response.body,
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsTerminateRequest: true,
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArguments): Promise<void> {
    this.cwd = resolve(args.cwd ?? process.cwd());
    try {
      this.program = await this.launcher(args, (text, category) => this.sendEvent(new OutputEvent(text, category)));
      this.sendResponse(response);
    } catch (error) {
      this.sendErrorResponse(response, 1, `flowc: ${(error as Error).message}`);
    }
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const path = resolve(this.cwd, args.source.path ?? '');
    const previous = this.sources.get(path);
    for (const id of previous?.made ?? []) this.debug.deleteBreakpoint(id);
    const requested = args.breakpoints ?? [];
    this.sources.set(path, { requested, ids: requested.map(() => this.nextId++), made: [] });
    response.body = { breakpoints: this.remap(path, false) };
    this.sendResponse(response);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const held = [...new Set(this.debug.heldFrames().map((f) => f.process))];
    response.body = { threads: held.length > 0 ? held.map((pid) => new Thread(pid, `process ${pid}`)) : [new Thread(0, 'flowc (no packet held)')] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const frames = this.debug.frames(args.threadId).reverse();
    const start = args.startFrame ?? 0;
    const page = frames.slice(start, args.levels ? start + args.levels : undefined);
    response.body = {
      totalFrames: frames.length,
      stackFrames: page.map((f) => {
        this.frames.set(f.id, f);
        const at = parseLoc(f.site.loc);
        const path = at ? resolve(this.cwd, at.file) : undefined;
        return new StackFrame(f.id, `${f.site.node} ${f.site.port} (${f.site.direction})`, path ? new Source(basename(path), this.convertDebuggerPathToClient(path)) : undefined, this.convertDebuggerLineToClient(at?.line ?? 1), this.convertDebuggerColumnToClient(at?.column ?? 1));
      }),
    };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const frame = this.frames.get(args.frameId);
    if (!frame) {
      response.body = { scopes: [] };
      this.sendResponse(response);
      return;
    }
    const process = this.debug.process(frame.process);
    const payload = frame.elapsedMs === undefined ? { input: frame.input } : { input: frame.input, output: frame.output };
    response.body = {
      scopes: [
        new Scope('Payload', this.handles.create(payload), false),
        new Scope('Node', this.handles.create({ node: frame.site.node, kind: frame.site.kind, port: frame.site.port, direction: frame.site.direction, location: frame.site.loc, elapsedMs: frame.elapsedMs ?? null }), false),
        new Scope('Process', this.handles.create(process ?? { id: frame.process }), false),
      ],
    };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const value = folded(this.handles.get(args.variablesReference));
    const entries = value !== null && typeof value === 'object' ? Object.entries(value) : [];
    response.body = {
      variables: entries.map(([name, v]) => {
        const nested = v !== null && typeof v === 'object';
        return new Variable(name, nested ? preview(v) : JSON.stringify(v) ?? 'null', nested ? this.handles.create(v) : 0);
      }),
    };
    this.sendResponse(response);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse, args: DebugProtocol.ContinueArguments): void {
    this.debug.continue(args.threadId || undefined);
    response.body = { allThreadsContinued: false };
    this.sendResponse(response);
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.debug.step(args.threadId || undefined);
    this.sendResponse(response);
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.debug.step(args.threadId || undefined);
    this.sendResponse(response);
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.end();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    await this.end();
    this.sendResponse(response);
    this.onEnd();
  }

  /** The client went away (its stream closed): stop the program; the command exits. */
  override shutdown(): void {
    void this.end().then(this.onEnd);
  }

  private async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.debug.releaseAll();
    await this.program?.stop();
  }

  /** Makes the debugger breakpoints of one file's requested lines; `notify` sends each as a changed breakpoint. */
  private remap(path: string, notify: boolean): DebugProtocol.Breakpoint[] {
    const source = this.sources.get(path)!;
    for (const id of source.made) this.debug.deleteBreakpoint(id);
    source.made = [];
    const symbols = this.debug.symbols();
    const result = source.requested.map((requested, i): DebugProtocol.Breakpoint => {
      const line = this.convertClientLineToDebugger(requested.line);
      const nodes = nodesAt(symbols, this.cwd, path, line);
      const dapId = source.ids[i]!;
      if (nodes.length === 0) return { id: dapId, verified: false, line: requested.line, message: symbols.length === 0 ? 'the program is not loaded yet' : 'no node is written at or above this line' };
      try {
        for (const node of nodes) {
          const made = this.debug.addBreakpoint({
            symbol: node.name,
            ...(requested.condition ? { condition: requested.condition } : {}),
            ...(requested.logMessage ? { log: requested.logMessage } : {}),
          });
          source.made.push(made.id);
        }
      } catch (error) {
        return { id: dapId, verified: false, line: requested.line, message: (error as Error).message };
      }
      const at = parseLoc(nodes[0]!.loc)!;
      return { id: dapId, verified: true, line: this.convertDebuggerLineToClient(at.line), source: { path }, message: nodes.map((n) => n.name).join(', ') };
    });
    if (notify) for (const breakpoint of result) this.sendEvent(new BreakpointEvent('changed', breakpoint as never));
    return result;
  }
}

/** The nodes written in `path` nearest at or above `line` (several when a chart's node is instantiated more than once). */
export function nodesAt(symbols: readonly SymbolInfo[], cwd: string, path: string, line: number): SymbolInfo[] {
  let best = 0;
  const found: SymbolInfo[] = [];
  for (const symbol of symbols) {
    const at = parseLoc(symbol.loc);
    if (!at || resolve(cwd, at.file) !== path || at.line > line || at.line < best) continue;
    if (at.line > best) {
      best = at.line;
      found.length = 0;
    }
    found.push(symbol);
  }
  return found;
}

function parseLoc(loc: string | undefined): { file: string; line: number; column: number } | undefined {
  const m = loc === undefined ? null : /^(.*):(\d+):(\d+)$/.exec(loc);
  return m ? { file: m[1]!, line: Number(m[2]), column: Number(m[3]) } : undefined;
}

function preview(value: object): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
