import { Command, InvalidArgumentError, Option } from 'commander';
import { refuseUnknownCommand } from './argv.ts';
import { describeInternalError, describeSystemError } from './system-error.ts';

const program = new Command('flowc')
  .description('Compile flow-based workflow specs (YAML/JSON) into one bundled JavaScript program.')
  .version('0.1.0')
  .showHelpAfterError();

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Extensions: the config file and `--kinds`, on every command that compiles. */
function withKinds(command: Command): Command {
  return command
    .option('--kinds <modules...>', 'kind modules to load besides the config\'s (paths or npm package names)')
    .option('--config <file>', 'config file (default: flowc.config.{ts,mjs,js,json} in the working directory)')
    .option('--no-config', 'read no config file');
}

withKinds(program.command('build'))
  .description('validate specs and emit one self-contained ESM bundle (plus a source map)')
  .argument('[inputs...]', 'spec files, folders or globs (YAML or JSON); none with --store')
  .option('--store <url>', 'build the namespace held in a store (postgres://…, mem://, a folder; default without inputs: $FLOWC_STORE)')
  .requiredOption('-o, --out <file>', 'bundle to write, e.g. dist/app.mjs (a folder with --all-namespaces)')
  .option('-n, --namespace <ns>', 'namespace to build', 'default')
  .option('--all-namespaces', 'build one bundle per namespace into the -o folder (<namespace>.mjs)')
  .option('--charts <files...>', 'chart files (charts among the inputs are found by their shape too)')
  .option('--values <files...>', 'values files: check that every value a spec binds exists (data is never bundled)')
  .option('--emit-ts <file>', 'also write the generated TypeScript program')
  .option('--observe <features>', 'telemetry to build in, turned on when the bundle runs: logs,metrics,tracing (docs/observability.md)')
  .addOption(new Option('--format <format>', 'diagnostics format').choices(['text', 'json']).default('text'))
  .addHelpText('after', '\nExamples:\n  $ flowc build examples/ping.yaml -o dist/ping.mjs && PORT=8000 node dist/ping.mjs\n  $ flowc build flows/ -n billing -o dist/billing.mjs --emit-ts dist/billing.ts\n  $ flowc build flows/ --charts charts/ --all-namespaces -o dist/')
  .action(async (inputs: string[], options) => {
    const { buildCommand } = await import('./commands/build.ts');
    process.exitCode = await buildCommand(inputs, options);
  });

withKinds(program.command('check'))
  .description('validate specs and report every problem, without writing anything')
  .argument('<inputs...>', 'spec files, folders or globs (YAML or JSON)')
  .option('-n, --namespace <ns>', 'namespace to check', 'default')
  .option('--charts <files...>', 'chart files (charts among the inputs are found by their shape too)')
  .option('--values <files...>', 'values files: check that every value a spec binds exists')
  .addOption(new Option('--format <format>', 'diagnostics format').choices(['text', 'json']).default('text'))
  .addHelpText('after', '\nExamples:\n  $ flowc check examples/charts/\n  $ flowc check "examples/*.yaml" --format json')
  .action(async (inputs: string[], options) => {
    const { checkCommand } = await import('./commands/check.ts');
    process.exitCode = await checkCommand(inputs, options);
  });

withKinds(program.command('graph'))
  .description('draw the graph of one namespace: nodes, ports, edges, composites as clusters, problems highlighted')
  .argument('<inputs...>', 'spec files, folders or globs (YAML or JSON)')
  .option('-n, --namespace <ns>', 'namespace to draw', 'default')
  .option('--charts <files...>', 'chart files (charts among the inputs are found by their shape too)')
  .option('--values <files...>', 'values files: check that every value a spec binds exists')
  .addOption(new Option('--format <format>', 'picture format').choices(['mermaid', 'dot', 'json', 'svg', 'html']).default('mermaid'))
  .option('-o, --out <file>', 'write the picture to a file instead of standard output')
  .addHelpText('after', '\nExamples:\n  $ flowc graph examples/orders.yaml --format svg -o orders.svg\n  $ flowc graph examples/charts/ --format html -o charts.html\n  $ flowc graph examples/ping.yaml --format json')
  .action(async (inputs: string[], options) => {
    const { graphCommand } = await import('./commands/graph.ts');
    process.exitCode = await graphCommand(inputs, options);
  });

