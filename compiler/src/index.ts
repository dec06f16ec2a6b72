// flowc's public API. The types are declared in api/types.ts.
export { build, check } from './api/build.ts';
export { context } from './api/context.ts';
export { serveWorker } from './api/serve/worker.ts';
export { WORKER_ENV } from './api/serve/messages.ts';
export { schema } from './api/schema.ts';
export { init } from './api/init.ts';
export { plan, planApply } from './api/plan.ts';
export { formatPlan } from './plan/render.ts';
export { graph } from './api/graph.ts';
export { formatDiagnostics } from './api/format.ts';
export { BuildFailure } from './api/failure.ts';
export { defineConfig, CONFIG_FILES } from './config.ts';
export { CODES, type CodeEntry, type CodeExample } from './diagnostics/codes.ts';
export { diagnosticsReference, diagnosticUrl, explainCode, isDiagnosticCode, unknownCodeHint } from './diagnostics/explain.ts';
export { formatCoverage, formatTestReport, runTests, watchTests, type TestWatch } from './test/index.ts';
export type * from './api/types.ts';
export {
  applyResources,
  CompileRejected,
  deleteResources,
  HEARTBEAT_MS,
  openStore,
  parseInput,
  readInputFile,
  storeStatus,
  type InputFile,
  type InstanceStatus,
  type NamespaceStatus,
  type OpenedStore,
  type StoreLocation,
  type StoreOptions,
  type StoreWrite,
} from './api/store/index.ts';
export { isResourceType, RESOURCE_TYPES, StoreError, type Applied, type DeleteTarget, type Filter, type Resource, type ResourceType, type Store } from '@flowc/runtime/store/types';
export { REDACTED } from '@flowc/runtime/store/resource';
