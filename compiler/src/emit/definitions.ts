import type { DefinitionModule } from '../kinds/registry.ts';

/** What a running program reads of a kind definition; build-time hooks are left out. */
const RUNTIME_KEYS = ['kind', 'description', 'schema', 'inputs', 'outputs', 'implementation', 'composite', 'rawFields'] as const;

/**
 * The source of a module that stands in, inside a bundle, for a module of kind definitions: the same
 * exports, holding each kind's data only. The schema is plain JSON (a TypeBox schema's builder and
 * symbols stay out), and hooks, which only the compiler calls, are dropped.
 */
export function definitionModuleSource(module: DefinitionModule): string {
  const lines: string[] = [];
  const names = new Map<unknown, string>();
  const data = (definition: unknown): string => {
    let name = names.get(definition);
    if (!name) {
      name = `kind${names.size}`;
      names.set(definition, name);
      const record = definition as Record<string, unknown>;
      const picked = Object.fromEntries(RUNTIME_KEYS.filter((k) => record[k] !== undefined).map((k) => [k, record[k]]));
      lines.push(`const ${name} = ${JSON.stringify(picked)};`);
    }
    return name;
  };
  const value = (exported: unknown): string => (Array.isArray(exported) ? `[${exported.map(data).join(', ')}]` : data(exported));
  for (const [name, exported] of Object.entries(module.exports)) {
    const expression = value(exported);
    lines.push(name === 'default' ? `export default ${expression};` : `export const ${name} = ${expression};`);
  }
  return `${lines.join('\n')}\n`;
}
