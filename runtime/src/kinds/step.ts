import { Type } from '@sinclair/typebox';
import { defineKind, type PortRef } from '../core/kind.ts';
import { innerSpecs } from '../core/schema.ts';

/** Runs its inner specs as a chain: answers with the last result or the first error. */
export default defineKind({
  kind: 'step',
  description: 'Runs inner specs one after another; the last result (or the first error) is the answer.',
  schema: Type.Object({
    specs: { ...innerSpecs, description: 'the inner specs, run in order: each one’s answer is the next one’s input' },
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: '@flowc/runtime/nodes/step',
  rawFields: ['specs'],
  expand(fields) {
    const list = fields.specs as Array<Record<string, unknown>>;
    const names = list.map((spec, i) => (typeof spec.name === 'string' && spec.name ? spec.name : `$${i}`));
    const specs = list.map((spec, i) => {
      const next = names[i + 1];
      // An inner spec's own ports are replaced by the chain.
      const ports = next === undefined ? {} : { out: [{ name: next, port: 'in' }] };
      return { spec: { ...spec, name: names[i], ports }, path: ['specs', i] };
    });
    const error: PortRef[] = names.map((name) => ({ name, port: 'error', optional: true }));
    return {
      specs,
      inbounds: { in: [{ name: names[0]!, port: 'in' }] },
      outbounds: { out: [{ name: names[names.length - 1]!, port: 'out', optional: true }], error },
    };
  },
  composite: true,
});
