import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Builds the CLI once so end-to-end tests drive exactly what `npx flowc` runs. */
export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
}
