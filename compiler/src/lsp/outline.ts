import { isMap, isScalar, isSeq, parseAllDocuments, type Node, type YAMLMap } from 'yaml';

/** A span of a file's text: `[start, end)` offsets. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A connection written under `ports`: which out-port, and the node and in-port it names. */
export interface WrittenRef {
  readonly port: string;
  readonly name?: string;
  /** The text of the name, without quotes. */
  readonly nameSpan?: Span;
  readonly target?: string;
}

/** A top-level spec of a file as written: what an editor points at. */
export interface WrittenSpec {
  readonly file: string;
  /** Index among the file's top-level resources (documents and list items, in order), as CursorPlace counts. */
  readonly resource: number;
  readonly kind: string | undefined;
  readonly name: string | undefined;
  readonly namespace: string;
  readonly nameSpan?: Span;
  /** The whole spec map. */
  readonly span: Span;
  readonly refs: readonly WrittenRef[];
}

/** What one file holds, as written: specs, and the names of its charts and values. */
export interface Outline {
  readonly specs: readonly WrittenSpec[];
  readonly charts: ReadonlyArray<{ readonly name: string; readonly namespace: string }>;
  readonly values: ReadonlyArray<{ readonly name: string; readonly namespace: string }>;
}

/** Reads the resources of a YAML/JSON text without judging them; a broken file gives what parsed. */
export function outline(file: string, text: string): Outline {
  const specs: WrittenSpec[] = [];
  const charts: Array<{ name: string; namespace: string }> = [];
  const values: Array<{ name: string; namespace: string }> = [];
  for (const [index, item] of topLevel(text).entries()) {
    if (!isMap(item)) continue;
    const namespace = stringAt(item, 'namespace') ?? 'default';
    const name = stringAt(item, 'name');
    if (item.has('kind')) specs.push(writtenSpec(file, text, item, namespace, index));
    else if (item.has('specs') && name) charts.push({ name, namespace });
    else if (item.has('data') && name) values.push({ name, namespace });
  }
  return { specs, charts, values };
}

/** The top-level resources of a text, in order: each document, or each item of a document that is a list. */
function topLevel(text: string): unknown[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (!('contents' in doc)) return [];
    const root = doc.contents;
    return isSeq(root) ? root.items : [root];
  });
}

function writtenSpec(file: string, text: string, map: YAMLMap, namespace: string, resource: number): WrittenSpec {
  const nameNode = valueNode(map, 'name');
  const refs: WrittenRef[] = [];
  const ports = valueNode(map, 'ports');
  if (isMap(ports)) {
    for (const pair of ports.items) {
      const port = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (port === undefined || !isSeq(pair.value)) continue;
      for (const ref of pair.value.items) {
        if (!isMap(ref)) continue;
        const refName = valueNode(ref, 'name');
        const name = stringAt(ref, 'name');
        const target = stringAt(ref, 'port');
        refs.push({ port, ...(name !== undefined ? { name } : {}), ...(refName ? { nameSpan: textSpan(text, refName) } : {}), ...(target !== undefined ? { target } : {}) });
      }
    }
  }
  const name = stringAt(map, 'name');
  return {
    file,
    resource,
    kind: stringAt(map, 'kind'),
    name,
    namespace,
    ...(nameNode && name !== undefined ? { nameSpan: textSpan(text, nameNode) } : {}),
    span: { start: map.range?.[0] ?? 0, end: map.range?.[1] ?? 0 },
    refs,
  };
}

function valueNode(map: { get(key: unknown, keepScalar: true): unknown }, key: string): Node | undefined {
  const value = map.get(key, true);
  return value !== null && typeof value === 'object' ? (value as Node) : undefined;
}

function stringAt(map: { get(key: unknown, keepScalar: true): unknown }, key: string): string | undefined {
  const node = valueNode(map, key);
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}

/** The span of a scalar's text, inside its quotes. */
export function textSpan(text: string, node: Node): Span {
  const [start, end] = node.range ?? [0, 0];
  const quoted = text[start] === '"' || text[start] === "'";
  return quoted ? { start: start + 1, end: end - 1 } : { start, end };
}

