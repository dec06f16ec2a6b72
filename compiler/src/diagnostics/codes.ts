/**
 * Every diagnostic code flowc reports, sorted, each with its reference entry: what it means, a minimal wrong
 * input that gets it, and the fix. `docs/diagnostics.md` and `flowc explain CODE` are rendered from this table
 * (`explain.ts`); `codes.test.ts` fails when a code lacks an entry, an example does not get its code, or the
 * page is stale (`npm run docs:diagnostics` rewrites it).
 */
export interface CodeEntry {
  /** One line: what the code says. */
  readonly summary: string;
  /** When flowc reports it, and why. */
  readonly meaning: string;
  /** A minimal input that gets this code; absent only for INTERNAL, which no input should get. */
  readonly example?: CodeExample;
  /** What to do about it. */
  readonly fix: string;
}

export interface CodeExample {
  /** The project's files by path: spec files, a config, kind modules. */
  readonly files: Readonly<Record<string, string>>;
  /** Symbolic links to create besides the files (path → target). */
  readonly links?: Readonly<Record<string, string>>;
  /** The command that reports the code, run in the project folder: `flowc check …` or `flowc build …`. */
  readonly command: string;
}

const CONFIG = '{ "kinds": ["./kinds/greet.ts"] }\n';
const GREET = (name: string, hooks = ''): string =>
  `import { defineKind } from '@flowc/runtime';
import { Type } from '@flowc/runtime/schema';

export default defineKind({
  kind: '${name}',
  description: 'Answers with a word.',
  schema: Type.Object({ word: Type.String() }),
  inputs: { in: {} },
  outputs: { out: {} },
  implementation: './greet.runtime.ts',${hooks}
});
`;
const GREET_RUNTIME = `import { implement } from '@flowc/runtime';
import greet from './greet.ts';

export default implement(greet, {
  create: ({ fields, out }) => ({ inputs: { in: (_payload, proc) => out('out').send(fields.word, proc) } }),
});
`;

