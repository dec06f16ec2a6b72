import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CODES } from './codes.ts';
import * as messages from './messages.ts';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('messages', () => {
  it('every diagnostic is worded in messages.ts: no stage builds a diagnostic literal', () => {
    const offenders = sources(SRC).filter((file) => !file.endsWith('messages.ts') && /\.report\(\s*\{/.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => f.slice(SRC.length))).toEqual([]);
  });

  it('the message functions produce codes of the one table, with a message and a hint', () => {
    const samples = [
      messages.unknownKind('routr', ['router', 'nop'], 'default', undefined),
      messages.duplicateName('node', 'a', 'namespace `default`', { file: 'f.yaml', line: 2, column: 9 }),
      messages.fieldType('port', 'integer', messages.describeValue(Infinity)),
      messages.missingField('port', undefined),
    ];
    for (const log of samples) {
      expect(Object.keys(CODES)).toContain(log.code);
      expect(log.message.length).toBeGreaterThan(0);
      expect(log.hint?.length).toBeGreaterThan(0);
    }
    expect(samples[0]!.hint).toBe('did you mean `router`?');
    expect(samples[1]!.hint).toBe('rename one of them; the first is at f.yaml:2:9');
    expect(samples[2]!.message).toBe('`port` must be an integer, not .inf');
  });
});
