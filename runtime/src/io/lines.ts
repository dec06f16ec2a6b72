import type { Readable } from 'node:stream';

/**
 * Reads a text stream on demand, one line or the whole rest at a time; the read position is kept
 * between calls and calls are served in order.
 */
export class LineReader {
  private buffer = '';
  private ended = false;
  private readonly chunks: AsyncIterator<string>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly stream: Readable) {
    stream.setEncoding('utf8');
    this.chunks = stream[Symbol.asyncIterator]() as AsyncIterator<string>;
  }

  /** The next line without its line ending, or undefined at the end of the stream. */
  line(): Promise<string | undefined> {
    return this.serial(async () => {
      for (;;) {
        const newline = this.buffer.indexOf('\n');
        if (newline !== -1) {
          const line = this.buffer.slice(0, newline);
          this.buffer = this.buffer.slice(newline + 1);
          return line.endsWith('\r') ? line.slice(0, -1) : line;
        }
        if (this.ended) {
          if (this.buffer === '') return undefined;
          const last = this.buffer;
          this.buffer = '';
          return last;
        }
        await this.fill();
      }
    });
  }

  /** Everything up to the end of the stream ('' once it was read). */
  rest(): Promise<string> {
    return this.serial(async () => {
      while (!this.ended) await this.fill();
      const all = this.buffer;
      this.buffer = '';
      return all;
    });
  }

  close(): void {
    this.stream.destroy();
  }

  private async fill(): Promise<void> {
    const next = await this.chunks.next();
    if (next.done) this.ended = true;
    else this.buffer += next.value;
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
