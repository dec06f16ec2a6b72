import type { Node } from 'yaml';
import { LIMITS } from '../diagnostics/limits.ts';
import { codeSyntax, limitExceeded, type Log } from '../diagnostics/messages.ts';
import { DataReader, parseYaml } from '../parse/yaml.ts';

/** A json/yaml snippet's constant, or what is wrong with its code (`line`, `column` 1-based in the code). */
export type Constant = { readonly value: unknown } | { readonly log: Log; readonly line: number; readonly column: number };

/** Reads the code of a json or yaml snippet under the same rules and limits as spec files. */
export function readConstant(source: string, loader: 'json' | 'yaml'): Constant {
  return loader === 'json' ? readJson(source) : readYamlConstant(source);
}

function readJson(source: string): Constant {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    const offset = jsonErrorOffset(source);
    // V8 quotes the code around the error; the location says where it is.
    const detail = (error as Error).message.replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '').replace(/ in JSON at position \d+.*$/s, '');
    return { log: codeSyntax('json', detail), ...lineColumn(source, offset) };
  }
  const depth = depthOf(value);
  if (depth > LIMITS.documentDepth.max) return { log: limitExceeded('documentDepth', depth, 'the JSON nests too deeply'), line: 1, column: 1 };
  return { value };
}

function readYamlConstant(source: string): Constant {
  const { documents, problems, lines } = parseYaml(source);
  const at = (offset: number): { line: number; column: number } => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const first = problems[0];
  if (first) return { log: first.log.code === 'YAML_SYNTAX' ? codeSyntax('yaml', first.log.message) : first.log, ...at(first.offset) };
  if (documents.length > 1) return { log: codeSyntax('yaml', 'the code holds several documents (`---`); a yaml snippet is one value'), ...at(documents[1]!.range[0]) };
  const root = documents[0]?.contents as Node | null | undefined;
  if (!root) return { value: null };
  const read = new DataReader().read(root);
  if ('problem' in read) return { log: read.problem.log.code === 'YAML_SYNTAX' ? codeSyntax('yaml', read.problem.log.message) : read.problem.log, ...at(read.problem.offset) };
  return { value: read.value };
}

/** How deeply lists and maps nest in a parsed value, counted without recursion. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    for (const item of Object.values(v)) stack.push([item, depth + 1]);
  }
  return deepest;
}

/**
 * The offset of the first error in text that JSON.parse refused (its messages do not always say where):
 * a scan of the JSON grammar with an explicit stack, never recursion.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    for (i++; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) return (i++, true);
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[\da-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return (i++, false);
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else return (i++, false);
      }
    }
    return false;
  };
  // Read leniently, so that an incomplete fraction or exponent (`1.`, `2e`) fails after it, not before.
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d*)?(?:[eE][+-]?\d*)?/y;
  const COMPLETE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
  const scalar = (): boolean => {
    if (text[i] === '"') return string();
    for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return ((i += word.length), true);
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || m[0].length === 0) return false;
    i += m[0].length;
    return COMPLETE.test(m[0]);
  };
  // Each open container: its closing character, and whether a value (not a comma) comes next.
  const stack: Array<{ close: '}' | ']'; first: boolean }> = [];
  const value = (): boolean => {
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push({ close: c === '{' ? '}' : ']', first: true });
      i++;
      return true;
    }
    return scalar();
  };
  if (!value()) return i;
  for (;;) {
    space();
    const top = stack[stack.length - 1];
    if (!top) return i;
    if (text[i] === top.close && top.first) {
      stack.pop();
      i++;
      continue;
    }
    if (!top.first) {
      if (text[i] === top.close) {
        stack.pop();
        i++;
        continue;
      }
      if (text[i] !== ',') return i;
      i++;
      space();
    }
    top.first = false;
    if (top.close === '}') {
      if (!string()) return i;
      space();
      if (text[i] !== ':') return i;
      i++;
    }
    if (!value()) return i;
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
