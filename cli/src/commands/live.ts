import type { BuildContext } from '@flowc/compiler';
import { graphView } from '@flowc/compiler/graph/index';
import type { Debugger } from '@flowc/runtime/debug/debugger';
import { logLine } from '../render.ts';
import { startLiveView } from '../ui/server.ts';

/** `--ui [addr]`: starts the live view and redraws it on every good build. */
export async function showLiveView(ctx: BuildContext, debug: Debugger, address: string, namespace: string, scope: string): Promise<void> {
  const live = await startLiveView({ address, debug });
  let shown: string | undefined;
  ctx.on('build-end', (event) => {
    // A rebuild that changed nothing (a burst of file events) is not a new picture: what changed stays marked.
    if (event.result.errors.length > 0 || event.hash === undefined || event.hash === shown) return;
    shown = event.hash;
    live.show(graphView(event.result.graph, event.result.diagnostics, namespace));
  });
  logLine(scope, `live view: ${live.url}`);
}
