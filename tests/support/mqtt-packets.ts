import { subscribeTo, until } from './brokers.ts';

/** MQTT control packet types (MQTT 5.0 §2.1.2) that tests count. */
const TYPES = { publish: 3, puback: 4, pubrec: 5, pubrel: 6, pubcomp: 7 } as const;

/**
 * Counts the MQTT packets in byte streams, by type: fed the chunks each client wrote (TcpProxy.onUpstream),
 * it tells a test what the broker has been sent — e.g. that every ack went out before the test cuts the line.
 */
export class MqttPacketCounter {
  private readonly pending = new Map<number, Buffer>();
  private readonly counts = new Map<number, number>();
  private readonly listeners = new Set<() => void>();

  add(chunk: Buffer, connection: number): void {
    let bytes = Buffer.concat([this.pending.get(connection) ?? Buffer.alloc(0), chunk]);
    for (;;) {
      const length = remainingLength(bytes);
      if (length === undefined || bytes.length < length.header + length.value) break;
      const type = bytes[0]! >> 4;
      this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
      bytes = bytes.subarray(length.header + length.value);
    }
    this.pending.set(connection, bytes);
    for (const listener of this.listeners) listener();
  }

  count(type: keyof typeof TYPES): number {
    return this.counts.get(TYPES[type]) ?? 0;
  }

  until(done: () => boolean, what: string): Promise<void> {
    return until(
      done,
      subscribeTo(this.listeners),
      () => `${what} (${Object.keys(TYPES).map((type) => `${type} ${this.count(type as keyof typeof TYPES)}`).join(', ')})`,
    );
  }
}

/** The fixed header's size and the remaining length it announces, once all of it has come. */
function remainingLength(bytes: Buffer): { header: number; value: number } | undefined {
  let value = 0;
  for (let i = 1; i < Math.min(bytes.length, 5); i++) {
    value += (bytes[i]! & 0x7f) * 128 ** (i - 1);
    if ((bytes[i]! & 0x80) === 0) return { header: i + 1, value };
  }
  return undefined;
}
