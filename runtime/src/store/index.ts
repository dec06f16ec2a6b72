export {
  RESOURCE_TYPES,
  StoreError,
  isResourceType,
  type Applied,
  type ApplyMode,
  type ApplyOptions,
  type ChangeEvent,
  type ChangeOp,
  type Check,
  type DeleteTarget,
  type Filter,
  type Proposal,
  type Resource,
  type ResourceInput,
  type ResourceType,
  type Store,
  type StoreErrorCode,
  type WatchOptions,
  type Watcher,
} from './types.ts';
export { openStore, storeResource, DEFAULT_STORE } from './open.ts';
export { memoryStore } from './memory.ts';
export { folderStore } from './folder.ts';
export { postgresStore } from './postgres.ts';
export { uuidv7 } from './uuid.ts';
export { DEFAULT_NAMESPACE, label, mergePatch } from './resource.ts';
