import { describe, expect, it } from 'vitest';
import { createResources } from './resources.ts';

describe('host resources', () => {
  it('opens one resource per key, shares it, and closes it with the last lease', async () => {
    const events: string[] = [];
    const resources = createResources();
    const spec = { open: () => (events.push('open'), { id: 1 }), close: () => void events.push('close') };
    const a = await resources.acquire('db', spec);
    const b = await resources.acquire('db', spec);
    expect(a.value).toBe(b.value);
    await a.release();
    await a.release();
    expect(events).toEqual(['open']);
    await b.release();
    expect(events).toEqual(['open', 'close']);
    await (await resources.acquire('db', spec)).release();
    expect(events).toEqual(['open', 'close', 'open', 'close']);
  });

  it('forgets a resource that failed to open, and closes everything on shutdown', async () => {
    const resources = createResources();
    let fail = true;
    const closed: string[] = [];
    const spec = (name: string) => ({
      open: () => {
        if (fail) throw new Error('no database');
        return name;
      },
      close: (value: string) => void closed.push(value),
    });
    await expect(resources.acquire('x', spec('x'))).rejects.toThrow('no database');
    fail = false;
    expect((await resources.acquire('x', spec('x'))).value).toBe('x');
    await resources.acquire('y', spec('y'));
    await resources.closeAll();
    expect(closed.sort()).toEqual(['x', 'y']);
  });
});
