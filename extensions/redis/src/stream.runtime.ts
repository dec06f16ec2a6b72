import { hostname } from 'node:os';
import { consume, decodeMessage, implement, parseDuration, type ConsumerFeed, type ConsumerMessage, type ConsumerSubscription, shownUrl } from '@flowc/runtime';
import { ReplyError, type Redis } from 'ioredis';
import { streamProblems, throwFirst } from './checks.ts';
import { connectOnce, isAuthError } from './client.ts';
import definition from './stream.ts';

/** What the flow receives for a stream entry. */
export interface StreamPayload {
  stream: string;
  id: string;
  /** The entry's fields other than `data` and `content-type`, as text. */
  header: Record<string, string>;
  contentType?: string;
  /** `data` decoded by `content-type` (JSON → value, text → string, else bytes); without `data`, the fields. */
  body: unknown;
}

type Entry = [id: Buffer, fields: Buffer[]];

interface Settings {
  readonly url: string;
  readonly stream: string;
  readonly group: string;
  readonly consumer: string;
  readonly start: string;
  readonly minIdle: number;
  readonly deadLetter: string | undefined;
  readonly maxInFlight: number;
}

export default implement(definition, {
  create(ctx) {
    const { name, fields } = ctx;
    throwFirst(streamProblems(fields));
    const settings: Settings = {
      url: fields.url,
      stream: fields.stream,
      group: fields.group,
      consumer: fields.consumer ?? `${hostname()}-${process.pid}`,
      start: fields.start ?? '$',
      minIdle: parseDuration(fields.minIdle ?? '30s'),
      deadLetter: fields.deadLetter,
      maxInFlight: fields.maxInFlight ?? 16,
    };
    const maxInFlight = settings.maxInFlight;
    const consumer = consume(ctx, {
      key: `redis-stream:${JSON.stringify(settings)}`,
      label: `redis-stream \`${name}\` (${settings.stream}, group ${settings.group} on ${shownUrl(settings.url)})`,
      maxInFlight,
      ...(fields.retries === undefined ? {} : { retries: fields.retries }),
      ...(fields.retryDelay === undefined ? {} : { retryDelay: parseDuration(fields.retryDelay) }),
      isFatal: (error) => isAuthError(error) || /WRONGTYPE/.test((error as Error).message),
      open: (feed) => openStream(feed, settings),
    });
    return { inputs: {}, load: () => consumer.load(), unload: () => consumer.unload() };
  },
});

/**
 * Two connections: `reader` blocks in XREADGROUP, `writer` acks, reclaims and dead-letters (a blocked
 * connection would hold its acks back). Entries are fetched only while the flow has free slots.
 */
