import { describe, expect, it } from 'vitest';
import definition from '../kinds/sql.ts';
import { mysqlOptions, mysqlValue } from './mysql.ts';

const noWiring = { inputs: new Set<string>(), outputs: new Set<string>(), indexed: {} };

describe('mysqlOptions', () => {
  it('reads mysql:// and mariadb:// URLs', () => {
    expect(mysqlOptions('mysql://app:s%40cret@db.local:3307/shop?charset=utf8mb4')).toEqual({ host: 'db.local', port: 3307, user: 'app', password: 's@cret', database: 'shop', charset: 'utf8mb4' });
    expect(mysqlOptions('mariadb://127.0.0.1/test')).toEqual({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' });
  });

  it("reads Go's DSN, the form uniflow takes", () => {
    expect(mysqlOptions('root:pw@tcp(127.0.0.1:3306)/test?charset=utf8mb4,utf8&parseTime=true')).toEqual({ host: '127.0.0.1', port: 3306, user: 'root', password: 'pw', database: 'test', charset: 'utf8mb4' });
    expect(mysqlOptions('app@unix(/run/mysqld/mysqld.sock)/db')).toEqual({ user: 'app', password: '', socketPath: '/run/mysqld/mysqld.sock', database: 'db' });
    expect(mysqlOptions('/test')).toEqual({ user: 'root', password: '', host: '127.0.0.1', port: 3306, database: 'test' });
    expect(() => mysqlOptions('not a dsn')).toThrow(/mysql:\/\/user:password@host:3306\/database/);
  });
});

describe('mysqlValue', () => {
  it('sends bytes as Buffers and maps and lists as JSON text', () => {
    expect(Buffer.isBuffer(mysqlValue(new Uint8Array([1])))).toBe(true);
    expect(mysqlValue({ a: [1] })).toBe('{"a":[1]}');
    expect(mysqlValue(undefined)).toBe(null);
    expect(mysqlValue(true)).toBe(true);
  });
});

describe('sql kind check', () => {
  it('reports an isolation level the database lacks, at build time', () => {
    expect(definition.check!({ driver: 'mysql', source: 'x', isolation: 5 }, noWiring)).toEqual([
      expect.objectContaining({ path: ['isolation'], message: 'MySQL/MariaDB has no isolation level 5 (use 0 default, 1, 2, 4 or 6)' }),
    ]);
    expect(definition.check!({ driver: 'sqlite', source: 'x', isolation: 2 }, noWiring)[0]?.message).toMatch(/SQLite transactions are serializable/);
    expect(definition.check!({ driver: 'postgres', source: 'x', isolation: 4 }, noWiring)).toEqual([]);
    expect(definition.check!({ driver: 'postgres', source: 'x', isolation: '{{ .LEVEL }}' }, noWiring)).toEqual([]);
  });
});
