import { describe, expect, it } from 'vitest';
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
});
