import { callHook } from '../kinds/hooks.ts';
import { transformSync } from 'esbuild';
import { Template } from '@flowc/runtime/core/binding';
import { isTemplate } from '@flowc/runtime/core/template';
import { Diagnostics } from '../diagnostics/diagnostic.ts';
import { guarded } from '../diagnostics/guard.ts';
import { codeNoDefaultExport, codeSyntax, templateSyntax, type CodeLanguage } from '../diagnostics/messages.ts';
import type { Path } from '../parse/document.ts';
import type { GraphNode } from '../resolve/graph.ts';
import { parseTemplate, TemplateSyntaxError } from '../template/parse.ts';
import { readConstant } from './constants.ts';
import { inspectSnippet, isCleanJavaScript } from './snippet.ts';

/** Source code of a code field, compiled into the bundle as its own module. */
export interface CodeModule {
  readonly field: string;
  readonly loader: 'js' | 'ts';
  readonly contents: string;
  /**
   * Where the code sits in its spec file: an inline source map comment into it, made only when an ESM bundle
   * with a source map is bundled (not hashed: moving code is no new behaviour).
   */
  readonly sourceMap?: SnippetMap;
  /** Folder the code's own relative imports resolve from (the spec file's folder). */
  readonly resolveDir: string;
}

/** A code field's map into its spec file (`lower/snippet-map.ts`). */
export interface SnippetMap {
  /** The spec file, absolute (the map's only source). */
  readonly file: string;
  /** Its text: the bundle's map carries it once for all of the file's snippets. */
  readonly text: string;
  /** The inline source map comment (without the file's text). */
  comment(): string;
}

/** A node's fields ready to emit: templates parsed, code split out into modules or parsed constants. */
export interface LoweredFields {
  readonly fields: Record<string, unknown>;
  readonly env: Record<string, unknown> | undefined;
  readonly modules: Record<string, CodeModule | { readonly constant: unknown }>;
}

/** Parses templates (fields and env data) and code fields of one node, reporting problems in place. */
export function lowerFields(node: GraphNode, diagnostics: Diagnostics, resolveDir: string): LoweredFields {
  const where = { at: node.resource.locate(node.base), node: node.key };
  return guarded(diagnostics, `lowering the fields of node \`${node.key}\``, where, () => lowerNode(node, diagnostics, resolveDir), { fields: node.fields, env: node.env, modules: {} });
}

function lowerNode(node: GraphNode, diagnostics: Diagnostics, resolveDir: string): LoweredFields {
  const definition = node.kind.definition;
  const raw = new Set(definition.rawFields ?? []);
  const code = definition.code && callHook(definition, 'code', () => definition.code!(node.fields), node.resource.locate(node.base), node.key, diagnostics);
  // Prototype-less, like the parsed data: a `__proto__` field is a field.
  const fields = Object.create(null) as Record<string, unknown>;
  const modules: LoweredFields['modules'] = {};
  for (const [key, value] of Object.entries(node.fields)) {
    if (code?.field === key && typeof value === 'string') {
      const module = lowerCode(node, key, value, code.loader, diagnostics, resolveDir);
      if (module) modules[key] = module;
      continue;
    }
    fields[key] = raw.has(key) ? value : templates(node, value, [key], diagnostics);
  }
  // Inner nodes share the outer node's env, whose problems were reported with the outer node.
  const envSink = node.parent ? new Diagnostics() : diagnostics;
  const env = node.env === undefined ? undefined : (templates(node, node.env, ['env'], envSink) as Record<string, unknown>);
  return { fields, env, modules };
}

function templates(node: GraphNode, value: unknown, path: Path, diagnostics: Diagnostics): unknown {
  if (typeof value === 'string') {
    if (!isTemplate(value)) return value;
    try {
      return new Template(parseTemplate(value));
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) throw error;
      const { line, column } = lineColumn(value, error.offset);
      diagnostics.report(templateSyntax(error.message), { at: node.resource.locateInString([...node.base, ...path], line, column), node: node.key });
      return value;
    }
  }
  if (Array.isArray(value)) return value.map((v, i) => templates(node, v, [...path, i], diagnostics));
  if (value !== null && typeof value === 'object') {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) out[k] = templates(node, v, [...path, k], diagnostics);
    return out;
  }
  return value;
}

function lowerCode(node: GraphNode, field: string, source: string, loader: 'js' | 'ts' | 'json' | 'yaml', diagnostics: Diagnostics, resolveDir: string): LoweredFields['modules'][string] | undefined {
  const path = [...node.base, field];
  const fail = (language: CodeLanguage, detail: string, line: number, column: number): undefined => {
    diagnostics.report(codeSyntax(language, detail), { at: node.resource.locateInString(path, line, column), node: node.key });
    return undefined;
  };
  if (loader === 'json' || loader === 'yaml') {
    const read = readConstant(source, loader);
    if ('value' in read) return { constant: read.value };
    diagnostics.report(read.log, { at: node.resource.locateInString(path, read.line, read.column), node: node.key });
    return undefined;
  }
  if (loader === 'js' && isCleanJavaScript(source, resolveDir)) return { field, loader, contents: source, resolveDir };
  let output: string;
  try {
    output = transformSync(source, { loader, format: 'esm', logLevel: 'silent' }).code;
  } catch (error) {
    const first = (error as { errors?: Array<{ text: string; location: { line: number; column: number } | null }> }).errors?.[0];
    return fail(loader, first?.text ?? (error as Error).message, first?.location?.line ?? 1, (first?.location?.column ?? 0) + 1);
  }
  if (!/\bexport\s*(default\b|\{[^}]*\bas\s+default\b)|\bmodule\.exports\b|\bexports\.default\b/.test(output)) {
    diagnostics.report(codeNoDefaultExport(), { at: node.resource.locate(path), node: node.key });
    return undefined;
  }
  const problems = inspectSnippet(source, loader, resolveDir);
  for (const problem of problems) diagnostics.report(problem.log, { at: node.resource.locateInString(path, problem.line, problem.column), node: node.key });
  return problems.length > 0 ? undefined : { field, loader, contents: source, resolveDir };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
