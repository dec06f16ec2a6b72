import { implement } from '../core/kind.ts';
import { composite } from '../core/composite.ts';
import definition from '../kinds/block.ts';

/** A private sub-graph whose `inbounds`/`outbounds` become the block's own ports. */
export default implement(definition, {
  create: composite,
});
