import { Type } from '@sinclair/typebox';
import { defineKind } from '../core/kind.ts';

/** Raises an error: the fixed `message`, or one built from the payload; it leaves through `error`. */
export default defineKind({
  kind: 'throw',
  description: 'Raises an error with a fixed `message` or built from the payload (a string, or a map with `message`).',
  schema: Type.Object({
    message: Type.Optional(Type.String({ minLength: 1, description: 'a fixed error message (default: taken from the payload); the payload is the error’s data either way' })),
  }),
  inputs: { in: {} },
  outputs: { error: {} },
  implementation: '@flowc/runtime/nodes/throw',
});
