import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainCode } from '@flowc/compiler';
import { flowc, ROOT } from '../support/flowc.ts';

describe('flowc explain and unknown commands', () => {
  it('explain CODE prints the section of docs/diagnostics.md and its url; any case', () => {
    const r = flowc(['explain', 'unknown_kind']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${explainCode('UNKNOWN_KIND')}\nSee docs/diagnostics.md#unknown_kind\n`);
    expect(r.stdout).toContain('- kind: routr');
  });

  it('explain of a code that does not exist exits 1 with the closest code', () => {
    const r = flowc(['explain', 'UNKNOWN_KND']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('did you mean `UNKNOWN_KIND`?');
  });

  it('a diagnostic in JSON carries the url of its code', () => {
    const r = flowc(['check', join(ROOT, 'tests/diagnostics/fixtures/UNKNOWN_KIND.yaml'), '--format', 'json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject([{ code: 'UNKNOWN_KIND', url: 'docs/diagnostics.md#unknown_kind' }]);
  });

  for (const args of [['chek'], ['chek', '--help'], ['help', 'chek'], ['chek', 'examples/ping.yaml', '-h']]) {
    it(`flowc ${args.join(' ')} exits non-zero and suggests \`check\``, () => {
      const r = flowc(args);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("unknown command 'chek'");
      expect(r.stderr).toContain('Did you mean check?');
      expect(r.stdout).toBe('');
    });
  }

  it('help of a known command still exits 0', () => {
    expect(flowc(['help', 'explain']).status).toBe(0);
    expect(flowc(['explain', '--help']).status).toBe(0);
  });
});
