// The `greet` kind's definition: what the compiler reads. It imports nothing the kind needs to run.
import { defineKind } from '@flowc/runtime';
import { enumOf, Type } from '@flowc/runtime/schema';

export default defineKind({
  kind: 'greet',
  description: 'Answers `<greeting>, <name>!` for the `name` route parameter (or `name` field of the body), with the name in a case style.',
  schema: Type.Object({
    greeting: Type.String({ minLength: 1, description: 'the word to greet with' }),
    style: Type.Optional(enumOf(['capital', 'constant', 'snake'], { description: 'how the name is written (default: as given)' })),
  }),
  inputs: { in: {} },
  outputs: { out: {}, error: {} },
  implementation: './greet.runtime.ts',
  check(fields) {
    return typeof fields.greeting === 'string' && /[{}]/.test(fields.greeting) && !fields.greeting.includes('{{')
      ? [{ path: ['greeting'], message: 'a greeting holds no braces', hint: 'write plain words, or a `{{ }}` template' }]
      : [];
  },
});
