// What a kind's definition module builds its schema with: TypeBox, and the field schemas built-in kinds share.
// Implementation modules import `@flowc/runtime` instead, so that bundles carry no schema builder.
export { Type, type Static, type TSchema } from '@sinclair/typebox';
export { byteSize, duration, enumOf, portRefs } from './core/schema.ts';