async function openStream(feed: ConsumerFeed, s: Settings): Promise<ConsumerSubscription> {
  // Named, so that an operator (or a test) can tell them in CLIENT LIST.
  const connectionName = `flowc-stream-${s.consumer.replace(/\s/g, '_')}`;
  const reader = await connectOnce(s.url, { connectionName });
  let writer: Redis;
  try {
    writer = await connectOnce(s.url, { connectionName });
  } catch (error) {
    reader.disconnect();
    throw error;
  }
  let closing = false;
  const close = (): void => {
    closing = true;
    reader.disconnect();
    writer.disconnect();
  };
  try {
    await writer.call('XGROUP', 'CREATE', s.stream, s.group, s.start, 'MKSTREAM').catch((error: Error) => {
      if (!/BUSYGROUP/.test(error.message)) throw error;
    });
  } catch (error) {
    close();
    throw error;
  }
  const readerId = String(await reader.call('CLIENT', 'ID'));
  for (const client of [reader, writer]) client.on('end', () => closing || feed.lost(new Error('the connection to Redis closed')));

  const claimEvery = Math.min(Math.max(s.minIdle / 2, 100), 5_000);
  // Reads wait until three quarters of the slots are free (or none is taken), so that each XREADGROUP fetches a batch
  // rather than the one entry whose slot just freed.
  const lowWater = Math.floor(s.maxInFlight / 4);
  let outstanding = 0;
  let wake: (() => void) | undefined;
  const settled = (): void => {
    outstanding--;
    if (wake && outstanding <= lowWater) {
      wake();
      wake = undefined;
    }
  };
  const acks = new AckBatch((ids) => writer.xack(s.stream, s.group, ...ids));
  const message = (entry: Entry): ConsumerMessage => {
    const id = entry[0].toString();
    outstanding++;
    return {
      payload: () => streamPayload(s.stream, id, entry[1]),
      ack: () => acks.add(id).finally(settled),
      reject: async (error) => {
        try {
          if (s.deadLetter) {
            await writer.xadd(s.deadLetter, '*', ...entry[1], 'error', error.message, 'source-stream', s.stream, 'source-id', id);
            feed.log('error', `entry ${id} moved to ${s.deadLetter}: ${error.message}`);
          } else feed.log('error', `entry ${id} dropped: ${error.message}`);
          await writer.xack(s.stream, s.group, id);
        } finally {
          settled();
        }
      },
    };
  };
  const deliver = (entries: unknown): void => {
    // XAUTOCLAIM lists an entry deleted meanwhile as nil (Redis < 7).
    for (const entry of (entries as Array<Entry | null>) ?? []) if (entry) feed.deliver(message(entry));
  };

  let stopping = false;
  const loop = (async () => {
    let cursor = '0-0';
    let lastClaim = 0;
    while (!stopping && !feed.stopped) {
      if (outstanding > lowWater) await new Promise<void>((resolve) => (wake = resolve));
      await feed.whenFree();
      // Our own count: the mechanism frees a slot a few turns after the entry's XACK answered.
      const count = Math.max(feed.free, s.maxInFlight - outstanding);
      if (stopping || count <= 0) continue;
      try {
        if (Date.now() - lastClaim >= claimEvery) {
          // Entries pending on a consumer that died (or is stuck) longer than minIdle come to this one.
          const [next, entries] = (await writer.callBuffer('XAUTOCLAIM', s.stream, s.group, s.consumer, String(s.minIdle), cursor, 'COUNT', String(count))) as [Buffer, unknown];
          cursor = next.toString();
          if (cursor === '0-0') lastClaim = Date.now();
          deliver(entries);
          continue;
        }
        const reply = (await reader.callBuffer('XREADGROUP', 'GROUP', s.group, s.consumer, 'COUNT', String(count), 'BLOCK', String(claimEvery), 'STREAMS', s.stream, '>')) as Array<[Buffer, unknown]> | null;
        if (reply) deliver(reply[0]![1]);
      } catch (error) {
        if (stopping || closing) return;
        // A refused command (the group or the stream deleted meanwhile) is not a lost connection.
        if (!(error instanceof ReplyError)) return feed.lost(error as Error);
        feed.log('error', `${(error as Error).message}; trying again in ${claimEvery} ms`);
        await pause(claimEvery, () => stopping);
      }
    }
  })();

  return {
    async stop() {
      stopping = true;
      wake?.();
      // Wakes the blocked XREADGROUP at once (it answers as if it timed out).
      await writer.call('CLIENT', 'UNBLOCK', readerId).catch(() => undefined);
      await loop;
    },
    close,
  };
}

/**
 * Acks asked for in one turn of the event loop (the entries whose flows ended on the same replies) go to
 * Redis as one XACK; each caller learns when it answered.
 */
class AckBatch {
  private ids: string[] = [];
  private waiters: Array<{ resolve(): void; reject(error: unknown): void }> = [];

  constructor(private readonly send: (ids: string[]) => Promise<unknown>) {}

  add(id: string): Promise<void> {
    if (this.ids.length === 0) setImmediate(() => this.flush());
    this.ids.push(id);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private flush(): void {
    const ids = this.ids;
    const waiters = this.waiters;
    this.ids = [];
    this.waiters = [];
    this.send(ids).then(
      () => waiters.forEach((w) => w.resolve()),
      (error: unknown) => waiters.forEach((w) => w.reject(error)),
    );
  }
}

/** Waits `ms`, or less once `stop()` is true (checked every 50 ms). */
async function pause(ms: number, stop: () => boolean): Promise<void> {
  for (let waited = 0; waited < ms && !stop(); waited += 50) await new Promise((resolve) => setTimeout(resolve, Math.min(50, ms - waited)));
}

function streamPayload(stream: string, id: string, raw: Buffer[]): StreamPayload {
  const header: Record<string, string> = {};
  let data: Buffer | undefined;
  let contentType: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const field = raw[i]!.toString();
    if (field === 'data') data = raw[i + 1];
    else if (field === 'content-type') contentType = raw[i + 1]!.toString();
    else header[field] = raw[i + 1]!.toString();
  }
  if (data === undefined) return { stream, id, header, body: header };
  const decoded = decodeMessage(data, contentType);
  return { stream, id, header, contentType: decoded.contentType, body: decoded.body };
}
