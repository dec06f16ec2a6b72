import { serveWorker } from '@flowc/compiler';
import { createHost } from '@flowc/runtime/core/host';
import { observe, readSettings, type TelemetryFlags } from '@flowc/runtime/telemetry/setup';
import { messageOf } from '../render.ts';
import { FEATURES } from './serve.ts';

/**
 * A worker of `flowc run/watch --run --workers n`: serves the versions its primary deploys, with the
 * telemetry the primary was asked for (`settings`: its `--log-level` and `--metrics`), until told to stop.
 */
export async function serveWorkerCommand(settings: string): Promise<number> {
  try {
    const telemetry = await observe(createHost(), readSettings(JSON.parse(settings) as TelemetryFlags, process.env), FEATURES);
    await serveWorker(telemetry.host, { serving: () => telemetry.ready(), stopping: () => telemetry.draining() });
    await telemetry.close();
    return 0;
  } catch (error) {
    process.stderr.write(`flowc: worker ${process.pid}: ${messageOf(error)}\n`);
    return 1;
  }
}
