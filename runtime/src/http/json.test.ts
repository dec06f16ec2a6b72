import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints, decodeJson, encodeJson, encodeJsonGeneral } from './json.ts';

/** Every object's keys in the order they appear in the JSON text. */
function keyOrders(text: string): string[][] {
  const orders: string[][] = [];
  let i = 0;
  const space = (): void => {
    while (/\s/.test(text.charAt(i))) i++;
  };
  const string = (): string => {
    const start = i++;
    while (text.charAt(i) !== '"') i += text.charAt(i) === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): void => {
    space();
    const c = text.charAt(i);
    if (c === '{') {
      const keys: string[] = [];
      orders.push(keys);
      i++;
      space();
      while (text.charAt(i) !== '}') {
        keys.push(string());
        space();
        i++; // ':'
        value();
        space();
        if (text.charAt(i) === ',') i++;
        space();
      }
      i++;
    } else if (c === '[') {
      i++;
      space();
      while (text.charAt(i) !== ']') {
        value();
        space();
        if (text.charAt(i) === ',') i++;
        space();
      }
      i++;
    } else if (c === '"') {
      string();
    } else {
      while (i < text.length && !',]}'.includes(text.charAt(i))) i++;
    }
  };
  value();
  return orders;
}

describe('encodeJson', () => {
  it('writes compact JSON with a trailing newline', () => {
    expect(encodeJson({ a: [1, 'x', true, null] })).toBe('{"a":[1,"x",true,null]}\n');
    expect(encodeJson('pong')).toBe('"pong"\n');
    expect(encodeJson(null)).toBe('null\n');
  });

  it('sorts object keys', () => {
    expect(encodeJson({ b: 1, a: 2, c: { z: 0, y: 1 } })).toBe('{"a":2,"b":1,"c":{"y":1,"z":0}}\n');
    expect(encodeJson({ 10: 'a', 9: 'b', a: 'c' })).toBe('{"10":"a","9":"b","a":"c"}\n');
  });

  it('sorts keys by code point (UTF-8 byte order), not UTF-16 unit', () => {
    expect(encodeJson({ '\u{10000}': 1, '\uffff': 2 })).toBe('{"\uffff":2,"\u{10000}":1}\n');
  });

  it('escapes <, >, & and U+2028/U+2029 like Go', () => {
    expect(encodeJson('<a href="x">&</a>')).toBe('"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"\n');
    expect(encodeJson('\u2028\u2029')).toBe('"\\u2028\\u2029"\n');
    expect(encodeJson({ '<k>': 1 })).toBe('{"\\u003ck\\u003e":1}\n');
  });

  it('escapes control characters like Go', () => {
    expect(encodeJson('\b\f\n\r\t\u0000\u001f\u007f')).toBe('"\\b\\f\\n\\r\\t\\u0000\\u001f\u007f"\n');
    expect(encodeJson('a"b\\c')).toBe('"a\\"b\\\\c"\n');
  });

  it('replaces lone surrogates with U+FFFD but keeps a literal backslash-u', () => {
    expect(encodeJson('x\ud800y')).toBe('"x\ufffdy"\n');
    expect(encodeJson('\\ud800')).toBe('"\\\\ud800"\n');
    expect(encodeJson('😀')).toBe('"😀"\n');
  });

  it('prints numbers like Go float64', () => {
    expect(encodeJson([1, 1.5, -0, 1e21, 1e-7, 123456789012, 0.000001])).toBe(
      '[1,1.5,-0,1e+21,1e-7,123456789012,0.000001]\n',
    );
    expect(encodeJson(10n ** 20n)).toBe('100000000000000000000\n');
  });

  it('refuses NaN and infinities', () => {
    expect(() => encodeJson(Number.NaN)).toThrow('unsupported value');
    expect(() => encodeJson({ a: Infinity })).toThrow('unsupported value');
  });

  it('writes what a value is, not what its own toJSON says (Buffer, Date), as Go sees it', () => {
    expect(encodeJson({ b: Buffer.from([0, 255, 1]), d: new Date(1700000000000) })).toBe('{"b":"AP8B","d":1700000000000}\n');
    expect(encodeJson([undefined, { u: undefined }])).toBe('[null,{"u":null}]\n');
  });

  it('writes bytes as base64, errors as {}, Maps as sorted objects, undefined as null', () => {
    expect(encodeJson(new Uint8Array([0, 255, 1]))).toBe('"AP8B"\n');
    expect(encodeJson(Buffer.from('hello'))).toBe('"aGVsbG8="\n');
    expect(encodeJson(new Error('boom'))).toBe('{}\n');
    expect(encodeJson(new Map<unknown, unknown>([['b', 1], ['a', new Map()], [3, 'x']]))).toBe('{"3":"x","a":{},"b":1}\n');
    expect(encodeJson(undefined)).toBe('null\n');
    expect(encodeJson({ a: undefined })).toBe('{"a":null}\n');
    expect(encodeJson([1, , 3])).toBe('[1,null,3]\n');
  });

  it('keeps empty maps and lists (unlike uniflow)', () => {
    expect(encodeJson({})).toBe('{}\n');
    expect(encodeJson([])).toBe('[]\n');
    expect(encodeJson({ a: {}, b: [] })).toBe('{"a":{},"b":[]}\n');
  });

  it('refuses functions and symbols, and cycles', () => {
    expect(() => encodeJson(() => 1)).toThrow('unsupported type');
    expect(() => encodeJson(Symbol('x'))).toThrow('unsupported type');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => encodeJson(cycle)).toThrow('unsupported value');
  });

  it('writes plain values on its fast path exactly as the general writer does', () => {
    const special = fc.constantFrom<unknown>(-0, undefined, new Date(0), new Uint8Array([1]), new Map([['k', 1]]), new Error('e'), 10n, '<&>\u2028', 'x\ud800', '\\ud800');
    const values = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.jsonValue(), fc.string({ unit: 'binary' }), special, tie('list'), tie('map')),
      list: fc.array(tie('value'), { maxLength: 4 }),
      map: fc.dictionary(fc.string({ unit: 'binary', maxLength: 4 }), tie('value'), { maxKeys: 4 }),
    })).value;
    fc.assert(
      fc.property(values, (value) => {
        expect(encodeJson(value)).toBe(`${encodeJsonGeneral(value)}\n`);
      }),
    );
    const sparse = [1, , 3];
    const deep: unknown[] = [];
    let at = deep;
    for (let i = 0; i < 100; i++) at.push((at = []));
    for (const value of [sparse, deep, Object.create(null) as object, Object.assign(Object.create(null) as object, { b: 1, a: 2 })]) {
      expect(encodeJson(value)).toBe(`${encodeJsonGeneral(value)}\n`);
    }
  });

  it('round-trips arbitrary JSON values with sorted keys', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = encodeJson(value);
        expect(text.endsWith('\n')).toBe(true);
        expect(text.slice(0, -1)).not.toMatch(/[\n<>&\u2028\u2029]/);
        expect(JSON.parse(text)).toEqual(value);
        for (const keys of keyOrders(text)) expect(keys).toEqual([...keys].sort(compareCodePoints));
      }),
      { numRuns: 500 },
    );
  });

  it('is stable under re-encoding', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = encodeJson(value);
        expect(encodeJson(JSON.parse(text))).toBe(text);
      }),
    );
  });
});

describe('decodeJson', () => {
  it('parses JSON', () => {
    expect(decodeJson('{"a":[1,2.5,"x",null,true]}')).toEqual({ a: [1, 2.5, 'x', null, true] });
    expect(decodeJson(' 1 ')).toBe(1);
  });

  it('throws a clear error on bad JSON', () => {
    expect(() => decodeJson('{"a":')).toThrow(/^invalid JSON: /);
    expect(() => decodeJson('', 'JSON body')).toThrow(/^invalid JSON body: /);
  });
});

describe('decodeJson: numbers a 64-bit float cannot hold', () => {
  it('refuses them instead of reading Infinity', () => {
    for (const text of ['1e400', '[-1e400]', '{"a":{"b":[1, 2E+999]}}', `1${'0'.repeat(400)}`]) {
      expect(() => decodeJson(text, 'JSON body'), text).toThrow('invalid JSON body: a number is out of range');
    }
  });

  it('keeps what does fit, and text that only looks like a large number', () => {
    expect(decodeJson('[1e308, -1.7976931348623157e308, 1e-400]')).toEqual([1e308, -1.7976931348623157e308, 0]);
    expect(decodeJson('{"e400": "1e400"}')).toEqual({ e400: '1e400' });
  });
});
