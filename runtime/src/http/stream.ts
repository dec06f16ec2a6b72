import type { Readable } from 'node:stream';

/**
 * A body that is streamed, not decoded: the proxy answers with `{status, header, body: StreamBody}`
 * and the listener pipes the bytes to the client as they arrive, with the upstream's own
 * Content-Type, Content-Encoding and Content-Length. Nodes in between can read and change `status`
 * and `header`; the bytes themselves are read once, by whoever writes them.
 */
export class StreamBody {
  private claimed = false;

  constructor(
    private readonly stream: Readable,
    /** Byte length when known (the upstream's Content-Length). */
    readonly length?: number,
  ) {}

  /** Hands the stream to its one reader; throws when it was already read or discarded. */
  claim(): Readable {
    if (this.claimed) throw new Error('a streamed body can be read only once');
    this.claimed = true;
    return this.stream;
  }

  /** Frees the underlying connection when nobody read the body (the answer was dropped). */
  discard(): void {
    if (this.claimed) return;
    this.claimed = true;
    this.stream.destroy();
  }

  toJSON(): string {
    return '[streamed body]';
  }
}