/** Where the cursor is inside a spec: the path from the resource down, and whether on a key or a value. */
export interface CursorPlace {
  /** Index of the resource among the file's top-level resources (documents and list items, in order). */
  readonly resource: number;
  readonly path: readonly (string | number)[];
  readonly on: 'key' | 'value';
  /** What is typed so far, up to the cursor. */
  readonly prefix: string;
  /** The text the completion replaces: the word around the cursor. */
  readonly word: Span;
}

const MARK = 'flowcCursor0';

/**
 * Places the cursor in a text that is being typed, and so often not valid YAML yet: the text is read with a
 * marker written at the cursor (as a key when the line has no `:` yet), and the marker's path is the answer.
 */
export function placeCursor(text: string, offset: number): CursorPlace | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (before.includes('#')) return undefined;
  const key = /^\s*(?:-\s+)*([\w$.[\]-]*)$/.exec(before);
  const value = /^\s*(?:-\s+)*[^:\s][^:]*:\s+(?:-\s+)?["']?([^"'\s,[\]{}]*)$/.exec(before);
  const match = key ?? value;
  if (!match) return undefined;
  const prefix = match[1] ?? '';
  const lineEnd = text.indexOf('\n', offset);
  const after = text.slice(offset, lineEnd === -1 ? text.length : lineEnd);
  const rest = /^[\w$.[\]-]*/.exec(after)?.[0] ?? '';
  const word = { start: offset - prefix.length, end: offset + rest.length };
  const tail = text.slice(offset + rest.length);
  // A key being typed has no `:` yet: the marker gets one (and replaces the rest of the word).
  const marked = key ? `${text.slice(0, offset)}${MARK}:${tail.startsWith(':') ? tail.slice(1) : tail}` : `${text.slice(0, offset)}${MARK}${text.slice(offset)}`;
  for (const [resource, item] of topLevel(marked).entries()) {
    const found = isMap(item) ? findMark(item, []) : undefined;
    if (found) return { resource, path: found.path, on: found.on, prefix, word };
  }
  return undefined;
}

function findMark(node: unknown, path: readonly (string | number)[]): { path: (string | number)[]; on: 'key' | 'value' } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (key.includes(MARK)) return { path: [...path], on: 'key' };
      if (isScalar(pair.value) && String(pair.value.value).includes(MARK)) return { path: [...path, key], on: 'value' };
      const inner = findMark(pair.value, [...path, key]);
      if (inner) return inner;
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      if (isScalar(item) && String(item.value).includes(MARK)) return { path: [...path, i], on: 'value' };
      const inner = findMark(item, [...path, i]);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The path of the key or scalar value at `offset`, for hover: the same answer as placeCursor, on valid text. */
export function placeAt(text: string, offset: number): Omit<CursorPlace, 'prefix' | 'word'> & { readonly span: Span } | undefined {
  for (const [resource, item] of topLevel(text).entries()) {
    const found = isMap(item) ? findAt(text, item, [], offset) : undefined;
    if (found) return { resource, ...found };
  }
  return undefined;
}

function findAt(text: string, node: unknown, path: readonly (string | number)[], offset: number): { path: (string | number)[]; on: 'key' | 'value'; span: Span } | undefined {
  const within = (n: unknown): n is Node => n !== null && typeof n === 'object' && 'range' in n && Array.isArray((n as Node).range) && (n as Node).range![0] <= offset && offset <= (n as Node).range![1];
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (within(pair.key)) return { path: [...path, key], on: 'key', span: textSpan(text, pair.key as Node) };
      if (isScalar(pair.value) && within(pair.value)) return { path: [...path, key], on: 'value', span: textSpan(text, pair.value) };
      if (within(pair.value)) return findAt(text, pair.value, [...path, key], offset);
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      if (isScalar(item) && within(item)) return { path: [...path, i], on: 'value', span: textSpan(text, item) };
      if (within(item)) return findAt(text, item, [...path, i], offset);
    }
  }
  return undefined;
}
