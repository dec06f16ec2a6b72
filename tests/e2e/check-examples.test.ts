import { describe, expect, it } from 'vitest';
import { flowc } from '../support/flowc.ts';

describe('flowc check on the examples', () => {
  it('every example that `check --help` prints passes, with the top-level examples as one program', () => {
    const help = flowc(['check', '--help']);
    const examples = [...help.stdout.matchAll(/^\s+\$ flowc (check .*)$/gm)].map((m) => m[1]!);
    expect(examples).toEqual(['check examples/charts/', 'check "examples/*.yaml" --format json']);
    for (const line of examples) {
      // Split as a shell would: quoted words stay whole.
      const args = [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
      const r = flowc(args);
      expect(r.status, `${line}\n${r.stderr}`).toBe(0);
    }
  });
});
