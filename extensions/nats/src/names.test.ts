import { describe, expect, it } from 'vitest';
import { nameProblem, serversProblem, shownServers, subjectProblem } from './names.ts';

describe('NATS names', () => {
  it('accepts subjects, with wildcards only where subscribing', () => {
    for (const ok of ['orders', 'orders.created', 'orders.*', 'orders.>', '>', '*.x.*']) expect(subjectProblem(ok, true), ok).toBeUndefined();
    expect(subjectProblem('orders.created', false)).toBeUndefined();
    expect(subjectProblem('orders.*', false)).toMatch(/no wildcard/);
    expect(subjectProblem('orders.>', false)).toMatch(/no wildcard/);
  });

  it('refuses empty tokens, whitespace and a `>` before the end', () => {
    expect(subjectProblem('', true)).toMatch(/at least one/);
    expect(subjectProblem('a..b', true)).toMatch(/empty token/);
    expect(subjectProblem('.a', true)).toMatch(/empty token/);
    expect(subjectProblem('a b', true)).toMatch(/whitespace/);
    expect(subjectProblem('a.>.b', true)).toMatch(/`>` stands alone in the last token/);
  });

  it('checks names and server lists', () => {
    expect(nameProblem('stream', 'ORDERS')).toBeUndefined();
    expect(nameProblem('stream', 'a.b')).toMatch(/holds/);
    expect(nameProblem('queue group', '')).toMatch(/empty/);
    expect(serversProblem('nats://127.0.0.1:4222, 127.0.0.1:4223')).toBeUndefined();
    expect(serversProblem('http://x')).toMatch(/not NATS/);
    expect(shownServers('nats://u:secret@h:4222')).toBe('nats://u:***@h:4222');
  });
});
