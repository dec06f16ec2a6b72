import { decodeMessage } from '@flowc/runtime';
import type { IPublishPacket } from 'mqtt';

/** What the flow receives for an MQTT message. */
export interface MqttPayload {
  topic: string;
  qos: number;
  retain: boolean;
  /** MQTT 5 user properties, each a list of values. */
  header: Record<string, string[]>;
  contentType: string;
  responseTopic?: string;
  correlationData?: Uint8Array;
  /** The body decoded by its content type (JSON → value, text → string, else bytes). */
  body: unknown;
}

export function mqttPayload(packet: IPublishPacket): MqttPayload {
  const properties = packet.properties ?? {};
  const bytes = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
  const decoded = decodeMessage(bytes, properties.contentType);
  const payload: MqttPayload = { topic: packet.topic, qos: packet.qos, retain: packet.retain, header: userProperties(properties.userProperties), contentType: decoded.contentType, body: decoded.body };
  if (properties.responseTopic !== undefined) payload.responseTopic = properties.responseTopic;
  if (properties.correlationData !== undefined) payload.correlationData = new Uint8Array(properties.correlationData);
  return payload;
}

function userProperties(properties: Record<string, string | string[]> | undefined): Record<string, string[]> {
  const header: Record<string, string[]> = {};
  if (properties) for (const [name, value] of Object.entries(properties)) header[name] = Array.isArray(value) ? value : [value];
  return header;
}
