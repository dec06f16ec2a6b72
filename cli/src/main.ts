import { Command, Option } from 'commander';

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
  .option('--store <url>', 'build the namespace held in a store (postgres://…, mem://, a folder)')
  .requiredOption('-o, --out <file>', 'bundle to write, e.g. dist/app.mjs (a folder with --all-namespaces)')
  .option('-n, --namespace <ns>', 'namespace to build', 'default')
  .option('--all-namespaces', 'build one bundle per namespace into the -o folder (<namespace>.mjs)')
  .option('--charts <files...>', 'chart files (charts among the inputs are found by their shape too)')
  .option('--values <files...>', 'values files: check that every value a spec binds exists (data is never bundled)')
  .option('--emit-ts <file>', 'also write the generated TypeScript program')
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
  .option('--store <url>', 'serve the namespace held in a store and follow its change stream')
  .option('-n, --namespace <ns>', 'namespace to run', 'default')
  .option('--charts <files...>', 'chart files (charts among the inputs are found by their shape too)')
  .option('--env <KEY=VALUE>', 'template variable (repeatable; also read from the environment)', collect, [])
  .option('--values <file>', 'values file (YAML or JSON list of {name, data})', collect, [])
  .addOption(new Option('--format <format>', 'diagnostics format').choices(['text', 'json']).default('text'))
  .addHelpText('after', '\nExamples:\n  $ flowc run examples/ping.yaml --env PORT=8000\n  $ flowc run flows/ --values secrets.yaml\n  $ flowc run --store postgres://127.0.0.1/test -n shop --env PORT=8000')
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
  .addOption(new Option('--format <format>', 'diagnostics format').choices(['text', 'json']).default('text'))
  .addHelpText('after', '\nExamples:\n  $ flowc watch flows/ -o dist/app.mjs\n  $ flowc watch examples/ping.yaml --run --env PORT=8000')
  .action(async (inputs: string[], options) => {
    const { watchCommand } = await import('./commands/watch.ts');
    process.exitCode = await watchCommand(inputs, options);
  });

const storeOption = (): Option => new Option('--store <url>', 'store: postgres://…, mem://, a folder (default: $FLOWC_STORE, flowc.config.*, ./flows)');
const outputOption = (): Option => new Option('-o, --output <format>', 'output format').choices(['table', 'yaml', 'json']).default('table');

withKinds(program.command('apply'))
  .description('create or update resources from a file, all or nothing; specs and charts must build with what the store holds')
  .argument('<type>', 'specs, values or charts')
  .option('-f, --filename <file>', 'YAML/JSON file of resources (- for standard input)')
  .option('-n, --namespace <ns>', 'namespace of entries that name none', 'default')
  .option('--no-check', 'skip the compile check (the store still validates each resource)')
  .option('--show-secrets', 'print values with their data')
  .addOption(outputOption())
  .addOption(storeOption())
  .addHelpText('after', '\nExamples:\n  $ flowc apply specs -f examples/ping.yaml\n  $ flowc apply values -f secrets.yaml -n billing --store postgres://localhost/flows\n  $ cat specs.json | flowc apply specs -f - -o json')
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
  .addOption(storeOption())
  .addHelpText('after', '\nExamples:\n  $ flowc get specs\n  $ flowc get specs router -o yaml > router.yaml\n  $ flowc get values -A --show-secrets -o json')
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

await program.parseAsync();
