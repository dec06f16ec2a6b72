import { BuildFailure } from './failure.ts';
import { BuildSession } from './session.ts';
import type { BuildOptions, BuildResult, CheckOptions, CheckResult } from './types.ts';

/**
 * Validates the specs, resolves the graph and bundles one program per namespace. Spec errors are
 * returned as diagnostics (nothing is written then), unless `throwOnError` asks for a `BuildFailure`.
 */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const session = new BuildSession(options, false);
  try {
    const { compiled: _compiled, ...result } = await session.build();
    return result;
  } finally {
    await session.dispose();
  }
}

/** Every stage but emit and bundle: reports every problem, writes nothing. */
export async function check(options: CheckOptions & { readonly throwOnError?: boolean } = {}): Promise<CheckResult> {
  const session = new BuildSession(options, false);
  try {
    const { result } = await session.compile(false);
    if (options.throwOnError && result.errors.length > 0) throw new BuildFailure(result.diagnostics, result.sources);
    return result;
  } finally {
    await session.dispose();
  }
}
