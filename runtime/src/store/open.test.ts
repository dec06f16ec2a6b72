import { describe, expect, it } from 'vitest';
import { openStore } from './open.ts';
import { StoreError } from './types.ts';

describe('openStore', () => {
  it('refuses a URL scheme it does not know instead of making a folder of that name', () => {
    for (const url of ['postgress://localhost/flows', 'mysql://root@localhost/test', 'redis://localhost']) {
      const opening = () => openStore(url);
      expect(opening).toThrow(StoreError);
      expect(opening).toThrow(`unsupported store URL \`${url.split('://')[0]}://…\`: a store is postgres://… (or postgresql://…), mem://…, file://… or a folder path`);
    }
  });

  it('opens the schemes it knows', async () => {
    const store = openStore('mem://open-test');
    expect(store.location).toBe('mem://open-test');
    await store.close();
  });
});