export const CODES = {
  BUNDLE_FAILED: {
    summary: 'esbuild could not bundle the program (an import does not resolve or compile)',
    meaning:
      'Everything was checked, but esbuild could not put the program into one file: a kind implementation or a package a snippet imports does not compile, or imports a file esbuild cannot load (a native `.node` addon). Only `flowc build` (and `run`, `watch`) bundle, so `flowc check` does not report it.',
    example: {
      files: {
        'app.yaml': `- kind: snippet
  name: shout
  language: javascript
  code: |
    import shout from 'shout';
    export default shout;
`,
        'node_modules/shout/package.json': '{ "name": "shout", "main": "index.js" }\n',
        'node_modules/shout/index.js': 'module.exports = (text) => text.toUpperCase(;\n',
      },
      command: 'flowc build app.yaml -o dist/app.mjs',
    },
    fix: 'Read the esbuild error in the message: it names the file and line. Fix that module, or depend on a package that is plain JavaScript; a native addon cannot be inside a bundle.',
  },
  CHART_CYCLE: {
    summary: 'charts use each other in a cycle',
    meaning: 'A chart is expanded into its inner specs at build time; a chart that uses itself, directly or through other charts, would expand forever.',
    example: {
      files: {
        'app.yaml': `- name: ping
  specs:
    - kind: pong
      name: inner
- name: pong
  specs:
    - kind: ping
      name: inner
- kind: ping
  name: loop
`,
      },
      command: 'flowc check app.yaml',
    },
    fix: 'Break the cycle: one of the charts must be made of built-in or extension kinds only. The notes name each chart of the cycle.',
  },
  CHART_SHADOWS_KIND: {
    summary: 'a chart has the name of a built-in kind',
    meaning: 'A chart defines a kind of its own name; a built-in kind of that name always wins, so the chart could never be used.',
    example: {
      files: {
        'app.yaml': `- name: router
  specs:
    - kind: nop
- kind: router
  name: r
  routes: []
`,
      },
      command: 'flowc check app.yaml',
    },
    fix: 'Rename the chart (and the specs that mean to use it), e.g. `name: api-router`.',
  },
  CODE_NO_DEFAULT_EXPORT: {
    summary: 'snippet code does not export a function as default',
    meaning: 'A `javascript` or `typescript` snippet is a module; the node calls its default export with each packet. This module exports no function as default.',
    example: {
      files: {
        'app.yaml': `- kind: snippet
  name: double
  language: typescript
  code: |
    const double = (x: number): number => x * 2;
`,
      },
      command: 'flowc check app.yaml',
    },
    fix: 'Export the function: `export default (x: number): number => x * 2;` (or assign `module.exports`).',
  },
  CODE_SYNTAX: {
    summary: 'snippet code does not parse',
    meaning: 'The `code` of a snippet is compiled at build time: JavaScript and TypeScript by esbuild, `json` and `yaml` constants by their parsers. The error is reported at its line inside the YAML file.',
    example: {
      files: {
        'app.yaml': `- kind: snippet
  name: broken
  language: javascript
  code: |
    export default function (input) {
      return input +;
    }
`,
      },
      command: 'flowc check app.yaml',
    },
    fix: 'Fix the code at the reported position (here: `return input + 1;`). A `json` snippet must be one JSON value, a `yaml` one a single document.',
  },
  CODE_UNRESOLVED_IMPORT: {
    summary: 'snippet code imports a module that cannot be found',
    meaning: 'Imports of snippet code are resolved at build time, from the folder of the spec file, so that the bundle can include them.',
    example: {
      files: {
        'app.yaml': `- kind: snippet
  name: greet
  language: javascript
  code: |
    import { format } from 'no-such-package';
    export default (input) => format(input);
`,
      },
      command: 'flowc check app.yaml',
    },
    fix: 'Install the package where the spec file can find it (`npm install no-such-package` next to it), or fix the path; a relative import is resolved from the spec file\'s folder.',
  },
  CONFIG_INVALID: {
    summary: 'the flowc config file cannot be read or has a wrong shape',
    meaning: '`flowc.config.{ts,mjs,js,json}` is read before anything else: it must compile, not throw, and export `{ kinds?: string[], store?: string }`.',
    example: {
      files: { 'flowc.config.json': '{ "kinds": "./kinds/greet.ts" }\n', 'app.yaml': '- kind: nop\n  name: sink\n' },
      command: 'flowc check app.yaml',
    },
    fix: 'Give the config the shape in `docs/api.md`: here `{ "kinds": ["./kinds/greet.ts"] }`. Pass `--no-config` to build without it.',
  },
  DUPLICATE_ID: {
    summary: 'two nodes share an id in one namespace',
    meaning: 'Ports may name a node by `id`; an id must therefore be unique in its namespace (and in the inner specs of a composite).',
    example: {
      files: {
        'app.yaml': `- kind: nop
  name: a
  id: 0190a0a0-0000-7000-8000-000000000001
- kind: nop
  name: b
  id: 0190a0a0-0000-7000-8000-000000000001
`,
      },
      command: 'flowc check app.yaml',
    },
    fix: 'Give each node its own id, or leave `id` out (flowc then derives one). The hint names the first node with the id.',
  },
  DUPLICATE_NAME: {
    summary: 'two nodes share a name in one namespace',
    meaning: 'Ports name the node they lead to; a name must therefore be unique in its namespace (and in the inner specs of a composite). Two charts of one name clash the same way.',
    example: {
      files: { 'app.yaml': '- kind: nop\n  name: sink\n- kind: nop\n  name: sink\n' },
      command: 'flowc check app.yaml',
    },
    fix: 'Rename one of the nodes and update the ports that mean it. The hint names where the first one is.',
  },
  EMPTY_NAMESPACE: {
    summary: 'the namespace to build has no nodes',
    meaning: 'A build emits one program for one namespace (`default` unless `-n` says otherwise); the inputs hold no node of that namespace.',
    example: {
      files: { 'app.yaml': '- kind: nop\n  name: elsewhere\n  namespace: other\n' },
      command: 'flowc check app.yaml',
    },
    fix: 'Pass the namespace the specs use (`-n other`; the hint lists them), or give the specs the namespace you build.',
  },
  EXPRESSION_SYNTAX: {
    summary: 'a CEL expression does not parse',
    meaning: 'Fields such as `if.when`, `switch.matches[].when` and `cel` snippets are CEL expressions, parsed at build time (`docs/cel.md`).',
    example: {
      files: { 'app.yaml': "- kind: if\n  name: adult\n  when: 'self.age >='\n" },
      command: 'flowc check app.yaml',
    },
    fix: "Complete the expression at the reported column: `when: 'self.age >= 18'`.",
  },
  EXPRESSION_UNKNOWN: {
    summary: 'a CEL expression calls a function or names a type CEL does not have',
    meaning: 'CEL expressions are checked at build time: every function must exist in flowc\'s CEL environment (`docs/cel.md`). Names are not checked: besides `self`, a name reads that key of a map input, as in uniflow.',
    example: {
      files: { 'app.yaml': "- kind: if\n  name: adult\n  when: 'lower(self.name) == \"ada\"'\n" },
      command: 'flowc check app.yaml',
    },
    fix: 'Use a function of the environment: `when: \'self.name.lowerAscii() == "ada"\'`; see `docs/cel.md` for the list.',
  },
  FIELD_TYPE: {
    summary: 'a field has the wrong type',
    meaning: "Each kind's fields are checked against its JSON Schema (`flowc schema` prints them all); this field has another type than the schema says. A `{{ }}` template may stand for a field of any type, since it is rendered when the program starts.",
    example: {
      files: { 'app.yaml': '- kind: listener\n  name: http\n  protocol: http\n  port: [8000]\n' },
      command: 'flowc check app.yaml',
    },
    fix: 'Write the field with the type the message names: `port: 8000`.',
  },
  FIELD_VALUE: {
    summary: 'a field has a value the kind does not accept',
    meaning: "The field has the right type, but a value the kind's schema or its build-time check refuses: not one of an enum, out of range, a pattern that does not match, a route to a port that does not exist.",
    example: {
      files: { 'app.yaml': '- kind: snippet\n  name: s\n  language: pythn\n  code: print(1)\n' },
      command: 'flowc check app.yaml',
    },
    fix: 'Use a value the hint lists (here `language: text`, `json`, `yaml`, `javascript`, `typescript` or `cel`); `docs/nodes/` describes each kind\'s fields.',
  },
  FILE_UNREADABLE: {
    summary: 'an input file cannot be read',
    meaning: 'An input names a file (or a folder holds one) that exists as a name but cannot be read: a link to nothing, no permission.',
    example: {
      files: { 'flows/ok.yaml': '- kind: nop\n  name: sink\n' },
      links: { 'flows/gone.yaml': 'missing.yaml' },
      command: 'flowc check flows/',
    },
    fix: 'Restore the file or the link, give flowc permission to read it, or remove it from the inputs.',
  },
  INPUT_NOT_FOUND: {
    summary: 'an input path or glob matches no file',
    meaning: 'Every input must name a file, a folder of YAML/JSON files, or a glob that matches at least one; one that matches nothing is probably mistyped.',
    example: {
      files: { 'flows/app.yaml': '- kind: nop\n  name: sink\n' },
      command: 'flowc check flow/',
    },
    fix: 'Fix the path, or quote a glob so that flowc expands it: `flowc check "flows/**/*.yaml"`.',
  },
  INTERNAL: {
    summary: 'flowc itself failed; please report it',
    meaning: 'flowc failed while handling an input, for a reason that is not a problem of the input: a bug. It is reported as a diagnostic, at the file or node being handled, rather than as a stack trace; the rest of the build is still checked.',
    fix: 'Report it with the file that caused it and the message. Until it is fixed, changing the node it names may work around it.',
  },
  INVALID_CHART: {
    summary: 'a chart is malformed',
    meaning: 'A chart (a map with `name` and `specs`) is a kind made of specs; its fields are checked like a spec\'s: `specs` must hold at least one spec, `inbounds`/`outbounds` must map ports to inner ports.',
    example: {
      files: { 'app.yaml': '- name: broken\n  specs: []\n- kind: nop\n  name: sink\n' },
      command: 'flowc check app.yaml',
    },
    fix: 'Give the chart its inner specs (`specs: [{ kind: nop, name: inner }]`), and `inbounds`/`outbounds` that name inner nodes and ports.',
  },
  INVALID_SPEC: {
    summary: 'a document is not a node spec',
    meaning: 'A spec file holds a spec, a list of specs, or several `---` documents of them; each must be a map. A chart (`name` + `specs`) and a value (`name` + `data`) are told apart by their shape.',
    example: {
      files: { 'app.yaml': '- kind: nop\n  name: ok\n- just a string\n' },
      command: 'flowc check app.yaml',
    },
    fix: 'Write each entry as a map: `- kind: nop` then its fields indented below it.',
  },
  KIND_HOOK_FAILED: {
    summary: "a kind's build-time hook (expand, code, expressions, check) threw",
    meaning: "A kind's build-time hooks read a node's fields and answer; this one threw an exception for this node. That is a bug of the kind, not of the spec; flowc reports it at the node and checks the rest.",
    example: {
      files: {
        'flowc.config.json': CONFIG,
        'kinds/greet.ts': GREET('greet', "\n  expressions: () => {\n    throw new Error('hook bug');\n  },"),
        'kinds/greet.runtime.ts': GREET_RUNTIME,
        'app.yaml': '- kind: greet\n  name: hello\n  word: hi\n',
      },
      command: 'flowc check app.yaml',
    },
    fix: "Fix the hook named in the message (or report it to the kind's author): a hook returns problems, it should not throw.",
  },
  KIND_INVALID: {
    summary: 'a kind module exports a kind definition that is malformed',
    meaning: 'A kind module listed in the config (or `--kinds`) exports something shaped like a kind, but a part is missing or wrong: `kind`, `description`, `schema`, `inputs`, `outputs`, `implementation`.',
    example: {
      files: {
        'flowc.config.json': CONFIG,
        'kinds/greet.ts': "export default { kind: 'greet', schema: {}, inputs: {}, outputs: {} };\n",
        'app.yaml': '- kind: nop\n  name: sink\n',
      },
      command: 'flowc check app.yaml',
    },
    fix: 'Define the kind with `defineKind` from `@flowc/runtime`, which types every part (`docs/extending.md`).',
  },
  KIND_INVALID_SCHEMA: {
    summary: "a kind's schema is not a valid JSON Schema",
    meaning: "A kind's `schema` is compiled by ajv when the kind is registered; this one is not a JSON Schema ajv accepts.",
    example: {
      files: {
        'flowc.config.json': CONFIG,
        'kinds/greet.ts': GREET('greet').replace('Type.Object({ word: Type.String() })', "{ type: 'strin' } as never"),
        'kinds/greet.runtime.ts': GREET_RUNTIME,
        'app.yaml': '- kind: nop\n  name: sink\n',
      },
      command: 'flowc check app.yaml',
    },
    fix: 'Build the schema with `Type` from `@flowc/runtime/schema` (here `Type.Object({ word: Type.String() })`), or write valid JSON Schema.',
  },
  KIND_MODULE_FAILED: {
    summary: 'a kind module does not compile or throws when loaded',
    meaning: 'Kind modules are compiled with esbuild and imported at build time; this one has a syntax error or throws when imported. A definition module should only define things.',
    example: {
      files: {
        'flowc.config.json': CONFIG,
        'kinds/greet.ts': "throw new Error('no database at build time');\n",
        'app.yaml': '- kind: nop\n  name: sink\n',
      },
      command: 'flowc check app.yaml',
    },
    fix: 'Fix the module at the reported place; move anything that needs the network, a database or the environment into the implementation, which runs only in the program.',
  },
  KIND_MODULE_NOT_FOUND: {
    summary: 'a kind module (or its implementation) cannot be found',
    meaning: "A kind module the config or `--kinds` lists, or the `implementation` a kind names, does not resolve: a path is relative to the config file (or, for `--kinds`, to the working directory), a package name must be installed.",
    example: {
      files: { 'flowc.config.json': CONFIG, 'app.yaml': '- kind: nop\n  name: sink\n' },
      command: 'flowc check app.yaml',
    },
    fix: 'Fix the path, create the module, or `npm install` the package.',
  },
  KIND_NAME_CLASH: {
    summary: 'two kinds have one name (an extension and a built-in, or two extensions)',
    meaning: 'Kind names are global: a spec\'s `kind` must mean one kind. An extension cannot replace a built-in, and two extensions cannot define one name.',
    example: {
      files: {
        'flowc.config.json': CONFIG,
        'kinds/greet.ts': GREET('router'),
        'kinds/greet.runtime.ts': GREET_RUNTIME,
        'app.yaml': '- kind: nop\n  name: sink\n',
      },
      command: 'flowc check app.yaml',
    },
    fix: "Rename the extension's kind (`kind: 'greet'`), or drop one of the two modules from the config.",
  },
  KIND_NOT_A_KIND: {
    summary: 'a kind module exports no kind definition',
    meaning: 'A module listed as a kind module must export at least one kind definition, as its default export or a named one.',
    example: {
      files: { 'flowc.config.json': CONFIG, 'kinds/greet.ts': 'export const answer = 42;\n', 'app.yaml': '- kind: nop\n  name: sink\n' },
      command: 'flowc check app.yaml',
    },
    fix: 'Export the result of `defineKind({ kind, description, schema, inputs, outputs, implementation })`, or remove the module from the config.',
  },
  LIMIT_EXCEEDED: {
    summary: 'an input is over one of the limits in docs/limits.md',
    meaning: 'flowc bounds what one input may cost it (file size, nesting, aliases, port indexes, expression size) so that no input makes it run out of memory or time; `docs/limits.md` lists each limit.',
    example: {
      files: {
        'app.yaml': `- kind: split
  name: fan
  ports:
    out[0]:
      - name: both
        port: in[99999999999]
- kind: merge
  name: both
`,
      },
      command: 'flowc check app.yaml',
    },
    fix: 'Stay under the limit the message names: here an index such as `in[1]`. A legitimately large input can be split over several files or nodes.',
  },
  LISTEN_CONFLICT: {
    summary: 'two listeners listen on one port',
    meaning: 'Two listeners of one program have literal addresses that overlap (one port, the same or any host); the second would fail to bind when the program starts.',
    example: {
      files: {
        'app.yaml': `- kind: listener
  name: public
  protocol: http
  port: 8080
- kind: listener
  name: admin
  protocol: http
  port: 8080
`,
      },
      command: 'flowc check app.yaml',
    },
    fix: "Give each listener its own port (`port: 8081`), or a template (`port: '{{ .ADMIN_PORT }}'`) bound when the program starts.",
  },
  MALFORMED_PORT: {
    summary: 'a port name is not `name` or `name[index]`',
    meaning: 'Ports are written `name` or `name[index]` with a number index: `out`, `out[1]`, `in[0]`.',
    example: {
      files: {
        'app.yaml': `- kind: split
  name: fan
  ports:
    out[x]:
      - name: sink
        port: in
- kind: nop
  name: sink
`,
      },
      command: 'flowc check app.yaml',
    },
    fix: 'Write the index as a number: `out[0]`.',
  },
  MERGE_INPUT_UNWIRED: {
    summary: 'a merge input below the highest one is not connected, so no group completes',
    meaning: '`merge` waits for one packet on each of `in[0]` … `in[N]`, N being the highest input wired; an input below it that nothing sends to means no group ever completes.',
    example: {
      files: {
        'app.yaml': `- kind: split
  name: fan
  ports:
    out[0]:
      - name: both
        port: in[0]
    out[1]:
      - name: both
        port: in[2]
- kind: merge
  name: both
`,
      },
      command: 'flowc check app.yaml',
    },
    fix: 'Wire every input from `in[0]` up to the highest, without gaps: here `in[1]` instead of `in[2]`.',
  },
  MISSING_FIELD: {
    summary: 'a required field is missing',
    meaning: "A field the kind's schema requires is absent (`flowc schema` and `docs/nodes/` list the required fields); a chart misses `name` or `specs` the same way.",
    example: {
      files: { 'app.yaml': '- kind: listener\n  name: http\n  protocol: http\n' },
      command: 'flowc check app.yaml',
    },
    fix: "Add the field the hint names: `port: 8000` (or `port: '{{ .PORT }}'`).",
  },
  NODE_IN_OTHER_NAMESPACE: {
    summary: 'a port names a node that lives in another namespace',
    meaning: 'Namespaces are isolated programs: a port can only lead to a node of its own namespace.',
    example: {
      files: {
        'app.yaml': `- kind: snippet
  name: a
  namespace: a
  language: text
  code: hi
  ports:
    out:
      - name: pong
        port: in
- kind: nop
  name: pong
  namespace: b
`,
      },
      command: 'flowc check app.yaml -n a',
    },
    fix: 'Put both nodes in one namespace, or connect to a node of this one.',
  },
  OUTPUT_UNWRITABLE: {
    summary: 'an output file cannot be written',
    meaning: 'A build writes its bundle, its source map and, with `--emit-ts`, the TypeScript program; one of them cannot be written: its folder cannot be created (a file of that name is in the way, no permission) or the file cannot be. None of the files is written then, and a previous output stays as it was.',
    example: {
      files: { 'app.yaml': '- kind: nop\n  name: sink\n' },
      command: 'flowc build app.yaml -o app.yaml/app.mjs',
    },
    fix: 'Write into a folder flowc may create files in: `flowc build app.yaml -o dist/app.mjs`.',
  },
  TEMPLATE_SYNTAX: {
    summary: 'a `{{ }}` template does not parse',
    meaning: 'Strings holding `{{ }}` are Go text/template templates, parsed at build time and rendered when the program starts (from the environment, `--env` and values).',
    example: {
      files: { 'app.yaml': "- kind: listener\n  name: http\n  protocol: http\n  port: '{{ .PORT '\n" },
      command: 'flowc check app.yaml',
    },
    fix: "Close the action: `port: '{{ .PORT }}'`.",
  },
  TEST_INVALID: {
    summary: 'a `*.test.yaml` case file has a wrong shape',
    meaning: 'A case file holds `cases:`, each with a `request` (or a `send` to a node\'s port), `mocks`, `env`/`values` and `expect`; a field it does not know, a mock with two answers, or a value of the wrong type is reported at that field.',
    example: {
      files: { 'app.yaml': '- kind: listener\n  name: http\n  protocol: http\n  port: 8000\n  ports:\n    out: [{ name: hello, port: in }]\n- kind: snippet\n  name: hello\n  language: text\n  code: hello\n', 'app.test.yaml': 'cases:\n  - name: says hello\n    request: { path: / }\n    expect:\n      statu: 200\n' },
      command: 'flowc test app.test.yaml',
    },
    fix: 'Correct the field the message names (the hint lists the known ones): `status: 200`. `docs/testing.md` describes every field.',
  },
  TEST_UNKNOWN_NODE: {
    summary: 'a test case names a node the workflow does not have',
    meaning: 'A case mocks a node, sends a packet into one, or expects one to fire, by name; the name must be a node of the namespace the cases run in.',
    example: {
      files: { 'app.yaml': '- kind: listener\n  name: http\n  protocol: http\n  port: 8000\n  ports:\n    out: [{ name: hello, port: in }]\n- kind: snippet\n  name: hello\n  language: text\n  code: hello\n', 'app.test.yaml': 'cases:\n  - name: says hello\n    request: { path: / }\n    mocks:\n      helo: { answer: hi }\n' },
      command: 'flowc test app.test.yaml',
    },
    fix: 'Use the node\'s name as its spec writes it (the hint suggests the closest one): `hello`.',
  },
  TEST_UNKNOWN_PORT: {
    summary: 'a test case names a port the node does not have',
    meaning: 'A case that sends a packet into a node, or expects a port to fire, names the port; it must be one the node\'s kind has.',
    example: {
      files: { 'app.yaml': '- kind: listener\n  name: http\n  protocol: http\n  port: 8000\n  ports:\n    out: [{ name: hello, port: in }]\n- kind: snippet\n  name: hello\n  language: text\n  code: hello\n', 'app.test.yaml': 'cases:\n  - name: says hello\n    send: { node: hello, port: input, payload: x }\n' },
      command: 'flowc test app.test.yaml',
    },
    fix: 'Name one of the ports the hint lists: `port: in`.',
  },
  UNKNOWN_FIELD: {
    summary: 'a field the kind does not know (ignored)',
    meaning: 'A warning, not an error: the spec has a field its kind does not define, which is ignored. It is usually a misspelt field, whose intended value is then missing.',
    example: {
      files: { 'app.yaml': '- kind: snippet\n  name: s\n  language: text\n  code: hi\n  langauge: text\n' },
      command: 'flowc check app.yaml',
    },
    fix: 'Correct the spelling the hint suggests (`language`), or remove the field.',
  },
  UNKNOWN_KIND: {
    summary: 'no node kind has this name',
    meaning: "A spec's `kind` must be a built-in kind, a kind of an extension the config or `--kinds` loads, or a chart of the spec's namespace.",
    example: {
      files: { 'app.yaml': '- kind: routr\n  name: r\n' },
      command: 'flowc check app.yaml',
    },
    fix: 'Correct the kind (the hint suggests the closest), load the extension that defines it, or define the chart in this namespace.',
  },
  UNKNOWN_NODE: {
    summary: 'a port names a node that does not exist',
    meaning: 'Each entry of `ports` leads to a node by `name` (or `id`) in the same namespace; no node has this one.',
    example: {
      files: {
        'app.yaml': `- kind: snippet
  name: a
  language: text
  code: hi
  ports:
    out:
      - name: sinc
        port: in
- kind: nop
  name: sink
`,
      },
      command: 'flowc check app.yaml',
    },
    fix: 'Correct the name (the hint suggests the closest: `sink`), or add the node.',
  },
  UNKNOWN_PORT: {
    summary: 'a port name the node kind does not have',
    meaning: "The keys of `ports` are the node's output ports (plus `init` and `term`), and each entry's `port` is an input port of the target node; the kind does not declare this one.",
    example: {
      files: {
        'app.yaml': `- kind: snippet
  name: a
  language: text
  code: hi
  ports:
    result:
      - name: sink
        port: in
- kind: nop
  name: sink
`,
      },
      command: 'flowc check app.yaml',
    },
    fix: 'Use a port the hint lists (here `out` or `error`); `docs/nodes/` lists each kind\'s ports.',
  },
  UNKNOWN_VALUE: {
    summary: 'an env entry binds a value that does not exist',
    meaning: "A spec's `env` binds values (secrets) by `name` or `id`; when values are given (a values file, `--values`, or the store), each binding must name one of the namespace.",
    example: {
      files: {
        'app.yaml': `- name: database
  data:
    password: hunter2
- kind: snippet
  name: s
  language: text
  code: '{{ .PASSWORD }}'
  env:
    PASSWORD:
      - name: databse
        data: '{{ .password }}'
`,
      },
      command: 'flowc check app.yaml',
    },
    fix: 'Correct the name (the hint lists the values of the namespace: `database`), or add the value.',
  },
  UNWIRED_PORT: {
    summary: 'a field sends to an out-port the node does not connect',
    meaning: 'A `router` route or a `switch` match names an out-port that `ports` does not wire, so what it selects would go nowhere.',
    example: {
      files: {
        'app.yaml': `- kind: switch
  name: level
  matches:
    - when: 'self.level == "error"'
      port: out[0]
    - when: 'true'
      port: out[3]
  ports:
    out[0]:
      - name: sink
        port: in
- kind: nop
  name: sink
`,
      },
      command: 'flowc check app.yaml',
    },
    fix: 'Wire the port under `ports` (`out[3]: [{ name: sink, port: in }]`), or point the field at a port that is wired.',
  },
  VALUES_INVALID: {
    summary: 'an entry of a values file is not `{name, data}`',
    meaning: 'A values file (`--values`) is YAML or JSON holding a list of entries, each with a `name` (or `id`), `data` and optionally a `namespace`. A map of names to data, an entry without `data`, or unknown keys are reported here; the message names the entry and the key, never the data.',
    example: {
      files: {
        'app.yaml': "- kind: snippet\n  name: s\n  language: text\n  code: '{{ .TOKEN }}'\n  env:\n    TOKEN:\n      - name: api\n        data: '{{ .token }}'\n",
        'values.yaml': 'api:\n  token: s3cr3t\n',
      },
      command: 'flowc check app.yaml --values values.yaml',
    },
    fix: 'Write each value as an entry: `- name: api` with `data: { token: … }` under it.',
  },
  YAML_SYNTAX: {
    summary: 'the file is not valid YAML or JSON',
    meaning: 'The file does not parse: indentation, an unclosed quote or bracket, a missing `:`, an alias to no anchor. flowc reports where the problem starts, e.g. where an unclosed string opens.',
    example: {
      files: { 'app.yaml': '- kind: snippet\n  name: a\n  language: text\n  code: "unterminated\n' },
      command: 'flowc check app.yaml',
    },
    fix: 'Fix the syntax at the reported position: here close the string, `code: "unterminated"`.',
  },
} satisfies Record<string, CodeEntry>;

export type DiagnosticCode = keyof typeof CODES;
