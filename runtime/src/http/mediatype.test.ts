import { describe, expect, it } from 'vitest';
import { formatMediaType, mediaTypeBase, parseMediaType } from './mediatype.ts';

describe('parseMediaType (Go mime.ParseMediaType)', () => {
  it('parses type, subtype and parameters', () => {
    expect(parseMediaType('Text/HTML; Charset=UTF-8; q=0.5')).toEqual({ type: 'text/html', params: { charset: 'UTF-8', q: '0.5' } });
    expect(parseMediaType('gzip')).toEqual({ type: 'gzip', params: {} });
    expect(parseMediaType(' */* ')).toEqual({ type: '*/*', params: {} });
  });

  it('reads quoted values with escapes', () => {
    expect(parseMediaType('form-data; name="a \\"b\\" \\c"; filename=""')).toEqual({
      type: 'form-data',
      params: { name: 'a "b" \\c', filename: '' },
    });
  });

  it('decodes RFC 2231 extended values', () => {
    expect(parseMediaType("attachment; filename*=UTF-8''%E2%82%AC%20rates.txt")?.params.filename).toBe('€ rates.txt');
  });

  it('rejects malformed values', () => {
    for (const bad of ['', ' ', 'text/', '/plain', 'a/b/c', 'text/plain extra', 'a;b', 'a; b=', 'a; b="open', 'a; b=1; b=2', 'a; b=1 c=2']) {
      expect(parseMediaType(bad), bad).toBeUndefined();
    }
  });

  it('tolerates a trailing semicolon', () => {
    expect(parseMediaType('text/plain;')).toEqual({ type: 'text/plain', params: {} });
    expect(parseMediaType('text/plain; a=1 ; ')).toEqual({ type: 'text/plain', params: { a: '1' } });
  });

  it('mediaTypeBase ignores parameters but checks the type', () => {
    expect(mediaTypeBase('Application/Json; ;;')).toBe('application/json');
    expect(mediaTypeBase('not a type')).toBeUndefined();
  });

  it('formats with sorted, quoted-when-needed parameters', () => {
    expect(formatMediaType('multipart/form-data', { boundary: 'abc', a: 'x y' })).toBe('multipart/form-data; a="x y"; boundary=abc');
  });
});
