import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HostServices, Listening, ListenOptions, RequestHandler } from './services.ts';

interface Slot {
  handler: RequestHandler;
  users: number;
  readonly socket: Promise<Listening>;
}

/**
 * Keeps listening sockets across program versions. A listener of a new version with the same host
 * and port takes over the socket: new requests go to the newest handler, while requests already
 * running finish on the handler that accepted them. A socket closes when its last user leaves.
 */
export class SocketPool {
  private readonly slots = new Map<string, Slot>();
  constructor(private readonly base: HostServices) {}

  /** The host one program version sees. Port-0 listeners are matched across versions by order. */
  hostForVersion(): HostServices {
    let anonymous = 0;
    return {
      ...this.base,
      listen: (options, handler) => {
        const key = `${options.host ?? ''}|${options.port === 0 ? `0#${anonymous++}` : options.port}`;
        return this.listen(key, options, handler);
      },
    };
  }

  private async listen(key: string, options: ListenOptions, handler: RequestHandler): Promise<Listening> {
    const tracked = track(handler);
    let slot = this.slots.get(key);
    if (!slot) {
      const fresh: Slot = {
        handler: tracked.handle,
        users: 0,
        socket: this.base.listen(options, (req, res) => fresh.handler(req, res)),
      };
      slot = fresh;
      this.slots.set(key, slot);
      fresh.socket.catch(() => this.slots.delete(key));
    }
    const socket = await slot.socket;
    const owner = slot;
    owner.handler = tracked.handle;
    owner.users++;
    return {
      address: socket.address,
      close: async () => {
        await tracked.drained();
        owner.users--;
        if (owner.users === 0 && this.slots.get(key) === owner) {
          this.slots.delete(key);
          await socket.close();
        }
      },
    };
  }
}

/** Counts a handler's requests in flight, so that its version can wait for them before unloading. */
function track(handler: RequestHandler): { handle: RequestHandler; drained(): Promise<void> } {
  let inFlight = 0;
  let waiting: (() => void) | undefined;
  const done = (): void => {
    inFlight--;
    if (inFlight === 0 && waiting) waiting();
  };
  return {
    handle(req: IncomingMessage, res: ServerResponse) {
      inFlight++;
      res.once('close', done);
      handler(req, res);
    },
    drained: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (waiting = resolve))),
  };
}
