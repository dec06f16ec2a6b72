/**
 * The files of a new flowc project: a flow, the config, the schema modeline, a README with the commands, a CI
 * workflow, a package.json and a .gitignore. `flowc check flows/`, `flowc test flows/` and
 * `flowc build flows/ -o dist/app.mjs` pass in it as written (tests/e2e/init.test.ts).
 */
export function projectFiles(name: string, schema: string): Record<string, string> {
  return {
    'flows/app.yaml': APP,
    'flows/app.test.yaml': TESTS,
    'flowc.config.mjs': CONFIG,
    'flowc.schema.json': schema,
    'package.json': `${JSON.stringify(packageJson(name), null, 2)}\n`,
    'README.md': readme(name),
    '.github/workflows/flowc.yml': CI,
    '.gitignore': 'node_modules/\ndist/\n',
  };
}

function packageJson(name: string): object {
  return {
    name: name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+/, '') || 'flows',
    private: true,
    type: 'module',
    scripts: {
      check: 'flowc check flows/',
      test: 'flowc test flows/',
      build: 'flowc build flows/ -o dist/app.mjs',
      start: 'node dist/app.mjs',
      dev: 'flowc watch flows/ --run --env PORT=8000',
      schema: 'flowc schema -o flowc.schema.json',
    },
    devDependencies: { flowc: '^0.1.0' },
    engines: { node: '>=20.19' },
  };
}

const APP = `# yaml-language-server: $schema=../flowc.schema.json
# GET /ping answers pong; GET /hello/:name answers a greeting. Run: flowc watch flows/ --run --env PORT=8000
- kind: listener
  name: http
  protocol: http
  port: '{{ .PORT }}'        # bound when the program starts, from the environment or --env
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
    - method: GET
      path: /hello/:name
      port: out[1]
  ports:
    out[0]:
      - name: pong
        port: in
    out[1]:
      - name: hello
        port: in

- kind: snippet
  name: pong
  language: text
  code: pong

- kind: snippet
  name: hello
  language: cel
  code: '"hello, " + self.params.name'
`;

const TESTS = `# Cases for app.yaml, run by \`flowc test flows/\` (docs/testing.md): requests go into the listener
# without opening a socket.
cases:
  - name: ping answers pong
    request: { method: GET, path: /ping }
    expect:
      status: 200
      body: pong
      fired: ['routes.out[0]']

  - name: hello greets by name
    request: { method: GET, path: /hello/ada }
    expect:
      status: 200
      body: hello, ada

  - name: an unknown path is 404
    request: { method: GET, path: /nope }
    expect:
      status: 404
`;

const CONFIG = `// flowc's config: kind modules (paths relative to this file, or npm packages) and the store of
// \`flowc apply/get/delete\`, e.g. \`{ kinds: ['./kinds/greet.ts'], store: 'postgres://127.0.0.1/flows' }\`.
/** @type {import('flowc').FlowcConfig} */
export default {
  kinds: [],
};
`;

function readme(name: string): string {
  return `# ${name}

A flowc project: \`flows/\` holds the workflow, \`flowc.config.mjs\` the
kinds it may use besides the built-ins.

\`\`\`sh
npm install                                   # flowc itself (devDependencies)
npx flowc check flows/                        # every problem, nothing written
npx flowc test flows/                         # the cases of flows/app.test.yaml, with graph coverage: --coverage
npx flowc build flows/ -o dist/app.mjs        # one self-contained bundle (+ dist/app.mjs.map)
PORT=8000 node dist/app.mjs                   # then: curl localhost:8000/ping
npx flowc watch flows/ --run --env PORT=8000  # serve and hot-swap every good edit
npx flowc plan deployed/ flows/               # what deploying flows/ over deployed/ changes
npx flowc explain UNKNOWN_KIND                # what a diagnostic code means, and the fix
\`\`\`

Editors: \`flows/app.yaml\` names \`flowc.schema.json\` in its first line, so a YAML extension completes and
checks each kind's fields; run \`npx flowc schema -o flowc.schema.json\` again after adding a kind to the
config. \`npx flowc lsp\` is a language server (diagnostics of the whole project, completion, go to definition,
rename of nodes).

CI: \`.github/workflows/flowc.yml\` checks, tests and builds on every push.
`;
}

const CI = `# Checks, tests and builds the flows on every push and pull request.
name: flowc
on: [push, pull_request]
jobs:
  flows:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm install
      - run: npx flowc check flows/ --format json > diagnostics.json || (cat diagnostics.json; exit 1)
      - run: npx flowc test flows/ --reporter junit > junit.xml || (cat junit.xml; exit 1)
      - run: npx flowc build flows/ -o dist/app.mjs
`;