withKinds(program.command('test'))
  .description('run the cases of *.test.yaml files and the uniflow `test` nodes of the specs (exit 0 passed, 1 failed, 2 not built)')
  .argument('[inputs-or-pattern...]', 'spec and case files, folders or globs (default: .); an argument naming no file is a name pattern (regex)')
  .option('-g, --grep <regex>', 'only tests whose name matches')
  .option('-n, --namespace <ns>', 'namespace the cases run in', 'default')
  .addOption(new Option('--reporter <reporter>', 'report format').choices(['default', 'junit', 'tap', 'json']).default('default'))
  .option('--timeout <ms>', 'milliseconds a case may take (default 5000; a case file\'s `timeout` wins)')
  .option('--concurrency <n>', 'cases run at once (default 8)')
  .option('--env <KEY=VALUE>', 'template variable of every case (repeatable; also read from the environment)', collect, [])
  .option('--coverage', 'print graph coverage: nodes, ports, routes and branches exercised')
  .option('--coverage-json <file>', 'write the graph coverage as JSON')
  .option('--coverage-min <percent>', 'fail (exit 1) when coverage is below this')
  .option('-w, --watch', 're-run the affected cases on every change')
  .addHelpText('after', '\nExamples:\n  $ flowc test examples/ping.yaml\n  $ flowc test examples/ --coverage --coverage-min 80\n  $ flowc test examples/orders.test.yaml "refund" --reporter junit > junit.xml')
  .action(async (args: string[], options) => {
    const { testCommand } = await import('./commands/test.ts');
    process.exitCode = await testCommand(args, options);
  });

withKinds(program.command('run'))
  .description('build in memory and run the program until SIGINT/SIGTERM; with --store, hot-swap on every store change')
  .argument('[inputs...]', 'spec files, folders or globs (YAML or JSON); none with --store')
  .option('--store <url>', 'serve the namespace held in a store and follow its change stream (default without inputs: $FLOWC_STORE)')
  .option('-n, --namespace <ns>', 'namespace to run', 'default')
  .option('--charts <files...>', 'chart files (charts among the inputs are found by their shape too)')
  .option('--env <KEY=VALUE>', 'template variable (repeatable; also read from the environment)', collect, [])
  .option('--values <file>', 'values file (YAML or JSON list of {name, data})', collect, [])
  .option('--debug', 'run under the debugger: a (debug) prompt on stdin/stdout (see docs/debugging.md)')
  .option('--workers <n|auto>', 'serve in n worker processes sharing the listening sockets (auto: one per core)')
  .option('--log-level <level>', 'debug, info, warn, error or silent (default: $FLOWC_LOG_LEVEL, info)')
  .option('--metrics <host:port>', 'serve /metrics, /healthz and /readyz on this address (default: $FLOWC_METRICS)')
  .addOption(new Option('--format <format>', 'diagnostics format').choices(['text', 'json']).default('text'))
  .addHelpText('after', '\nExamples:\n  $ flowc run examples/ping.yaml --env PORT=8000\n  $ flowc run examples/ping.yaml --env PORT=8000 --debug\n  $ flowc run flows/ --values secrets.yaml\n  $ flowc run examples/ping.yaml --env PORT=8000 --workers auto\n  $ flowc run --store postgres://127.0.0.1/test -n shop --env PORT=8000')
  .action(async (inputs: string[], options) => {
    const { runCommand } = await import('./commands/run.ts');
    const code = await runCommand(inputs, options);
    if (code !== 0) process.exitCode = code;
  });

withKinds(program.command('watch'))
  .description('rebuild on every change; with --run, serve the program and hot-swap it without dropping requests')
  .argument('<inputs...>', 'spec files, folders or globs (YAML or JSON)')
  .option('-o, --out <file>', 'bundle to rewrite atomically on every good build')
  .option('--run', 'serve the program and swap in every good build')
  .option('-n, --namespace <ns>', 'namespace to build', 'default')
  .option('--charts <files...>', 'chart files (charts among the inputs are found by their shape too)')
  .option('--env <KEY=VALUE>', 'template variable for --run (repeatable)', collect, [])
  .option('--values <file>', 'values file for --run (YAML or JSON)', collect, [])
  .option('--debug', 'with --run: serve under the debugger (a (debug) prompt; breakpoints carry over swaps)')
  .option('--ui [addr]', 'with --run: a live view of the graph and its traffic (default 127.0.0.1:7357; other hosts need the printed token)')
  .option('--workers <n|auto>', 'with --run: serve in n worker processes sharing the listening sockets, all hot-swapped (auto: one per core)')
  .option('--log-level <level>', 'debug, info, warn, error or silent (default: $FLOWC_LOG_LEVEL, info)')
  .option('--metrics <host:port>', 'serve /metrics, /healthz and /readyz on this address (default: $FLOWC_METRICS)')
  .addOption(new Option('--format <format>', 'diagnostics format').choices(['text', 'json']).default('text'))
  .addHelpText('after', '\nExamples:\n  $ flowc watch flows/ -o dist/app.mjs\n  $ flowc watch examples/ping.yaml --run --env PORT=8000\n  $ flowc watch examples/orders.yaml --run --ui --env PORT=8000')
  .action(async (inputs: string[], options) => {
    const { watchCommand } = await import('./commands/watch.ts');
    process.exitCode = await watchCommand(inputs, options);
  });

