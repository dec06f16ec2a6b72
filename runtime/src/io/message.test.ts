import { describe, expect, it } from 'vitest';
import { decodeBody, encodeBody } from '../http/codec.ts';
import { decodeMessage, encodeMessage } from './message.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('message bodies', () => {
  it('decodes by content type as the listener does', () => {
    expect(decodeMessage(bytes('{"t":21.5}'), 'application/json')).toEqual({ body: { t: 21.5 }, contentType: 'application/json' });
    expect(decodeMessage(bytes('{"t":1}'), 'application/vnd.x+json').body).toEqual({ t: 1 });
    expect(decodeMessage(bytes('hello'), 'text/plain; charset=utf-8').body).toBe('hello');
    expect(decodeMessage(bytes('abc'), 'application/octet-stream').body).toEqual(new Uint8Array([97, 98, 99]));
    expect(decodeMessage(new Uint8Array(0), 'application/json').body).toBe('');
  });

  it('detects the type of a body that names none', () => {
    expect(decodeMessage(bytes('{"n":1}'))).toEqual({ body: { n: 1 }, contentType: 'application/json; charset=utf-8' });
    const text = decodeMessage(bytes('plain words'));
    expect(text.body).toBe('plain words');
    expect(text.contentType).toMatch(/^text\/plain/);
    expect(decodeMessage(new Uint8Array([0, 159, 146, 150])).body).toBeInstanceOf(Uint8Array);
  });

  it('refuses malformed JSON', () => {
    expect(() => decodeMessage(bytes('{'), 'application/json')).toThrow(/JSON/);
  });

  it('encodes strings as text, bytes as they are, anything else as JSON', () => {
    expect(encodeMessage({ a: 1 })).toEqual({ bytes: '{"a":1}', contentType: expect.stringMatching(/^application\/json/) });
    expect(encodeMessage('hi').contentType).toMatch(/^text\/plain/);
    expect(encodeMessage(new Uint8Array([1, 2])).bytes).toEqual(new Uint8Array([1, 2]));
    expect(encodeMessage('{"a":1}', 'application/json').bytes).toBe('"{\\"a\\":1}"');
    expect(encodeMessage([1], 'application/cloudevents+json').bytes).toBe('[1]');
  });

  it('encodes a value without a content type as the http codec does, without its trailing newline', () => {
    const values: unknown[] = [{ b: 1, a: [true, null, 'x<y&z'] }, [1, -0, 2.5], null, 7, false, new Date(0), 'text', new Uint8Array([0, 255]), new Error('e'), { ü: '\u2028', z: { y: 1, x: 2 } }];
    for (const value of values) {
      const headers: Record<string, string[]> = {};
      const http = encodeBody(value, headers);
      const expected = typeof http === 'string' && http.endsWith('\n') && /json/.test(headers['Content-Type']![0]!) ? http.slice(0, -1) : http;
      expect(encodeMessage(value)).toEqual({ bytes: expected, contentType: headers['Content-Type']![0] });
    }
  });

  it('decodes a body without a content type as the http codec does, and says what it detected', () => {
    const bodies = ['{"b":1,"a":[2]}', ' [1, 2] ', '"s"', '12', 'plain words', 'a=1&b=2', '<a>x</a>', '{"n":1e999}', ''];
    for (const text of bodies) {
      const headers: Record<string, string[]> = {};
      let expected: unknown;
      try {
        expected = { body: decodeBody(bytes(text), headers), contentType: headers['Content-Type']![0] };
      } catch (error) {
        expect(() => decodeMessage(bytes(text))).toThrow((error as Error).message);
        continue;
      }
      expect(decodeMessage(bytes(text))).toEqual(expected);
    }
    const binary = new Uint8Array([0, 159, 146, 150]);
    expect(decodeMessage(binary)).toEqual({ body: binary, contentType: 'application/octet-stream' });
  });
});
