// AMQP connections (runtime side).
import amqp from 'amqplib';

/** Errors retrying cannot fix: refused credentials or vhost (403), a missing queue or exchange (404), a declaration that contradicts the broker's (406). */
export function isFatal(error: unknown): boolean {
  const e = error as { code?: unknown; message?: string };
  if (e?.code === 403 || e?.code === 404 || e?.code === 406) return true;
  return /ACCESS_REFUSED|NOT_FOUND|PRECONDITION_FAILED|ACCESS-REFUSED|authentication|Handshake terminated by server: 403/i.test(e?.message ?? '');
}

export async function connect(url: string): Promise<amqp.ChannelModel> {
  const connection = await amqp.connect(url, { clientProperties: { connection_name: 'flowc' } });
  // Reported through `close`; an unhandled `error` event must not crash the program.
  connection.on('error', () => undefined);
  return connection;
}

export function toBuffer(bytes: Uint8Array | string): Buffer {
  if (typeof bytes === 'string') return Buffer.from(bytes);
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
