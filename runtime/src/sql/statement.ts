/**
 * SQL text with `:name` parameters (or `?` positional ones) rewritten into a driver's numbered
 * placeholders: `$1` for PostgreSQL, `?` for SQLite. String literals, quoted identifiers, comments,
 * PostgreSQL dollar-quoted strings and `::` casts are left alone.
 */
export interface Statement {
  readonly text: string;
  /** Parameter names in placeholder-number order (`:name` style), or undefined when the SQL has none. */
  readonly names: readonly string[] | undefined;
  /** Parameter names in order of appearance, repeats included (for drivers with unnumbered `?`). */
  readonly occurrences: readonly string[];
  /** Number of `?` placeholders when the SQL uses positional ones. */
  readonly positional: number;
}

export type Placeholder = (index: number) => string;

const MEMO_LIMIT = 512;
const memos = new Map<Placeholder, Map<string, Statement>>();

export function parseStatement(sql: string, placeholder: Placeholder): Statement {
  let memo = memos.get(placeholder);
  if (!memo) memos.set(placeholder, (memo = new Map()));
  let statement = memo.get(sql);
  if (!statement) {
    statement = rewrite(sql, placeholder);
    if (memo.size < MEMO_LIMIT) memo.set(sql, statement);
  }
  return statement;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

function rewrite(sql: string, placeholder: Placeholder): Statement {
  const names: string[] = [];
  const occurrences: string[] = [];
  const marks: Array<{ at: number; end: number; name?: string }> = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') i = skipQuoted(sql, i, c);
    else if (c === '-' && sql[i + 1] === '-') i = skipTo(sql, i + 2, '\n');
    else if (c === '/' && sql[i + 1] === '*') i = skipTo(sql, i + 2, '*/');
    else if (c === '$' && /[A-Za-z_$]/.test(sql[i + 1] ?? '') && dollarTag(sql, i)) i = skipDollar(sql, i);
    else if (c === ':' && sql[i + 1] === ':') i += 2;
    else if (c === ':' && NAME_START.test(sql[i + 1] ?? '')) {
      let end = i + 2;
      while (end < sql.length && NAME_PART.test(sql[end]!)) end++;
      marks.push({ at: i, end, name: sql.slice(i + 1, end) });
      i = end;
    } else if (c === '?') {
      marks.push({ at: i, end: i + 1 });
      i++;
    } else i++;
  }
  const named = marks.some((m) => m.name !== undefined);
  let text = '';
  let last = 0;
  let positional = 0;
  for (const mark of marks) {
    // With named parameters, `?` is an operator (PostgreSQL's jsonb `?`), not a placeholder.
    if (named && mark.name === undefined) continue;
    let index: number;
    if (mark.name !== undefined) {
      occurrences.push(mark.name);
      index = names.indexOf(mark.name);
      if (index === -1) index = names.push(mark.name) - 1;
    } else index = positional++;
    text += sql.slice(last, mark.at) + placeholder(index + 1);
    last = mark.end;
  }
  text += sql.slice(last);
  return { text, names: named ? names : undefined, occurrences, positional };
}

function skipQuoted(sql: string, i: number, quote: string): number {
  for (let j = i + 1; j < sql.length; j++) {
    if (sql[j] === quote) {
      if (sql[j + 1] === quote) j++;
      else return j + 1;
    }
  }
  return sql.length;
}

function skipTo(sql: string, from: number, end: string): number {
  const at = sql.indexOf(end, from);
  return at === -1 ? sql.length : at + end.length;
}

function dollarTag(sql: string, i: number): string | undefined {
  return /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.exec(sql.slice(i, i + 64))?.[0];
}

function skipDollar(sql: string, i: number): number {
  const tag = dollarTag(sql, i)!;
  return skipTo(sql, i + tag.length, tag);
}
