import { join, toError } from './packet.ts';

/**
 * Helpers for nodes that chain sends. An answer is a value or a promise of one; these keep the
 * synchronous path synchronous (statically wired chains stay plain calls) and never throw or reject:
 * whatever a downstream handler throws becomes an error payload.
 */

/** Runs `send` and returns its answer; a throw or a rejection becomes an error payload. */
export function attempt(send: () => unknown): unknown {
  let answer: unknown;
  try {
    answer = send();
  } catch (thrown) {
    return toError(thrown);
  }
  return answer instanceof Promise ? answer.catch(toError) : answer;
}

/** Feeds an answer to `next` once it is available, synchronously when it already is. */
export function andThen(answer: unknown, next: (value: unknown) => unknown): unknown {
  if (answer instanceof Promise) return answer.then((value: unknown) => attempt(() => next(value)), toError);
  return attempt(() => next(answer));
}

/** Joins several answers (§2.4) once all are available. */
export function joinAll(answers: readonly unknown[]): unknown {
  for (const answer of answers) {
    if (answer instanceof Promise) return Promise.all(answers.map((a) => (a instanceof Promise ? a.catch(toError) : a))).then(join);
  }
  return join(answers);
}
