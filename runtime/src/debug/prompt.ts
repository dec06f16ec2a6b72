import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Breakpoint, Debugger, Frame } from './debugger.ts';
import { toYaml } from './show.ts';

export interface PromptOptions {
  readonly input: Readable;
  readonly output: Writable;
  /** Called once, on `quit`, Ctrl-C, Esc or the end of the input: the runtime shuts down. */
  readonly onQuit: () => void;
}

export const PROMPT = '(debug) ';

type Command = (args: readonly string[]) => string;

/**
 * uniflow's line-oriented debugger UI over a Debugger: `break`, `continue`, `delete`, `breakpoints`,
 * `breakpoint`, `symbols`, `symbol`, `processes`, `process`, `frames`, `frame`, `quit`, with their
 * short forms, plus `step` and `break <node> <port> if <CEL>`. Every answer ends with the prompt.
 */
export function startPrompt(debug: Debugger, options: PromptOptions): { close(): void } {
  const { input, output } = options;
  const lines = createInterface({ input, terminal: false });
  const write = (text: string): void => {
    output.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
  };
  const prompt = (): void => {
    output.write(PROMPT);
  };
  let closed = false;
  const quit = (): void => {
    if (closed) return;
    closed = true;
    off();
    lines.close();
    debug.releaseAll();
    options.onQuit();
  };
  const off = debug.on((event) => {
    if (event.type === 'stopped') write(`\n${describeStop(event.frame, event.reason, event.breakpoint)}`);
    else if (event.type === 'log') write(`\nlog ${event.breakpoint.id} ${where(event.frame)}: ${event.message}`);
    else return;
    prompt();
  });

  const commands = new Map<string, Command>();
  const define = (names: readonly string[], run: Command): void => {
    for (const name of names) commands.set(name, run);
  };
  define(['break', 'b'], (args) => {
    const at = args.indexOf('if');
    const head = at >= 0 ? args.slice(0, at) : args;
    const condition = at >= 0 ? args.slice(at + 1).join(' ') : undefined;
    if (at >= 0 && !condition) return 'break: `if` needs a CEL condition on the payload (`self`)';
    const [symbol, port] = head;
    const point = debug.addBreakpoint({ ...(symbol !== undefined ? { symbol } : {}), ...(port !== undefined ? { port } : {}), ...(condition ? { condition } : {}) });
    // A node that is not loaded yet may come with the first version or a later swap: the breakpoint waits for it.
    const missing = symbol !== undefined && !debug.symbol(symbol) ? ` (no node \`${symbol}\` is loaded yet)` : '';
    return `breakpoint ${describeBreakpoint(point)}${missing}`;
  });
  define(['continue', 'c'], () => (debug.continue() ? 'continued' : 'no packet is held'));
  define(['step', 's'], () => (debug.step() ? 'stepping' : 'no packet is held'));
  define(['delete', 'd'], (args) => {
    const id = args[0] === undefined ? debug.current()?.breakpoint?.id : Number(args[0]);
    return debug.deleteBreakpoint(id) ? `deleted breakpoint ${id}` : 'no such breakpoint';
  });
  define(['breakpoints', 'bps'], () => table(['id', 'node', 'port', 'condition'], debug.breakpoints().map((b) => [String(b.id), b.symbol ?? '*', b.port ?? '*', b.condition ?? ''])));
  define(['breakpoint', 'bp'], (args) => {
    const point = debug.breakpoint(args[0] === undefined ? undefined : Number(args[0]));
    return point ? toYaml(point) : 'no such breakpoint';
  });
  define(['symbols', 'sbs'], () => table(['id', 'name', 'kind', 'namespace', 'location'], debug.symbols().map((s) => [s.id, s.name, s.kind, s.namespace, s.loc ?? ''])));
  define(['symbol', 'sb'], (args) => {
    const ref = args[0] ?? debug.current()?.site.id;
    const symbol = ref === undefined ? undefined : debug.symbol(ref);
    return symbol ? toYaml({ ...symbol.spec, location: symbol.loc }) : `no node \`${ref ?? ''}\``;
  });
  define(['processes', 'procs'], () => table(['id', 'parent', 'status', 'frames'], debug.processes().map((p) => [String(p.id), p.parent === undefined ? '' : String(p.parent), String(p.status), String(p.frames)])));
  define(['process', 'proc'], (args) => {
    const proc = debug.process(args[0] === undefined ? undefined : Number(args[0]));
    return proc ? toYaml(proc) : 'no such process';
  });
  define(['frames', 'frms'], (args) => {
    const frames = debug.frames(args[0] === undefined ? undefined : Number(args[0]));
    return table(['id', 'node', 'port', 'elapsed', 'location'], frames.map((f) => [String(f.id), f.site.node, `${f.site.port} (${f.site.direction})`, elapsed(f), f.site.loc ?? '']));
  });
  define(['frame', 'frm'], () => {
    const frame = debug.current();
    return frame ? toYaml(frameData(frame)) : 'no packet is held';
  });
  define(['quit', 'q', 'exit'], () => {
    quit();
    return '';
  });
  define(['help', 'h'], () => HELP);

  lines.on('line', (line) => {
    if (line.includes('\u001b')) return quit(); // Esc
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      prompt();
      return;
    }
    const run = commands.get(words[0]!);
    let answer: string;
    try {
      answer = run ? run(words.slice(1)) : `unknown command \`${words[0]}\` (help lists them)`;
    } catch (error) {
      answer = `${words[0]}: ${(error as Error).message}`;
    }
    if (closed) return;
    write(answer);
    prompt();
  });
  lines.on('close', quit);
  lines.on('SIGINT', quit);
  prompt();
  return { close: quit };
}

const HELP = `break [node [port]] [if <cel>] (b)   stop packets everywhere, at a node, or at one port
continue (c)                      release the held packet
step (s)                          release it and stop at the next port its process reaches
delete [id] (d)                   remove a breakpoint (the current one without id)
breakpoints (bps), breakpoint [id] (bp)
symbols (sbs), symbol <id|name> (sb)
processes (procs), process [id] (proc)
frames [pid] (frms), frame (frm)
quit (q)`;

/** What `frame` prints: the frame as uniflow shows it, plus where the node was written. */
export function frameData(frame: Frame): Record<string, unknown> {
  return {
    process: frame.process,
    node: frame.site.node,
    kind: frame.site.kind,
    port: frame.site.port,
    direction: frame.site.direction,
    location: frame.site.loc,
    input: frame.input,
    // The answer is not there while the packet is in flight.
    ...(frame.elapsedMs === undefined ? {} : { output: frame.output }),
    elapsed: elapsed(frame),
  };
}

function describeStop(frame: Frame, reason: 'breakpoint' | 'step', point: Breakpoint | undefined): string {
  const why = reason === 'step' ? 'step' : `breakpoint ${point?.id ?? ''}`.trimEnd();
  return `${why}: ${where(frame)}, process ${frame.process}`;
}

function where(frame: Frame): string {
  return `${frame.site.node} ${frame.site.port} (${frame.site.direction})${frame.site.loc ? ` at ${frame.site.loc}` : ''}`;
}

function describeBreakpoint(b: Breakpoint): string {
  return `${b.id}: ${b.symbol === undefined ? 'every port' : `node ${b.symbol}${b.port !== undefined ? `, port ${b.port}` : ''}`}${b.condition ? ` if ${b.condition}` : ''}`;
}

function elapsed(frame: Frame): string {
  return frame.elapsedMs === undefined ? 'in flight' : `${frame.elapsedMs.toFixed(3)} ms`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '(none)';
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
