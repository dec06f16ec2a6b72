import { Type, type Static } from '@sinclair/typebox';
import { defineKind, type PortRef } from '../core/kind.ts';
import { innerSpecs, portRefs } from '../core/schema.ts';

/** Outer port name → the inner ports it stands for (`type: object` with `additionalProperties`, as written). */
const boundMap = (description: string) =>
  Type.Unsafe<Record<string, Static<typeof portRefs>>>({ type: 'object', additionalProperties: portRefs, description });

/** A private sub-graph whose `inbounds`/`outbounds` become the block's own ports. */
export default defineKind({
  kind: 'block',
  description: 'Groups inner specs into one node; inbounds and outbounds map outer ports onto inner ones.',
  schema: Type.Object({
    specs: { ...innerSpecs, description: 'the inner specs, each validated as a spec of its own; names are private to the block' },
    inbounds: Type.Optional(boundMap('outer in-port → the inner ports it feeds')),
    outbounds: Type.Optional(boundMap('outer out-port → the inner out-ports that send through it')),
  }),
  // A block's ports are whatever its inbounds/outbounds name; the compiler reads them from the expansion.
  inputs: {},
  outputs: {},
  implementation: '@flowc/runtime/nodes/block',
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
});