program
  .command('dap')
  .description('serve the debugger over the Debug Adapter Protocol on stdin/stdout (for editors); `launch` takes { inputs, cwd, env, namespace, values }')
  .addHelpText('after', '\nBreakpoints go on the YAML lines of nodes; logpoints log packets. See docs/debugging.md for a VS Code launch configuration.')
  .action(async () => {
    const { dapCommand } = await import('./commands/dap.ts');
    // stdin stays open until the client closes it: exit once the session has ended.
    process.exit(await dapCommand());
  });

const storeOption = (): Option => new Option('--store <url>', 'store: postgres://…, mem://, a folder (default: $FLOWC_STORE, flowc.config.*, ./flows)');
// `--format`, as every other command names its output format; `-o` is a file everywhere (build, watch).
const outputOption = (): Option => new Option('--format <format>', 'output format').choices(['table', 'yaml', 'json']).default('table');
/** `-o json` as these commands took it before: refused with the new spelling, since `-o` names a file elsewhere. */
const oldOutputOption = (): Option => new Option('-o, --output <format>').hideHelp().argParser((value: string) => {
  throw new InvalidArgumentError(`\`-o ${value}\` is now \`--format ${value}\` (-o names an output file, as in flowc build)`);
});

withKinds(program.command('apply'))
  .description('create or update resources from a file, all or nothing; specs and charts must build with what the store holds')
  .argument('<type>', 'specs, values or charts')
  .option('-f, --filename <file>', 'YAML/JSON file of resources (- for standard input)')
  .option('-n, --namespace <ns>', 'namespace of entries that name none', 'default')
  .option('--no-check', 'skip the compile check (the store still validates each resource)')
  .option('--show-secrets', 'print values with their data')
  .option('--plan', 'print what the write changes (as flowc plan does), then ask')
  .option('-y, --yes', 'with --plan: apply without asking')
  .addOption(outputOption())
  .addOption(oldOutputOption())
  .addOption(storeOption())
  .addHelpText('after', '\nExamples:\n  $ flowc apply specs -f examples/ping.yaml\n  $ flowc apply values -f secrets.yaml -n billing --store postgres://localhost/flows\n  $ cat specs.json | flowc apply specs -f - --format json')
  .action(async (type: string, options) => {
    const { applyCommand } = await import('./commands/apply.ts');
    process.exitCode = await applyCommand(type, options);
  });

program
  .command('get')
  .description('list stored resources of a namespace (values are shown as *** unless --show-secrets)')
  .argument('<type>', 'specs, values or charts')
  .argument('[names...]', 'only these names')
  .option('-n, --namespace <ns>', 'namespace to list', 'default')
  .option('-A, --all-namespaces', 'list every namespace')
  .option('--show-secrets', 'print values with their data')
  .addOption(outputOption())
  .addOption(oldOutputOption())
  .addOption(storeOption())
  .addHelpText('after', '\nExamples:\n  $ flowc get specs\n  $ flowc get specs router --format yaml > router.yaml\n  $ flowc get values -A --show-secrets --format json')
  .action(async (type: string, names: string[], options) => {
    const { getCommand } = await import('./commands/get.ts');
    process.exitCode = await getCommand(type, names, options);
  });

withKinds(program.command('delete'))
  .description('delete resources named in a file, by name, or a whole namespace with --all')
  .argument('<type>', 'specs, values or charts')
  .option('-f, --filename <file>', 'delete the resources this file names (each entry needs an id or a name)')
  .option('--name <name...>', 'delete these names')
  .option('--all', 'delete every resource of the type in the namespace')
  .option('-n, --namespace <ns>', 'namespace', 'default')
  .option('--no-check', 'skip the compile check of what remains')
  .addOption(outputOption())
  .addOption(oldOutputOption())
  .addOption(storeOption())
  .addHelpText('after', '\nExamples:\n  $ flowc delete specs --name hello\n  $ flowc delete specs -f examples/ping.yaml\n  $ flowc delete values --all -n scratch')
  .action(async (type: string, options) => {
    const { deleteCommand } = await import('./commands/delete.ts');
    process.exitCode = await deleteCommand(type, options);
  });

program
  .command('status')
  .description('list the instances serving from a store and the program hash each serves; exit 0 when converged')
  .option('-n, --namespace <ns>', 'only this namespace')
  .option('--store <url>', 'store: postgres://…, mem://, a folder (default: $FLOWC_STORE, flowc.config.*, ./flows)')
  .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
  .addHelpText('after', '\nExamples:\n  $ flowc status --store postgres://127.0.0.1/test -n shop')
  .action(async (options) => {
    const { statusCommand } = await import('./commands/status.ts');
    process.exitCode = await statusCommand(options);
  });

