import { originOf, type NodeOrigin } from '../core/origin.ts';
import { mapFrame } from './frames.ts';

/** What a log line says about an error that crossed a node boundary. */
export interface ErrorDetail {
  readonly message: string;
  readonly node?: NodeOrigin;
  /** The innermost stack frame inside a spec file (`spec.yaml:14:16`), when source maps are enabled. */
  readonly at?: string;
}

const SPEC_FRAME = /\(?((?:file:\/\/)?[^\s()]+\.(?:ya?ml|json)):(\d+):(\d+)\)?\s*$/;
const ANY_FRAME = /\(?([^\s()]+):(\d+):(\d+)\)?\s*$/;
const SPEC_FILE = /\.(?:ya?ml|json)$/;

export function errorDetail(error: Error): ErrorDetail {
  const node = originOf(error);
  const at = specFrame(error);
  return { message: error.message, ...(node ? { node } : {}), ...(at ? { at } : {}) };
}

/** `node \`boom\` (snippet, spec.yaml:8:3): Cannot read … (at spec.yaml:14:16)` */
export function describeError(detail: ErrorDetail): string {
  const node = detail.node ? `node \`${detail.node.name}\` (${detail.node.kind}${detail.node.loc ? `, ${detail.node.loc}` : ''}): ` : '';
  return `${node}${detail.message}${detail.at ? ` (at ${detail.at})` : ''}`;
}

function specFrame(error: Error): string | undefined {
  let stack: string | undefined;
  try {
    stack = error.stack;
  } catch {
    return undefined;
  }
  if (typeof stack !== 'string') return undefined;
  for (const line of stack.split('\n')) {
    if (!/^\s+at /.test(line)) continue;
    const m = SPEC_FRAME.exec(line);
    if (m) return `${m[1]!.replace(/^file:\/\//, '')}:${m[2]}:${m[3]}`;
    // A version `flowc run` evaluated: its frames are mapped here (log/frames.ts), not by Node.
    const frame = ANY_FRAME.exec(line);
    const mapped = frame && mapFrame(frame[1]!, Number(frame[2]), Number(frame[3]));
    if (mapped && SPEC_FILE.test(mapped.source)) return `${mapped.source.replace(/^file:\/\//, '')}:${mapped.line}:${mapped.column}`;
  }
  return undefined;
}
