// Go's fmt lives in core/printf.ts (templates use it, and the core imports nothing from lang/). This
// re-export keeps the kinds' imports stable while they are being split into definition and implementation.
export { sprintf } from '../core/printf.ts';