withKinds(program.command('schema'))
  .description("write the JSON Schema (draft 2020-12) of spec files, with the config's kinds, for editors")
  .option('-o, --out <file>', 'file to write (default: standard output)')
  .addHelpText('after', '\nExamples:\n  $ flowc schema -o flowc.schema.json\n  $ flowc schema --kinds ./kinds/greet.ts > flowc.schema.json\nThen start a spec file with  # yaml-language-server: $schema=./flowc.schema.json  (see docs/editors.md)')
  .action(async (options) => {
    const { schemaCommand } = await import('./commands/schema.ts');
    process.exitCode = await schemaCommand(options);
  });

withKinds(program.command('plan'))
  .description('what deploying a new version changes, compared on the compiled graphs: nodes, fields, edges, listeners, state, value bindings')
  .argument('[inputs...]', 'two versions: <before> <after>, each a file, a folder or a quoted glob; none with --store')
  .option('--store <url>', 'compare the store\'s namespace with what `flowc apply -f` would make of it')
  .option('-f, --filename <file>', 'with --store: the file `flowc apply` would write')
  .option('-t, --type <type>', 'with --store: specs, charts or values', 'specs')
  .option('-n, --namespace <ns>', 'only this namespace (default: every namespace of either version)')
  .option('--detailed-exitcode', 'exit 2 when there are changes, 0 when there are none')
  .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
  .addHelpText('after', '\nExamples:\n  $ flowc plan deployed/ flows/\n  $ flowc plan old.yaml new.yaml --format json\n  $ flowc plan --store postgres://127.0.0.1/test -n shop -f flows/shop.yaml')
  .action(async (inputs: string[], options) => {
    const { planCommand } = await import('./commands/plan.ts');
    process.exitCode = await planCommand(inputs, options);
  });

program
  .command('init')
  .description('scaffold a working project in an empty folder: a flow, flowc.config.mjs, the schema, a README and a CI workflow')
  .argument('[dir]', 'the folder (default: the working directory); it must be empty')
  .addHelpText('after', '\nExamples:\n  $ flowc init my-flows && cd my-flows && npx flowc check flows/')
  .action(async (dir: string | undefined) => {
    const { initCommand } = await import('./commands/init.ts');
    process.exitCode = await initCommand(dir);
  });

program
  .command('lsp')
  .description('run the language server over stdio (diagnostics, completion, hover, definition, references, rename)')
  .option('--stdio', 'talk over standard input and output (the default; accepted for editors that pass it)')
  .addHelpText('after', '\nSee docs/editors.md for VS Code and Neovim.')
  .action(async () => {
    const { lspCommand } = await import('./commands/lsp.ts');
    await lspCommand();
  });

program
  .command('explain')
  .description('what a diagnostic code means, a minimal input that gets it, and the fix')
  .argument('[code]', 'a diagnostic code, e.g. UNKNOWN_KIND')
  .option('--all', 'print the whole reference (docs/diagnostics.md)')
  .addHelpText('after', '\nExamples:\n  $ flowc explain UNKNOWN_KIND\n  $ flowc explain --all > docs/diagnostics.md')
  .action(async (code: string | undefined, options) => {
    const { explainCommand } = await import('./commands/explain.ts');
    process.exitCode = explainCommand(code, options);
  });

const commandNames = new Set(['help', ...program.commands.flatMap((c) => [c.name(), ...c.aliases()])]);
// A worker of `run/watch --run --workers n` (WORKER_ENV of the compiler's serve/messages.ts) serves what its primary sends.
const workerSettings = process.env['FLOWC_SERVE_WORKER'];
if (workerSettings !== undefined && process.send !== undefined) {
  const { serveWorkerCommand } = await import('./commands/serve-worker.ts');
  process.exit(await serveWorkerCommand(workerSettings));
} else {
  try {
    await program.parseAsync(refuseUnknownCommand(process.argv.slice(2), commandNames), { from: 'user' });
  } catch (error) {
    // A file a command cannot write or read is the user's to fix: one line, exit 1, no stack trace. Anything
    // else escaping a command is a bug of flowc: said as one, with the stack only when asked for.
    const command = process.argv.slice(2).find((arg) => commandNames.has(arg));
    const described = describeSystemError(error) ?? describeInternalError(error, process.env.FLOWC_STACK === '1');
    process.stderr.write(`flowc${command ? ` ${command}` : ''}: ${described}\n`);
    process.exitCode = 1;
  }
}
