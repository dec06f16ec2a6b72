import type { MqttClient, Packet } from 'mqtt';

type SendPacket = (packet: Packet, cb?: (error?: Error) => void, ...rest: unknown[]) => void;

/** MQTT 5 "unspecified error": the receiver could not handle the message. */
const UNSPECIFIED_ERROR = 0x80;

interface Held {
  /** The connection the message came on: an ack is only worth sending on that one. */
  readonly stream: unknown;
  ack?: Packet & { reasonCode?: number };
  settled?: number;
}

/**
 * Acks that wait for the flow. mqtt.js acknowledges a QoS 1 message (PUBACK) or receives a QoS 2 one
 * (PUBREC) as soon as its handler returns, and handles the next packet only after that; so a handler
 * that waited would take one message at a time and hold up every other packet, pings included. Instead
 * its ack packet is kept back here, the handler returns at once, and the ack is sent when the flow is
 * done: up to the client's receive maximum (= maxInFlight) messages are handled at once.
 *
 * This replaces the client's `_sendPacket` (the method its own packet handlers call); the mqtt version
 * is pinned, and the e2e tests check the behaviour on a real broker.
 */
export class HeldAcks {
  private readonly held = new Map<number, Held>();
  private readonly send: SendPacket;

  constructor(private readonly client: MqttClient) {
    const target = client as unknown as { _sendPacket: SendPacket };
    this.send = target._sendPacket.bind(client);
    target._sendPacket = (packet, cb, ...rest) => {
      const id = (packet as { messageId?: number }).messageId;
      const entry = (packet.cmd === 'puback' || packet.cmd === 'pubrec') && id !== undefined ? this.held.get(id) : undefined;
      if (!entry || entry.ack) return this.send(packet, cb, ...rest);
      entry.ack = packet as Held['ack'];
      // The client goes on with its next packet; the broker hears of this one when the flow is done.
      cb?.();
      if (entry.settled !== undefined) this.release(id!, entry);
    };
  }

  /** Keeps back the ack of the message with this id, until `settle`. */
  hold(messageId: number): void {
    this.held.set(messageId, { stream: this.client.stream });
  }

  /** The flow is done: sends the ack (`failed`: with an error reason, where the protocol allows it). */
  settle(messageId: number, failed: boolean): void {
    const entry = this.held.get(messageId);
    if (!entry) return;
    entry.settled = failed ? UNSPECIFIED_ERROR : 0;
    if (entry.ack) this.release(messageId, entry);
  }

  private release(messageId: number, entry: Held): void {
    this.held.delete(messageId);
    // After a reconnect the broker sends unacked messages again (persistent session) or forgets them
    // (clean session); an ack for the old connection's packet id must not reach the new one.
    if (this.client.stream !== entry.stream || !this.client.connected) return;
    const ack = entry.ack!;
    // A failed QoS 2 message is received all the same (PUBREC 0): an error PUBREC would leave the
    // client's QoS 2 bookkeeping waiting for a PUBREL that never comes.
    if (entry.settled && ack.cmd === 'puback') ack.reasonCode = entry.settled;
    this.send(ack, () => undefined);
  }

  /** Forgets the acks of a connection that is gone. */
  clear(): void {
    this.held.clear();
  }
}
