import { closeSync, openSync, writeSync } from 'node:fs';
import { implement } from '../core/kind.ts';
import { FlowError } from '../core/packet.ts';
import { sprintf } from '../lang/printf.ts';
import type { HostServices } from '../core/services.ts';
import definition from '../kinds/print.ts';

const STREAMS: Record<string, 'stdout' | 'stderr'> = {
  stdout: 'stdout',
  '/dev/stdout': 'stdout',
  stderr: 'stderr',
  '/dev/stderr': 'stderr',
};

/** Writes text to a file or a standard stream and answers with the number of bytes written. */
export default implement(definition, {
  create({ fields, out, host }) {
    const output = out('out');
    const error = out('error');
    const filename = fields.filename ?? '';
    let fd: number | undefined;
    const writeStatic = (text: string | Uint8Array): number => {
      const stream = STREAMS[filename];
      if (stream) return host.write(stream, text);
      fd ??= openSync(filename, 'a');
      return writeAll(fd, text);
    };
    return {
      inputs: {
        in(payload, proc) {
          let written: number;
          try {
            if (filename) {
              written = writeStatic(format(payload));
            } else {
              if (!Array.isArray(payload) || typeof payload[0] !== 'string') {
                throw new FlowError('print without a filename expects [filename, format, args…]');
              }
              written = writeTo(host, payload[0], format(payload.slice(1)));
            }
          } catch (e) {
            return error.send(e instanceof Error ? e : new FlowError(String(e)), proc);
          }
          return output.send(written, proc);
        },
      },
      unload() {
        if (fd !== undefined) closeSync(fd);
      },
    };
  },
});

/** A string prints as is (uniflow treats it as a format, §9.31); bytes as they are; a list is [format, args…]; numbers and booleans print as text. */
function format(payload: unknown): string | Uint8Array {
  if (typeof payload === 'string' || payload instanceof Uint8Array) return payload;
  if (typeof payload === 'number' || typeof payload === 'boolean' || typeof payload === 'bigint') return String(payload);
  if (Array.isArray(payload) && typeof payload[0] === 'string') return sprintf(payload[0], payload.slice(1));
  throw new FlowError('unsupported type: print expects a string, bytes, a number, a boolean or [format, args…]');
}

function writeTo(host: HostServices, filename: string, text: string | Uint8Array): number {
  const stream = STREAMS[filename];
  if (stream) return host.write(stream, text);
  const fd = openSync(filename, 'a');
  try {
    return writeAll(fd, text);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, data: string | Uint8Array): number {
  return typeof data === 'string' ? writeSync(fd, data) : writeSync(fd, data);
}
