import { defineKind } from '../core/kind.ts';
import { innerSpecs, portRefs } from '../core/schema.ts';
import { composite } from '../core/composite.ts';
import type { PortRef } from '../core/kind.ts';

interface BlockFields {
  specs: Array<Record<string, unknown>>;
  inbounds?: Record<string, PortRef[]>;
  outbounds?: Record<string, PortRef[]>;
}

const boundMap = { type: 'object', additionalProperties: portRefs };

/** A private sub-graph whose `inbounds`/`outbounds` become the block's own ports. */
export const block = defineKind<BlockFields>({
  kind: 'block',
  description: 'Groups inner specs into one node; inbounds and outbounds map outer ports onto inner ones.',
  schema: {
    type: 'object',
    properties: { specs: innerSpecs, inbounds: boundMap, outbounds: boundMap },
    required: ['specs'],
  },
  // A block's ports are whatever its inbounds/outbounds name; the compiler reads them from the expansion.
  inputs: {},
  outputs: {},
  rawFields: ['specs', 'inbounds', 'outbounds'],
  expand(fields) {
    const list = fields.specs as Array<Record<string, unknown>>;
    return {
      specs: list.map((spec, i) => ({
        spec: typeof spec.name === 'string' && spec.name ? spec : { ...spec, name: `$${i}` },
        path: ['specs', i],
      })),
      inbounds: (fields.inbounds ?? {}) as Record<string, PortRef[]>,
      outbounds: (fields.outbounds ?? {}) as Record<string, PortRef[]>,
    };
  },
  composite: true,
  create: composite,
});
export default block;
