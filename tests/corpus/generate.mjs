#!/usr/bin/env node
// Generates the corpus of bad specs: valid templates × mutations, each case one file in cases/ and one
// entry in expected.json (the diagnostic code it must get, and the line it must point at).
// Run `node tests/corpus/generate.mjs` after changing a template or a mutation, and commit the output.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Valid specs; each mutation finds its line by a pattern, so templates can change without renumbering. */
const TEMPLATES = {
  ping: `- kind: listener
  name: http
  protocol: http
  port: 8000
  ports:
    out:
      - name: routes
        port: in
- kind: router
  name: routes
  routes:
    - method: GET
      path: /ping
      port: out[0]
  ports:
    out[0]:
      - name: pong
        port: in
- kind: snippet
  name: pong
  language: text
  code: pong
`,
  levels: `- kind: switch
  name: level
  matches:
    - when: 'self.level == "error"'
      port: out[0]
    - when: 'self.count > 10'
      port: out[1]
  ports:
    out[0]:
      - name: alarm
        port: in
    out[1]:
      - name: log
        port: in
- kind: print
  name: alarm
- kind: print
  name: log
`,
  chain: `- kind: step
  name: handle
  specs:
    - kind: if
      name: adult
      when: 'self.age >= 18'
    - kind: snippet
      name: greet
      language: javascript
      code: |
        const hello = (name) => 'hello ' + name;
        export default (input) => hello(input.name);
    - kind: snippet
      name: shape
      language: json
      code: |
        {
          "ok": true,
          "items": [1, 2, 3]
        }
`,
  fanin: `- kind: split
  name: fan
  ports:
    out[0]:
      - name: both
        port: in[0]
    out[1]:
      - name: both
        port: in[1]
- kind: merge
  name: both
  ports:
    out:
      - name: done
        port: in
- kind: nop
  name: done
`,
  chart: `- name: greeter
  specs:
    - kind: snippet
      name: say
      language: text
      code: hello
  outbounds: { out: [{ name: say, port: out }] }
- kind: greeter
  name: hello
  ports:
    out:
      - name: sink
        port: in
- kind: nop
  name: sink
`,
};

/**
 * A mutation applies to every line its `line` pattern matches: `apply(lines, i)` returns the new lines,
 * and `at(lines, i)` the 0-based index (in the new lines) of the line the diagnostic must point at
 * (default i). `paddings` limits the paddings it is tried with (for large cases).
 */
const specStart = (lines, i) => {
  for (let j = i; j >= 0; j--) if (/^\s*- kind:/.test(lines[j])) return j;
  return 0;
};
const replace = (pattern, by) => (lines, i) => lines.map((l, j) => (j === i ? l.replace(pattern, by) : l));
const insertAfter = (text) => (lines, i) => [...lines.slice(0, i + 1), ...text(lines[i]).split('\n'), ...lines.slice(i + 1)];
const indentOf = (line) => /^\s*/.exec(line)[0];

