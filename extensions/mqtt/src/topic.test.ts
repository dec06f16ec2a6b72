import { describe, expect, it } from 'vitest';
import { filterProblem, groupProblem, sharedFilter, topicProblem } from './topic.ts';

describe('MQTT topic filters', () => {
  it('accepts wildcards standing alone in their level', () => {
    for (const ok of ['sensors/#', '#', '+', 'sensors/+/temperature', '+/+', '/', 'a//b', '$SYS/#', '$share/g/sensors/+']) expect(filterProblem(ok), ok).toBeUndefined();
  });

  it('refuses misplaced wildcards, empty filters and bad shared subscriptions', () => {
    expect(filterProblem('sensors/#/x')).toMatch(/`#` stands alone in the last level/);
    expect(filterProblem('sensors#')).toMatch(/`#`/);
    expect(filterProblem('sensors/te+mp')).toMatch(/`\+` stands alone/);
    expect(filterProblem('')).toMatch(/at least one character/);
    expect(filterProblem('$share/g')).toMatch(/needs a filter/);
    expect(filterProblem('$share/g/')).toMatch(/needs a filter/);
    expect(filterProblem('$share//x')).toMatch(/group is empty/);
    expect(filterProblem('$share/g+/x')).toMatch(/holds/);
    expect(filterProblem('$share/g/a/#/b')).toMatch(/`#`/);
    expect(filterProblem('a\u0000b')).toMatch(/NUL/);
  });

  it('refuses wildcards and $share in a topic to publish to', () => {
    expect(topicProblem('sensors/1/temperature')).toBeUndefined();
    expect(topicProblem('sensors/+')).toMatch(/no wildcard/);
    expect(topicProblem('sensors/#')).toMatch(/no wildcard/);
    expect(topicProblem('$share/g/x')).toMatch(/shared subscription/);
    expect(topicProblem('')).toMatch(/at least one character/);
  });

  it('builds a shared filter from a group', () => {
    expect(sharedFilter('sensors/#', 'workers')).toBe('$share/workers/sensors/#');
    expect(sharedFilter('sensors/#', undefined)).toBe('sensors/#');
    expect(sharedFilter('$share/a/x', 'b')).toBe('$share/a/x');
    expect(groupProblem('a/b')).toMatch(/holds/);
  });
});
