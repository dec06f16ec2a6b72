import type { MqttClient } from 'mqtt';

type Track = (messageId: number, done: () => void, pump?: unknown) => boolean;

interface Qos2State {
  _trackIncomingQoS2Publish?: Track;
  _incomingQoS2Ids?: Set<number>;
}

/**
 * Keeps mqtt.js from dropping the connection when the broker has more QoS 2 messages in flight than the
 * client's Receive Maximum. mqtt.js 5.16 counts a QoS 2 message from its PUBLISH to its PUBREL and ends
 * the connection ("Receive Maximum exceeded") at one past the maximum. Mosquitto 2.0 does not hold to the
 * maximum for QoS 2 when PUBRECs come late (they wait for the flow here): with 16 advertised it was seen to
 * send 19 under a burst, while every PUBCOMP before them had gone out. The maximum is still advertised,
 * so the broker holds back the rest of a burst; what it sends past it waits in the consumer's queue, and
 * the flow never runs more than maxInFlight messages at once.
 *
 * The client's bookkeeping of received QoS 2 ids (duplicates, PUBREL, sessions not resumed) is kept as it
 * is; only the limit goes. Like `_sendPacket` in acks.ts this uses an internal of the pinned mqtt version,
 * checked here so that an upgrade that renames it fails at once instead of silently.
 */
export function tolerateQos2Overrun(client: MqttClient): void {
  const target = client as unknown as Qos2State;
  const ids = target._incomingQoS2Ids;
  if (typeof target._trackIncomingQoS2Publish !== 'function' || !(ids instanceof Set)) {
    throw new Error('this mqtt version keeps its QoS 2 state differently: @flowc/mqtt needs mqtt 5.16.0');
  }
  target._trackIncomingQoS2Publish = (messageId) => {
    ids.add(messageId);
    return true;
  };
}