const MUTATIONS = [
  { name: 'unknown-kind', code: 'UNKNOWN_KIND', line: /^\s*- kind: (listener|switch|split|step)$/, apply: replace(/kind: (\w+)/, 'kind: $1x') },
  { name: 'unknown-inner-kind', code: 'UNKNOWN_KIND', line: /^\s+- kind: (if|print|snippet|nop|merge)$/, apply: replace(/kind: (\w+)/, 'kind: $1z') },
  { name: 'wrong-type', code: 'FIELD_TYPE', line: /^\s+port: 8000$/, apply: replace(/8000/, '[8000]') },
  { name: 'inf-integer', code: 'FIELD_TYPE', line: /^\s+port: 8000$/, apply: replace(/8000/, '.inf') },
  { name: 'port-range', code: 'FIELD_VALUE', line: /^\s+port: 8000$/, apply: replace(/8000/, '99999') },
  { name: 'bad-enum', code: 'FIELD_VALUE', line: /^\s+language: (text|javascript)$/, apply: replace(/language: \w+/, 'language: pythn') },
  { name: 'bad-method', code: 'FIELD_VALUE', line: /^\s+- method: GET$/, apply: replace(/GET/, 'FETCH') },
  { name: 'missing-field', code: 'MISSING_FIELD', line: /^\s+protocol: http$/, apply: (lines, i) => lines.filter((_, j) => j !== i), at: specStart },
  { name: 'missing-when', code: 'MISSING_FIELD', line: /^\s+- when: 'self\.count/, apply: replace(/- when: '[^']*'/, '- whenn: x'), at: (lines, i) => i },
  { name: 'unknown-node', code: 'UNKNOWN_NODE', line: /^\s+- name: (routes|alarm|both|done)$/, apply: replace(/name: (\w+)/, 'name: $1_') },
  { name: 'unknown-port', code: 'UNKNOWN_PORT', line: /^\s+port: in$/, apply: replace(/port: in$/, 'port: inn') },
  { name: 'unknown-out-port', code: 'UNKNOWN_PORT', line: /^\s{4}out:$/, apply: replace(/out:/, 'result:') },
  { name: 'malformed-port', code: 'MALFORMED_PORT', line: /^\s{4}out\[\d\]:$/, apply: replace(/out\[(\d)\]/, 'out[x$1]') },
  { name: 'huge-port-index', code: 'LIMIT_EXCEEDED', line: /^\s+port: in\[\d\]$/, apply: replace(/in\[\d\]/, 'in[99999999999]') },
  { name: 'duplicate-name', code: 'DUPLICATE_NAME', line: /^- kind: (print|nop)$/, apply: (lines, i) => [...lines, lines[i], lines[i + 1]], at: (lines) => lines.length - 1 },
  {
    name: 'duplicate-id',
    code: 'DUPLICATE_ID',
    line: /^- kind: (print|nop)$/,
    apply: (lines, i) => [...lines.slice(0, i + 1), '  id: 0190a0a0-0000-7000-8000-00000000000a', ...lines.slice(i + 1), '- kind: nop', '  name: twin', '  id: 0190a0a0-0000-7000-8000-00000000000a'],
    at: (lines) => lines.length - 1,
  },
  { name: 'cel-syntax', code: 'EXPRESSION_SYNTAX', line: /when: '/, apply: replace(/when: '([^']*)'/, "when: '$1 &&'") },
  { name: 'cel-unknown', code: 'EXPRESSION_UNKNOWN', line: /when: 'self\./, apply: replace(/when: 'self\./, "when: 'nosuch(self).") },
  { name: 'cel-bigint', code: 'EXPRESSION_SYNTAX', line: /when: '/, apply: replace(/when: '([^']*)'/, "when: '$1 || self.n == 99999999999999999999999'") },
  { name: 'cel-escape', code: 'EXPRESSION_SYNTAX', line: /when: '/, apply: replace(/when: '([^']*)'/, `when: '$1 || self.s == "\\xZZ"'`) },
  { name: 'cel-deep', code: 'LIMIT_EXCEEDED', line: /when: '/, apply: replace(/when: '([^']*)'/, `when: '${'('.repeat(300)}true${')'.repeat(300)}'`) },
  { name: 'cel-long', code: 'LIMIT_EXCEEDED', line: /when: '/, apply: replace(/when: '([^']*)'/, `when: '${Array.from({ length: 12_600 }, () => 'true').join(' && ')}'`), paddings: [0] },
  { name: 'template-syntax', code: 'TEMPLATE_SYNTAX', line: /^\s+code: pong$/, apply: replace(/code: pong/, "code: '{{ .PORT '") },
  { name: 'unclosed-quote', code: 'YAML_SYNTAX', line: /^\s+name: (pong|log|done|adult)$/, apply: replace(/name: (\w+)/, 'name: "$1') },
  { name: 'unclosed-single-quote', code: 'YAML_SYNTAX', line: /^\s+name: (routes|alarm|fan|greet)$/, apply: replace(/name: (\w+)/, "name: '$1") },
  { name: 'unclosed-flow', code: 'YAML_SYNTAX', line: /^\s+name: (http|level|handle|both)$/, apply: replace(/name: (\w+)/, 'name: [$1, x') },
  { name: 'undefined-alias', code: 'YAML_SYNTAX', line: /^\s+name: (pong|log|done|shape)$/, apply: replace(/name: (\w+)/, 'name: *nosuch') },
  {
    name: 'self-alias',
    code: 'YAML_SYNTAX',
    line: /^- kind: (print|nop|snippet)$/,
    apply: (lines, i) => [...lines.slice(0, i), lines[i].replace('- kind', '- &me\n  kind'), '  self: *me', ...lines.slice(i + 1)],
    at: (lines, i) => i + 2,
  },
  {
    name: 'alias-bomb',
    code: 'LIMIT_EXCEEDED',
    line: /^- kind: (print|nop|snippet)$/,
    apply: insertAfter(() => ['  x0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]', ...Array.from({ length: 6 }, (_, k) => `  x${k + 1}: &a${k + 1} [${Array.from({ length: 10 }, () => `*a${k}`).join(', ')}]`)].join('\n')),
    at: (lines, i) => i + 6,
  },
  { name: 'deep-flow', code: 'LIMIT_EXCEEDED', line: /^- kind: (print|nop)$/, apply: insertAfter(() => `  deep: ${'['.repeat(600)}${']'.repeat(600)}`), at: (lines, i) => i + 1 },
  { name: 'not-a-map', code: 'INVALID_SPEC', line: /^- kind: (print|nop|snippet)$/, apply: (lines, i) => [...lines.slice(0, i), '- just a string', ...lines.slice(i)] },
  {
    name: 'proto-fields',
    code: 'MISSING_FIELD',
    line: /^\s+protocol: http$/,
    apply: (lines, i) => lines.flatMap((l, j) => (j === i ? ['  __proto__:', '    protocol: http', '    port: 8000'] : /^\s+port: 8000$/.test(l) ? [] : [l])),
    at: specStart,
  },
  { name: 'js-syntax', code: 'CODE_SYNTAX', line: /export default \(input\) =>/, apply: replace(/=> hello\(input\.name\);/, '=> hello(input.name;') },
  { name: 'js-not-function', code: 'CODE_NO_DEFAULT_EXPORT', line: /export default \(input\) =>/, apply: replace(/export default .*/, 'export default 42;') },
  { name: 'js-bad-regex', code: 'CODE_SYNTAX', line: /const hello = /, apply: replace(/const hello = .*/, 'const hello = (name) => /a(b/.test(name);') },
  { name: 'js-unresolved', code: 'CODE_UNRESOLVED_IMPORT', line: /const hello = /, apply: (lines, i) => [...lines.slice(0, i), `${indentOf(lines[i])}import pad from 'no-such-package-flowc';`, ...lines.slice(i)] },
  { name: 'json-syntax', code: 'CODE_SYNTAX', line: /"items": \[1, 2, 3\]/, apply: replace(/\[1, 2, 3\]/, '[1, 2,, 3]') },
  { name: 'router-wildcard', code: 'FIELD_VALUE', line: /^\s+path: \/ping$/, apply: replace(/\/ping/, '/files/*/raw') },
  { name: 'router-unwired', code: 'UNWIRED_PORT', line: /^\s+port: out\[0\]$/, apply: replace(/out\[0\]/, 'out[4]') },
  { name: 'switch-unwired', code: 'UNWIRED_PORT', line: /^\s+port: out\[1\]$/, apply: replace(/out\[1\]/, 'out[7]') },
  { name: 'chart-bound-port', code: 'UNKNOWN_PORT', templates: ['chart'], line: /port: out \}/, apply: replace(/port: out \}/, 'port: result }') },
  { name: 'chart-cycle', code: 'CHART_CYCLE', templates: ['chart'], line: /^\s+- kind: snippet$/, apply: replace(/snippet/, 'greeter') },
  { name: 'chart-unknown-inner-node', code: 'UNKNOWN_NODE', templates: ['chart'], line: /name: say, port/, apply: replace(/name: say,/, 'name: sya,') },
  {
    name: 'merge-gap',
    code: 'MERGE_INPUT_UNWIRED',
    line: /^\s+port: in\[1\]$/,
    apply: replace(/in\[1\]/, 'in[2]'),
    at: (lines) => lines.findIndex((l) => l === '- kind: merge'),
  },
  {
    name: 'listen-conflict',
    code: 'LISTEN_CONFLICT',
    line: /^\s+port: 8000$/,
    apply: (lines) => [...lines, '- kind: listener', '  name: second', '  protocol: http', '  port: 8000'],
    at: (lines) => lines.length - 1,
  },
  {
    name: 'other-namespace',
    code: 'NODE_IN_OTHER_NAMESPACE',
    line: /^\s{6}- name: (routes|alarm|done)$/,
    apply: (lines, i) => {
      const target = /name: (\w+)/.exec(lines[i])[1];
      const at = lines.findIndex((l) => l === `  name: ${target}`);
      return lines.map((l, j) => (j === at ? `${l}\n  namespace: elsewhere` : l)).join('\n').split('\n');
    },
  },
];

/** Blank and comment lines put before the specs, so the same mistake is found at other lines. */
const PADDINGS = [0, 2, 3, 7, 12];

const cases = [];
for (const [template, text] of Object.entries(TEMPLATES)) {
  const base = text.trimEnd().split('\n');
  for (const mutation of MUTATIONS) {
    if (mutation.templates && !mutation.templates.includes(template)) continue;
    // Every line the mutation applies to gives a case, not only the first.
    const targets = base.map((_, i) => i).filter((i) => mutation.line.test(base[i]));
    for (const target of targets) {
      for (const pad of mutation.paddings ?? PADDINGS) {
        const padding = Array.from({ length: pad }, (_, k) => (k % 2 ? '' : `# padding ${k}`));
        const lines = mutation.apply(base, target).join('\n').split('\n');
        const at = (mutation.at ?? ((_, i) => i))(lines, target);
        const id = `${template}-${mutation.name}-${target + 1}-p${pad}`;
        cases.push({ id, text: [...padding, ...lines].join('\n') + '\n', code: mutation.code, line: at + 1 + pad });
      }
    }
  }
}

const dir = join(here, 'cases');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const expected = {};
for (const c of cases) {
  writeFileSync(join(dir, `${c.id}.yaml`), c.text);
  expected[`${c.id}.yaml`] = { code: c.code, line: c.line };
}
writeFileSync(join(here, 'expected.json'), `${JSON.stringify(expected, null, 1)}\n`);
console.log(`${cases.length} cases written to ${dir}`);
