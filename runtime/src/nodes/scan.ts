import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { implement } from '../core/kind.ts';
import { FlowError } from '../core/packet.ts';
import { LineReader } from '../io/lines.ts';
import definition from '../kinds/scan.ts';

const STDIN = new Set(['stdin', '/dev/stdin']);

/** Reads text from stdin or a file: the next line per packet, or everything. */
export default implement(definition, {
  create({ fields, out }) {
    const output = out('out');
    const error = out('error');
    const filename = fields.filename ?? '';
    const mode = fields.mode ?? 'line';
    let reader: LineReader | undefined;
    const open = (): LineReader => (reader ??= new LineReader(STDIN.has(filename) ? process.stdin : createReadStream(filename)));

    const read = async (payload: unknown): Promise<string> => {
      if (!filename) {
        const name = Array.isArray(payload) ? payload[0] : payload;
        if (typeof name !== 'string' || name === '') throw new FlowError('scan without a filename expects the file name as payload');
        if (mode === 'all') return readFile(name, 'utf8');
        const once = new LineReader(createReadStream(name));
        try {
          return endOf(await once.line());
        } finally {
          once.close();
        }
      }
      if (mode === 'all' && !STDIN.has(filename)) return readFile(filename, 'utf8');
      return mode === 'all' ? open().rest() : endOf(await open().line());
    };

    return {
      inputs: {
        in(payload, proc) {
          return read(payload).then(
            (text) => output.send(text, proc),
            (problem: unknown) => error.send(problem instanceof Error ? problem : new FlowError(String(problem)), proc),
          );
        },
      },
      unload() {
        if (reader && !STDIN.has(filename)) reader.close();
        reader = undefined;
      },
    };
  },
});

/** The end of the input is an error (`EOF`), as in uniflow, so a flow can tell it from an empty line. */
function endOf(line: string | undefined): string {
  if (line === undefined) throw new FlowError('EOF');
  return line;
}
