/**
 * What `gateway` (server side) and `websocket` (client side) share (§3.25): a connection belongs to the
 * process that sent `io`; a reader child turns every frame into `{type, data}` on `out`; `in` writes to
 * the connection of its process or the nearest ancestor that has one. Frames pass through unchanged:
 * text stays a string, binary stays bytes; nothing is sniffed or re-encoded.
 */
import type { RawData, WebSocket } from 'ws';
import { FlowError, isError, NONE } from '../core/packet.ts';
import type { OutPort } from '../core/port.ts';
import type { Process } from '../core/process.ts';
import { attempt } from '../core/settle.ts';
import { encodeJson } from '../http/json.ts';

export const TEXT = 1;
export const BINARY = 2;
export const CLOSE = 8;
export const PING = 9;
export const PONG = 10;

/** Close codes a peer may not send (RFC 6455 §7.4.1): "no status", "abnormal", "TLS failure". */
const RESERVED_CLOSE = new Set([1004, 1005, 1006, 1015]);

/** Every open connection of one node, and which process owns which. */
export class Connections {
  private readonly owned = new WeakMap<Process, Promise<WebSocket | undefined>>();
  private readonly waiters = new Set<{ proc: Process; resolve: (ws: WebSocket | undefined | Promise<WebSocket | undefined>) => void }>();
  readonly open = new Set<WebSocket>();

  /** Records the connection (or the attempt to make one) of `proc`; waiting writers below it get it. */
  own(proc: Process, connection: Promise<WebSocket | undefined>): void {
    this.owned.set(proc, connection);
    for (const waiter of this.waiters) {
      for (let p: Process | undefined = waiter.proc; p; p = p.parent) {
        if (p === proc) {
          this.waiters.delete(waiter);
          waiter.resolve(connection);
          break;
        }
      }
    }
  }

  /** The connection of `proc` or its nearest ancestor; waits for one to appear until `proc` ends. */
  find(proc: Process): Promise<WebSocket | undefined> {
    for (let p: Process | undefined = proc; p; p = p.parent) {
      const found = this.owned.get(p);
      if (found) return found;
    }
    if (proc.terminated) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter = { proc, resolve };
      this.waiters.add(waiter);
      proc.onExit(() => {
        if (this.waiters.delete(waiter)) resolve(undefined);
      });
    });
  }

  /** Closes every connection (the node unloads). */
  closeAll(): void {
    for (const ws of this.open) ws.close(1001);
    for (const waiter of this.waiters) waiter.resolve(undefined);
    this.waiters.clear();
  }
}

/**
 * Starts reading a connection owned by `owner`: a reader child process lives as long as the socket;
 * each frame is sent to `out` in a child of the reader, one after the other (frames keep their order).
 * When the peer closes, `{type: 8, data: close payload | null}` is sent, then the reader exits; when the
 * owner exits first, the connection is closed.
 */
export function readFrames(ws: WebSocket, owner: Process, out: OutPort, error: OutPort, connections: Connections): void {
  if (owner.terminated) {
    ws.terminate();
    return;
  }
  connections.open.add(ws);
  const reader = owner.fork();
  let queue: Promise<unknown> = Promise.resolve();
  const deliver = (frame: { type: number; data: unknown }): Promise<unknown> =>
    (queue = queue.then(async () => {
      const proc = reader.fork();
      let answer = await attempt(() => out.send(frame, proc));
      if (isError(answer) && error.connected) answer = await attempt(() => error.send(answer, proc));
      await proc.join();
      await proc.exit(isError(answer) ? answer : undefined);
    }));
  ws.on('message', (data: RawData, isBinary: boolean) => {
    void deliver(isBinary ? { type: BINARY, data: bytes(data) } : { type: TEXT, data: bytes(data).toString() });
  });
  ws.on('error', () => undefined);
  ws.once('close', (code: number, reason: Buffer) => {
    connections.open.delete(ws);
    void deliver({ type: CLOSE, data: closePayload(code, reason) }).then(() => reader.exit());
  });
  reader.onExit((failure) => {
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) {
      const [code, reason] = closeFor(failure);
      ws.close(code, reason);
    }
    // A peer that does not answer the close handshake is cut off.
    setTimeout(() => ws.terminate(), 2_000).unref();
  });
}

/**
 * Writes a payload to the connection of `proc` (or an ancestor's): `{type, data}` as given, a string
 * as a text frame, bytes as a binary frame, anything else as JSON text. Resolves once the frame is
 * handed to the socket; failures resolve to an error.
 */
export async function writeFrame(connections: Connections, proc: Process, payload: unknown): Promise<Error | undefined> {
  const ws = await connections.find(proc);
  if (!ws) return new FlowError('no WebSocket connection in this process');
  const { type, data } = frameOf(payload);
  if (ws.readyState !== ws.OPEN) return new FlowError('the WebSocket connection is closed');
  switch (type) {
    case CLOSE: {
      const [code, reason] = closeArgs(data);
      ws.close(code, reason);
      return undefined;
    }
    case PING:
      ws.ping(data);
      return undefined;
    case PONG:
      ws.pong(data);
      return undefined;
    case TEXT:
    case BINARY:
      return new Promise((resolve) => ws.send(data, { binary: type === BINARY }, (problem) => resolve(problem ?? undefined)));
    default:
      return new FlowError(`unsupported WebSocket frame type ${type}`);
  }
}

/**
 * How a connection is closed when its owner ends: normally (1000), or, when the request ended with an error,
 * with a reason the peer can act on. The error's own message goes to the log, not to the peer (as for HTTP
 * answers): an upstream that could not be reached is 1014 "bad gateway", anything else 1011.
 */
function closeFor(failure: Error | undefined): [number, string | undefined] {
  if (!failure) return [1000, undefined];
  const status = (failure as { data?: { status?: unknown } }).data?.status;
  return status === 502 ? [1014, 'bad gateway: the upstream cannot be reached'] : [1011, 'internal error'];
}

function frameOf(payload: unknown): { type: number; data: string | Uint8Array } {
  if (payload !== null && typeof payload === 'object' && !Array.isArray(payload) && !(payload instanceof Uint8Array)) {
    const frame = payload as { type?: unknown; data?: unknown };
    if (typeof frame.type === 'number' && 'data' in frame) return { type: frame.type, data: frameData(frame.data) };
  }
  return { type: payload instanceof Uint8Array ? BINARY : TEXT, data: frameData(payload) };
}

function frameData(data: unknown): string | Uint8Array {
  if (typeof data === 'string' || data instanceof Uint8Array) return data;
  if (data === null || data === undefined || data === NONE) return '';
  return encodeJson(data);
}

function bytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** The close frame's payload: a 2-byte code and the reason, or null when the peer gave no code. */
function closePayload(code: number, reason: Buffer): Uint8Array | null {
  if (code === 1005 || code === 1006) return null;
  const payload = Buffer.alloc(2 + reason.byteLength);
  payload.writeUInt16BE(code, 0);
  reason.copy(payload, 2);
  return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
}

function closeArgs(data: string | Uint8Array): [number | undefined, string | undefined] {
  if (typeof data === 'string') return data ? [1000, data] : [undefined, undefined];
  if (data.byteLength < 2) return [undefined, undefined];
  const code = Buffer.from(data.buffer, data.byteOffset, data.byteLength).readUInt16BE(0);
  if (RESERVED_CLOSE.has(code) || code < 1000 || code >= 5000) return [undefined, undefined];
  return [code, Buffer.from(data.buffer, data.byteOffset + 2, data.byteLength - 2).toString('utf8')];
}
