import { Template } from '@flowc/runtime/core/binding';

/** Renders a value as a TypeScript expression; templates become `tpl(…)` calls, `refs` become identifiers. */
export function literal(value: unknown, refs: ReadonlyMap<unknown, string> = new Map()): string {
  const ref = refs.get(value);
  if (ref !== undefined) return ref;
  if (value instanceof Template) return `tpl(${JSON.stringify(value.compiled)})`;
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, refs)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${propertyName(k)}: ${literal(v, refs)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

function propertyName(key: string): string {
  // `__proto__: x` (quoted or not) in an object literal sets the prototype; a computed key is a property.
  if (key === '__proto__') return '["__proto__"]';
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/** A readable, unique identifier for a node key such as `hello_world/$0`. */
export function identifierFor(key: string, taken: Set<string>): string {
  const base = `n_${key.replace(/[^A-Za-z0-9_]/g, '_')}`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}
