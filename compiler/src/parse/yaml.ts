import { Composer, CST, isAlias, isMap, isScalar, isSeq, LineCounter, Parser, type Document, type Node } from 'yaml';
import { limitExceeded, yamlSyntax, yamlUnclosed, type Log } from '../diagnostics/messages.ts';
import { LIMITS } from '../diagnostics/limits.ts';

/**
 * YAML (and JSON, which is YAML) read without trusting the input: nesting is measured on the concrete
 * syntax tree before anything recursive sees it, aliases are expanded under a size limit and refused
 * when they make data cyclic, maps become prototype-less objects (so `__proto__` is a key like any
 * other), and an unclosed quote or bracket is reported where it opens.
 */

/** A problem at an offset of the text. */
export interface YamlProblem {
  readonly log: Log;
  readonly offset: number;
}

export interface ParsedYaml {
  /** Documents without errors, ready for `toData`. */
  readonly documents: readonly Document.Parsed[];
  readonly problems: readonly YamlProblem[];
  readonly lines: LineCounter;
  /** The text parsed: the input without a leading byte order mark. */
  readonly text: string;
}

const BOM = '\uFEFF';

export function parseYaml(input: string): ParsedYaml {
  const text = input.startsWith(BOM) ? input.slice(1) : input;
  const lines = new LineCounter();
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  const problems: YamlProblem[] = [];
  const composable = tokens.filter((token) => {
    if (token.type !== 'document') return true;
    const deep = tooDeep(token);
    if (deep === undefined) return true;
    problems.push({ log: limitExceeded('documentDepth', deep.depth, 'the document nests too deeply'), offset: deep.offset });
    return false;
  });
  const documents: Document.Parsed[] = [];
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true });
  const docTokens = composable.filter((t) => t.type === 'document') as CST.Document[];
  let index = 0;
  for (const doc of [...composer.compose(composable, true, text.length)]) {
    const token = docTokens[index++];
    if (doc.errors.length === 0) {
      documents.push(doc);
      continue;
    }
    const unclosed = token ? unclosedOpeners(token) : [];
    const first = unclosed[0]?.offset ?? Infinity;
    for (const open of unclosed) problems.push({ log: yamlUnclosed(open.what), offset: open.offset });
    // What an unclosed quote or bracket swallows produces errors of its own; the opener is the cause.
    for (const error of doc.errors) if (error.pos[0] < first) problems.push({ log: yamlSyntax(error.message.split('\n')[0]!), offset: error.pos[0] });
  }
  return { documents, problems, lines, text };
}

/** The first place where collections nest past the limit, measured without recursion. */
function tooDeep(document: CST.Document): { depth: number; offset: number } | undefined {
  const max = LIMITS.documentDepth.max;
  const stack: Array<[CST.Token, number]> = document.value ? [[document.value, 0]] : [];
  while (stack.length > 0) {
    const [token, outer] = stack.pop()!;
    if (!CST.isCollection(token)) continue;
    const depth = outer + 1;
    if (depth > max) return { depth, offset: token.offset };
    for (const item of token.items) {
      if (item.key) stack.push([item.key, depth]);
      if (item.value) stack.push([item.value, depth]);
    }
  }
  return undefined;
}

export type Opener = 'double-quoted string' | 'single-quoted string' | 'flow sequence' | 'flow map';

