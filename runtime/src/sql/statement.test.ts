import { describe, expect, it } from 'vitest';
import { parseStatement } from './statement.ts';

const pg = (i: number): string => `$${i}`;
const lite = (): string => '?';

describe('parseStatement', () => {
  it('rewrites :name parameters, reusing the number of a repeated name', () => {
    expect(parseStatement('SELECT * FROM t WHERE a = :a AND b = :b OR a = :a', pg)).toEqual({
      text: 'SELECT * FROM t WHERE a = $1 AND b = $2 OR a = $1',
      names: ['a', 'b'],
      occurrences: ['a', 'b', 'a'],
      positional: 0,
    });
    expect(parseStatement('INSERT INTO users(name) VALUES (:name)', lite).text).toBe('INSERT INTO users(name) VALUES (?)');
  });

  it('leaves literals, identifiers, comments, casts and dollar quotes alone', () => {
    const sql = `SELECT ':x', "a:b", $$ :y $$, $tag$ :z $tag$, c::text -- :w\n/* :v */ FROM t WHERE id = :id`;
    const s = parseStatement(sql, pg);
    expect(s.names).toEqual(['id']);
    expect(s.text).toBe(sql.replace(':id', '$1'));
  });

  it('numbers ? placeholders when there are no names, and keeps ? as an operator when there are', () => {
    expect(parseStatement('SELECT ? + ?', pg)).toEqual({ text: 'SELECT $1 + $2', names: undefined, occurrences: [], positional: 2 });
    expect(parseStatement(`SELECT doc ? 'k' FROM t WHERE id = :id`, pg).text).toBe(`SELECT doc ? 'k' FROM t WHERE id = $1`);
  });

  it('handles doubled quotes inside literals', () => {
    expect(parseStatement(`SELECT 'it''s :x' WHERE a = :a`, pg).text).toBe(`SELECT 'it''s :x' WHERE a = $1`);
  });
});
