import { describe, expect, it } from 'vitest';
import { Readiness } from './readiness.ts';

describe('readiness', () => {
  it('is ready only while serving with every source ready, and names what is not', () => {
    const readiness = new Readiness();
    let connected = false;
    const remove = readiness.add('nats-subscribe `jobs`', () => connected);
    readiness.add('store /srv/flows', () => {
      throw new Error('cannot tell');
    });
    expect(readiness.notReady()).toEqual(['starting', 'nats-subscribe `jobs` not connected', 'store /srv/flows not connected']);
    readiness.serving();
    connected = true;
    expect(readiness.notReady()).toEqual(['store /srv/flows not connected']);
    const other = new Readiness();
    other.serving();
    const gone = other.add('redis-stream `orders`', () => false);
    expect(other.notReady()).toEqual(['redis-stream `orders` not connected']);
    gone();
    expect(other.notReady()).toEqual([]);
    remove();
  });

  it('once draining stays not ready, whatever starts serving later', () => {
    const readiness = new Readiness();
    readiness.serving();
    readiness.draining();
    readiness.serving();
    expect(readiness.notReady()).toEqual(['draining']);
  });
});
