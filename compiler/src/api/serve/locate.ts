import type { Worker } from 'node:worker_threads';

/** How long finding where a busy worker is may take before the diagnostic goes without it. */
const LOCATE_MS = 1_000;

/**
 * Where a worker that never yields is running: its thread is paused through the inspector (the NodeWorker domain
 * of a session in this thread), the line read from the top frame, and the worker resumed so that it can be
 * terminated. Resolves with the 1-based line in the code the worker evaluated, or undefined when the inspector
 * is not there or does not answer in time.
 */
export async function busyLine(worker: Worker): Promise<number | undefined> {
  let inspector: typeof import('node:inspector');
  try {
    inspector = await import('node:inspector');
  } catch {
    return undefined;
  }
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  try {
    return await new Promise<number | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), LOCATE_MS);
      let target: string | undefined;
      const send = (id: number, method: string): Promise<unknown> => post('NodeWorker.sendMessageToWorker', { sessionId: target, message: JSON.stringify({ id, method }) });
      session.on('NodeWorker.attachedToWorker', ({ params }: { params: { sessionId: string; workerInfo: { title: string } } }) => {
        // The inspector numbers workers its own way; the title (`[worker N]`) carries the thread id.
        if (params.workerInfo.title !== `[worker ${worker.threadId}]` || target) return;
        target = params.sessionId;
        send(1, 'Debugger.enable').then(() => send(2, 'Debugger.pause')).catch(() => resolve(undefined));
      });
      session.on('NodeWorker.receivedMessageFromWorker', ({ params }: { params: { message: string } }) => {
        const message = JSON.parse(params.message) as { method?: string; params?: { callFrames?: { location: { lineNumber: number } }[] } };
        if (message.method !== 'Debugger.paused') return;
        clearTimeout(timer);
        const line = message.params?.callFrames?.[0]?.location.lineNumber;
        // Resumes the worker (paused, it could not be terminated).
        void send(3, 'Debugger.disable').catch(() => undefined);
        resolve(line === undefined ? undefined : line + 1);
      });
      post('NodeWorker.enable', { waitForDebuggerOnStart: false }).catch(() => resolve(undefined));
    });
  } finally {
    await post('NodeWorker.disable').catch(() => undefined);
    session.disconnect();
  }
}

/**
 * The module of a bundle a line belongs to, by the comment esbuild writes before each module: a snippet's code
 * (`flowc-code:./snippets/answer_code.js` → `snippets/answer_code.js`) or a kind module's file.
 */
export function moduleAt(code: string, line: number): string | undefined {
  const lines = code.split('\n', line);
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const comment = /^\/\/ (?:flowc-code:)?(?:\.\/)?(\S+\.[cm]?[jt]sx?)$/.exec(lines[i]!);
    if (comment) return comment[1]!.replace(/^(\.\.\/)+/, '');
  }
  return undefined;
}
