import type { HostServices } from '@flowc/runtime/core/services';
import type { FromWorker, ToWorker } from './messages.ts';
import { HotRunner } from './runner.ts';

/**
 * The worker side of `--workers`: serves, in this process, every version the primary deploys (each one
 * swapped in with its own hot swap: the listening sockets are shared through the primary and kept across
 * versions). Resolves once the primary said stop, or went away, and every request received was answered.
 */
export function serveWorker(host: HostServices, on: { serving?(hash: string): void; stopping?(): void } = {}): Promise<void> {
  const runner = new HotRunner({}, host);
  const reply = (message: FromWorker): void => void process.send?.(message);
  return new Promise((resolve) => {
    let stopping: Promise<void> | undefined;
    const stop = (): void => {
      if (stopping) return;
      on.stopping?.();
      stopping = runner.stop().then(resolve, resolve);
    };
    process.on('message', (message: ToWorker) => {
      if (message.flowc === 'stop') return stop();
      if (stopping) return;
      const work =
        message.flowc === 'deploy'
          ? runner.deploy(message.version, message.options, message.fingerprint).then((swap) => {
              on.serving?.(message.version.hash);
              return swap;
            })
          : runner.send(message.node, message.port, message.payload);
      work.then(
        (result) => reply({ flowc: 'done', id: message.id, result }),
        (error: unknown) => reply({ flowc: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) }),
      );
    });
    // The primary stops the workers: Ctrl-C, sent to the whole process group, waits for its word. SIGTERM sent to
    // one worker drains it (the primary starts another in its place); a primary that died (kill -9) disconnects,
    // and the worker drains and exits on its own.
    process.on('SIGINT', () => undefined);
    process.once('SIGTERM', stop);
    process.once('disconnect', stop);
    reply({ flowc: 'online' });
  });
}
