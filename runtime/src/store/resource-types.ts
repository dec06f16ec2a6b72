// The store's resource types and the operations on them: constants shared by the store and by the
// `signal`/`syscall` kind definitions, which must not load a store driver to name them.

export const RESOURCE_TYPES = ['specs', 'values', 'charts'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export const OPERATIONS = ['create', 'read', 'update', 'delete'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** `<type>.<operation>`: what a `syscall` node may call. */
export const OPCODES: readonly string[] = RESOURCE_TYPES.flatMap((t) => OPERATIONS.map((op) => `${t}.${op}`));
