import { describe, expect, it } from 'vitest';
import { shownUrl } from './redact.ts';

describe('shownUrl', () => {
  it('masks the password of a connection URL and keeps the rest', () => {
    expect(shownUrl('amqp://guest:s3cret@127.0.0.1:5672/')).toBe('amqp://guest:***@127.0.0.1:5672');
    expect(shownUrl('redis://127.0.0.1:6379/2')).toBe('redis://127.0.0.1:6379/2');
  });

  it('shows text that is not a URL as it is', () => {
    expect(shownUrl('not a url')).toBe('not a url');
  });
});
