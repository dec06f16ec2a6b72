import type { JsonSchema } from './kind.ts';
import { DURATION_PATTERN } from './duration.ts';

/** Schema helpers shared by kind definitions. */
export const duration: JsonSchema = {
  description: 'a duration: milliseconds, or Go syntax such as 250ms, 1.5s, 1h30m',
  anyOf: [{ type: 'number', minimum: 0 }, { type: 'string', pattern: DURATION_PATTERN }],
};

/** A list of connections `{name?, id?, port}` as written under `ports`. */
export const portRefs: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { id: { type: 'string' }, name: { type: 'string' }, port: { type: 'string', minLength: 1 } },
    required: ['port'],
  },
};

/** Inner specs of a composite kind; each is validated as a spec of its own. */
export const innerSpecs: JsonSchema = {
  type: 'array',
  minItems: 1,
  items: { type: 'object', required: ['kind'], properties: { kind: { type: 'string' } } },
};
