// Writes docs/diagnostics.md from the table of codes (compiler/src/diagnostics/codes.ts), through the built
// API: run `npm run docs:diagnostics`, which builds first. compiler/src/diagnostics/codes.test.ts fails when
// the page is stale.
import { writeFileSync } from 'node:fs';
import { diagnosticsReference } from '../compiler/dist/index.mjs';

writeFileSync(new URL('../docs/diagnostics.md', import.meta.url), diagnosticsReference());
