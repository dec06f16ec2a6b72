import { describe, expect, it } from 'vitest';
import { compatible, negotiate } from './negotiate.ts';
import { contentTypeOffers } from './offers.ts';

const ENCODINGS = ['identity', 'gzip', 'deflate', 'br'] as const;
const STRING_OFFERS = contentTypeOffers('pong');
const MAP_OFFERS = contentTypeOffers({ a: 1 });

describe('negotiate', () => {
  it('returns nothing without a header, with an empty header or without offers', () => {
    expect(negotiate(undefined, STRING_OFFERS)).toBeUndefined();
    expect(negotiate('', STRING_OFFERS)).toBeUndefined();
    expect(negotiate('*/*', [])).toBeUndefined();
  });

  it('picks the first offer for */* (Accept: */* + string → text/plain)', () => {
    expect(negotiate('*/*', STRING_OFFERS)).toBe('text/plain; charset=utf-8');
  });

  it('compares offers by media type, ignoring their parameters', () => {
    expect(negotiate('application/json', STRING_OFFERS)).toBe('application/json; charset=utf-8');
    expect(negotiate('text/plain', STRING_OFFERS)).toBe('text/plain; charset=utf-8');
  });

  it('lower-cases the requested media type', () => {
    expect(negotiate('Application/JSON', STRING_OFFERS)).toBe('application/json; charset=utf-8');
  });

  it('supports per-part wildcards', () => {
    expect(negotiate('application/*', STRING_OFFERS)).toBe('application/json; charset=utf-8');
    expect(negotiate('*/plain', STRING_OFFERS)).toBe('text/plain; charset=utf-8');
    expect(negotiate('image/*', STRING_OFFERS)).toBeUndefined();
  });

  it('lets a bare * match anything, but not */* against a bare token', () => {
    expect(negotiate('*', ENCODINGS)).toBe('identity');
    expect(negotiate('*', STRING_OFFERS)).toBe('text/plain; charset=utf-8');
    expect(negotiate('*/*', ENCODINGS)).toBeUndefined();
  });

  it('compares bare tokens whole', () => {
    expect(negotiate('gzip, br', ENCODINGS)).toBe('gzip');
    expect(negotiate('br', ENCODINGS)).toBe('br');
    expect(negotiate('gzi', ENCODINGS)).toBeUndefined();
    expect(negotiate('compress', ENCODINGS)).toBeUndefined();
    expect(negotiate('gzip, compress, br', ENCODINGS)).toBe('gzip');
  });

  it('keeps the first token with a strictly higher quality', () => {
    expect(negotiate('gzip;q=0.5, br;q=0.8', ENCODINGS)).toBe('br');
    expect(negotiate('gzip;q=0.8, br;q=0.8', ENCODINGS)).toBe('gzip');
    expect(negotiate('br;q=0.3, deflate;q=0.9, gzip;q=0.5', ENCODINGS)).toBe('deflate');
    expect(negotiate('text/plain;q=0.2, application/json;q=0.9', STRING_OFFERS)).toBe('application/json; charset=utf-8');
  });

  it('stops at the first match of quality 1', () => {
    expect(negotiate('deflate, gzip;q=1.0, *;q=0.5', ENCODINGS)).toBe('deflate');
    expect(negotiate('text/*, application/json;q=1.0, *;q=0.5', ['text/plain'])).toBe('text/plain');
  });

  it('treats q=0 (or below) as not acceptable', () => {
    expect(negotiate('gzip;q=0', ENCODINGS)).toBeUndefined();
    expect(negotiate('gzip;q=0, br', ENCODINGS)).toBe('br');
    expect(negotiate('gzip;q=-1', ENCODINGS)).toBeUndefined();
    expect(negotiate('application/json;q=0.0', STRING_OFFERS)).toBeUndefined();
  });

  it('treats a malformed q as 1 (Go ParseFloat error)', () => {
    expect(negotiate('br;q=0.5, gzip;q=abc', ENCODINGS)).toBe('gzip');
    expect(negotiate('br;q=0.5, gzip;q="0.9"', ENCODINGS)).toBe('gzip');
  });

  it('skips unparsable tokens', () => {
    expect(negotiate('text/, application/json', STRING_OFFERS)).toBe('application/json; charset=utf-8');
    expect(negotiate('a/b/c, br', ENCODINGS)).toBe('br');
    expect(negotiate('gzip;q, br', ENCODINGS)).toBe('br');
    expect(negotiate('gzip;q=0.9;q=0.9, br;q=0.1', ENCODINGS)).toBe('br');
    expect(negotiate('@@@, ,,gzip', ENCODINGS)).toBe('gzip');
    expect(negotiate(';q=1', ENCODINGS)).toBeUndefined();
  });

  it('accepts whitespace around tokens and parameters, and a trailing semicolon', () => {
    expect(negotiate('  gzip ;  q=0.4 ,  br ; q = 0.6 ', ENCODINGS)).toBe('br');
    expect(negotiate('gzip;', ENCODINGS)).toBe('gzip');
  });

  it('negotiates map bodies over json, form and multipart', () => {
    expect(negotiate('*/*', MAP_OFFERS)).toBe('application/json; charset=utf-8');
    expect(negotiate('application/x-www-form-urlencoded', MAP_OFFERS)).toBe('application/x-www-form-urlencoded');
    expect(negotiate('multipart/form-data', MAP_OFFERS)).toBe('multipart/form-data');
  });

  it('answers from the memo consistently, also for offers arrays it has not seen', () => {
    for (let i = 0; i < 600; i++) expect(negotiate(`x-${i}, gzip;q=0.${(i % 9) + 1}`, ENCODINGS)).toBe('gzip');
    expect(negotiate('gzip, br', ENCODINGS)).toBe('gzip');
    expect(negotiate('*', ['br', 'gzip'])).toBe('br');
    expect(negotiate('*', ENCODINGS)).toBe('identity');
    expect(negotiate('nothing', ENCODINGS)).toBeUndefined();
    expect(negotiate('nothing', ENCODINGS)).toBeUndefined();
  });
});

describe('compatible', () => {
  it('follows uniflow IsCompatible', () => {
    expect(compatible('text/plain', 'text/plain')).toBe(true);
    expect(compatible('text/*', 'text/plain')).toBe(true);
    expect(compatible('text/plain', 'text/*')).toBe(true);
    expect(compatible('text/plain', 'text/html')).toBe(false);
    expect(compatible('*', 'gzip')).toBe(true);
    expect(compatible('gzip', 'text/plain')).toBe(false);
  });
});
