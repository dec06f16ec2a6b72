// Spec errors in the AMQP, Redis and MySQL nodes are build-time diagnostics at their line and column.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowc, ROOT, tempDir } from '../support/flowc.ts';

const BAD = `- kind: amqp-consume
  name: jobs
  url: amqp://guest:guest@127.0.0.1:5672
  queue: jobs
  deadLetter: jobs
- kind: amqp-publish
  name: out
  url: http://127.0.0.1:5672
  routingKey: done
- kind: redis-stream
  name: orders
  url: redis://127.0.0.1:6379
  stream: orders
  group: workers
  start: later
- kind: redis
  name: cache
  url: redis://127.0.0.1:6379
  command: BLPOP
- kind: sql
  name: db
  driver: mariadb
  source: mysql://root@127.0.0.1:3306/test
  isolation: 5
`;

describe('connector spec errors', () => {
  it('are reported by flowc check with file, line, column, node and hint', () => {
    const file = join(tempDir(), 'bad.yaml');
    writeFileSync(file, BAD);
    const r = flowc(['check', file, '--kinds', '@flowc/amqp', '--kinds', '@flowc/redis'], { cwd: ROOT });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:5:15: error FIELD_VALUE: the dead-letter queue is the queue consumed.*\(node `jobs`\)/);
    expect(r.stderr).toMatch(/bad\.yaml:8:8: error FIELD_VALUE: the URL scheme http: is not AMQP's.*\(node `out`\)/);
    expect(r.stderr).toMatch(/bad\.yaml:15:10: error FIELD_VALUE: "later" is not a stream position.*\(node `orders`\)/);
    expect(r.stderr).toMatch(/bad\.yaml:19:12: error FIELD_VALUE: BLPOP cannot run on a shared connection: blocking commands stall the shared connection.*\(node `cache`\)/);
    expect(r.stderr).toMatch(/bad\.yaml:24:14: error FIELD_VALUE: MySQL\/MariaDB has no isolation level 5.*\(node `db`\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
