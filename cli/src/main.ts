import { Command, Option } from 'commander';

const program = new Command('flowc')
  .description('Compile flow-based workflow specs (YAML/JSON) into one bundled JavaScript program.')
  .version('0.1.0')
  .showHelpAfterError();

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

program
  .command('build')
  .description('validate specs and emit one self-contained ESM bundle (plus a source map)')
  .argument('<inputs...>', 'spec files, folders or globs (YAML or JSON)')
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

program
  .command('check')
  .description('validate specs and report every problem, without writing anything')
  .argument('<inputs...>', 'spec files, folders or globs (YAML or JSON)')
  .option('-n, --namespace <ns>', 'namespace to check', 'default')
  .option('--charts <files...>', 'chart files (charts among the inputs are found by their shape too)')
  .option('--values <files...>', 'values files: check that every value a spec binds exists')
  .addOption(new Option('--format <format>', 'diagnostics format').choices(['text', 'json']).default('text'))
  .addHelpText('after', '\nExamples:\n  $ flowc check examples/\n  $ flowc check "flows/**/*.yaml" --format json')
  .action(async (inputs: string[], options) => {
    const { checkCommand } = await import('./commands/check.ts');
    process.exitCode = await checkCommand(inputs, { ...options, checkValues: options.values });
  });

program
  .command('run')
  .description('build in memory and run the program until SIGINT/SIGTERM')
  .argument('<inputs...>', 'spec files, folders or globs (YAML or JSON)')
  .option('-n, --namespace <ns>', 'namespace to run', 'default')
  .option('--charts <files...>', 'chart files (charts among the inputs are found by their shape too)')
  .option('--env <KEY=VALUE>', 'template variable (repeatable; also read from the environment)', collect, [])
  .option('--values <file>', 'values file (YAML or JSON list of {name, data})', collect, [])
  .addOption(new Option('--format <format>', 'diagnostics format').choices(['text', 'json']).default('text'))
  .addHelpText('after', '\nExamples:\n  $ flowc run examples/ping.yaml --env PORT=8000\n  $ flowc run flows/ --values secrets.yaml')
  .action(async (inputs: string[], options) => {
    const { runCommand } = await import('./commands/run.ts');
    const code = await runCommand(inputs, options);
    if (code !== 0) process.exitCode = code;
  });

await program.parseAsync();
