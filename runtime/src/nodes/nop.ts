import { defineKind } from '../core/kind.ts';
import { NONE } from '../core/packet.ts';

export const nop = defineKind({
  kind: 'nop',
  description: 'Answers every packet with None; ends a branch without echoing anything back.',
  schema: { type: 'object', properties: {} },
  inputs: { in: {} },
  outputs: {},
  create: () => ({ inputs: { in: () => NONE } }),
});
export default nop;
