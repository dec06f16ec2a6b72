// The API a node kind is written against: built-in kinds and extensions use exactly this. Schemas are
// built with `@flowc/runtime/schema` (TypeBox), in the definition module only.
export { defineKind, implement } from './core/kind.ts';
export type {
  CodeLoader,
  Expansion,
  FieldExpression,
  FieldPath,
  FieldProblem,
  FieldsOf,
  FlowNode,
  Kind,
  KindDefinition,
  KindImplementation,
  NodeContext,
  PortDecl,
  PortRef,
  Wiring,
} from './core/kind.ts';
export { parseDuration } from './core/duration.ts';
export { FlowError, NONE, isError, join, toError } from './core/packet.ts';
export type { InHandler, OutPort } from './core/port.ts';
export type { Process } from './core/process.ts';
export type { HostServices, Lease, ResourceSpec } from './core/services.ts';
export { acquire } from './core/resources.ts';
export { shownUrl } from './core/redact.ts';
export { consume, DEFAULT_BACKOFF, DEFAULT_RETRIES, DEFAULT_RETRY_DELAY } from './core/consume.ts';
export type { Consumer, ConsumerFeed, ConsumerMessage, ConsumerOptions, ConsumerSubscription } from './core/consume.ts';
export { decodeMessage, encodeMessage } from './io/message.ts';
export type { DecodedMessage, EncodedMessage } from './io/message.ts';