/** Quoted strings and flow collections (`[…]`, `{…}`) that are never closed, in the order they open. */
function unclosedOpeners(document: CST.Document): Array<{ what: Opener; offset: number }> {
  const found: Array<{ what: Opener; offset: number }> = [];
  const stack: CST.Token[] = document.value ? [document.value] : [];
  while (stack.length > 0) {
    const token = stack.pop()!;
    if (token.type === 'double-quoted-scalar' && !closedDouble(token.source)) found.push({ what: 'double-quoted string', offset: token.offset });
    if (token.type === 'single-quoted-scalar' && !closedSingle(token.source)) found.push({ what: 'single-quoted string', offset: token.offset });
    if (token.type === 'flow-collection') {
      const close = token.start.source === '[' ? ']' : '}';
      if (!token.end.some((t) => t.source === close)) found.push({ what: close === ']' ? 'flow sequence' : 'flow map', offset: token.offset });
    }
    if (CST.isCollection(token)) {
      for (const item of token.items) {
        if (item.key) stack.push(item.key);
        if (item.value) stack.push(item.value);
      }
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

function closedDouble(source: string): boolean {
  if (source.length < 2 || !source.endsWith('"')) return false;
  let backslashes = 0;
  for (let i = source.length - 2; i > 0 && source[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

function closedSingle(source: string): boolean {
  let quotes = 0;
  for (let i = source.length - 1; i > 0 && source[i] === "'"; i--) quotes++;
  // `''` inside is an escaped quote: the string is closed by an odd run of quotes at its end.
  return quotes % 2 === 1;
}

export type Path = readonly (string | number)[];

/** Where a value was written: its start, and its key's start when it sits in a map. */
export interface Spot {
  readonly value: number;
  readonly key?: number;
  readonly scalar?: { readonly type: string | undefined; readonly start: number };
}

export function spotKey(path: Path): string {
  return path.join('\u0000');
}

class Refused extends Error {
  constructor(readonly problem: YamlProblem) {
    super(problem.log.message);
  }
}

/**
 * Turns the nodes of one document into plain data: maps into prototype-less objects, aliases into
 * copies of their anchor's data (at most LIMITS.documentValues values in all, nesting at most
 * LIMITS.documentDepth deep). Read a document's values in order: an alias names an anchor defined
 * before it, possibly in an earlier value of the same document.
 */
export class DataReader {
  private readonly anchors = new Map<string, Node>();
  private readonly open = new Set<Node>();
  private values = 0;

  /** `spots` receives where each value was written (values copied by an alias are located at the alias). */
  read(root: Node, spots?: Map<string, Spot>): { value: unknown } | { problem: YamlProblem } {
    try {
      return { value: this.convert(root, [], { value: root.range?.[0] ?? 0 }, 0, undefined, spots) };
    } catch (error) {
      if (error instanceof Refused) return { problem: error.problem };
      throw error;
    }
  }

  /**
   * `depth` counts the collections around `node`. Inside a copy made by an alias, `copy` is the alias
   * written in the text (where problems are reported) and `path` is undefined (copies are not located).
   */
  private convert(node: Node, path: Path | undefined, spot: Spot, depth: number, copy: Node | undefined, spots: Map<string, Spot> | undefined): unknown {
    const offset = (copy ?? node).range?.[0] ?? spot.value;
    const valueLimit = LIMITS.documentValues.max;
    if (++this.values > valueLimit) throw new Refused({ log: limitExceeded('documentValues', this.values, 'the document holds too many values once its aliases are expanded'), offset });
    if (path && spots) spots.set(spotKey(path), isScalar(node) ? { ...spot, scalar: { type: node.type, start: node.range?.[0] ?? spot.value } } : spot);
    if (node.anchor && copy === undefined) this.anchors.set(node.anchor, node);
    if (isAlias(node)) {
      const target = this.anchors.get(node.source);
      if (!target) throw new Refused({ log: yamlSyntax(`alias \`*${node.source}\` names no anchor`, `define \`&${node.source}\` on a value before this alias, or remove the alias`), offset });
      if (this.open.has(target)) throw new Refused({ log: yamlSyntax(`alias \`*${node.source}\` sits inside the value it names, which would make the data cyclic`, 'an alias can copy a value defined before it, not one that contains it'), offset });
      this.values--;
      return this.convert(target, undefined, spot, depth, copy ?? node, spots);
    }
    if (isScalar(node)) return node.value;
    if (depth + 1 > LIMITS.documentDepth.max) throw new Refused({ log: limitExceeded('documentDepth', depth + 1, 'the document nests too deeply once its aliases are expanded'), offset });
    this.open.add(node);
    try {
      if (isMap(node)) {
        const out = Object.create(null) as Record<string, unknown>;
        for (const pair of node.items) {
          const keyNode = pair.key as Node | null;
          const k = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
          const keyStart = keyNode?.range?.[0];
          const value = pair.value as Node | null;
          const start = value?.range?.[0] ?? keyStart ?? spot.value;
          const inner = path && [...path, k];
          if (value) {
            out[k] = this.convert(value, inner, { value: start, key: keyStart }, depth + 1, copy, spots);
          } else {
            out[k] = null;
            if (inner && spots) spots.set(spotKey(inner), { value: start, key: keyStart });
          }
        }
        return out;
      }
      if (isSeq(node)) {
        return node.items.map((item, i) => {
          const child = item as Node | null;
          if (!child) return null;
          return this.convert(child, path && [...path, i], { value: child.range?.[0] ?? spot.value }, depth + 1, copy, spots);
        });
      }
      return null;
    } finally {
      this.open.delete(node);
    }
  }
}
