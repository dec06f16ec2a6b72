import { implement } from '../core/kind.ts';
import { NONE } from '../core/packet.ts';
import definition from '../kinds/nop.ts';

export default implement(definition, {
  create: () => ({ inputs: { in: () => NONE } }),
});
