// Regenerates the pictures of the example workflows in docs/graphs/ with `flowc graph` (npm run docs:graphs).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = `${root}cli/bin/flowc.mjs`;
const EXAMPLES = [
  ['ping', ['examples/ping.yaml']],
  ['helloworld', ['examples/helloworld.yaml']],
  ['httpproxy', ['examples/httpproxy.yaml']],
  ['wsproxy', ['examples/wsproxy.yaml']],
  ['orders', ['examples/orders.yaml']],
  ['todo', ['examples/todo.yaml']],
  ['system', ['examples/system.yaml']],
  ['system-reflect', ['examples/system-reflect.yaml', '-n', 'system']],
  ['charts', ['examples/charts/']],
];

mkdirSync(`${root}docs/graphs`, { recursive: true });
for (const [name, inputs] of EXAMPLES) {
  const r = spawnSync(process.execPath, [cli, 'graph', ...inputs, '--format', 'svg', '-o', `docs/graphs/${name}.svg`], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// examples/kinds is a project of its own: its config registers the `greet` kind.
const kinds = spawnSync(process.execPath, [cli, 'graph', 'app.yaml', '--format', 'svg', '-o', '../../docs/graphs/kinds.svg'], { cwd: `${root}examples/kinds`, stdio: 'inherit' });
if (kinds.status !== 0) process.exit(kinds.status ?? 1);
