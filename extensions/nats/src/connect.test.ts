import { describe, expect, it } from 'vitest';
import { ReconnectBackoff } from './connect.ts';

/** Runs the client's dial loop against a clock: asks for the wait, dials when it has passed, else sleeps. */
function dialTimes(backoff: ReconnectBackoff, clock: { t: number }, until: number): number[] {
  const dials: number[] = [];
  let lastConnect = 0;
  while (clock.t < until) {
    const wait = backoff.delay();
    if (lastConnect === 0 || lastConnect + wait <= clock.t) {
      dials.push(clock.t);
      lastConnect = clock.t;
      clock.t += 1; // the dial fails after a millisecond
    } else clock.t += Math.min(wait, lastConnect + wait - clock.t);
  }
  return dials;
}

describe('ReconnectBackoff', () => {
  it('dials at once, then after waits doubling up to the longest, and starts over once connected', () => {
    const clock = { t: 1000 };
    const backoff = new ReconnectBackoff(250, 2000, () => clock.t);
    const gaps = (dials: number[]): number[] => dials.slice(1).map((t, i) => t - dials[i]!);
    expect(gaps(dialTimes(backoff, clock, 9000))).toEqual([250, 500, 1000, 2000, 2000, 2000]);
    backoff.reset();
    const resetAt = clock.t;
    const again = dialTimes(backoff, clock, resetAt + 1000);
    expect(again[0]).toBe(resetAt);
    expect(gaps(again)).toEqual([250, 500]);
  });
});
