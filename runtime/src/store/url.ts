import { DEFAULT_STORE } from './open.ts';

/**
 * The store a `signal` or `syscall` node talks to: its `store` field, else the FLOWC_STORE environment
 * variable of the running bundle, else the folder `./flows` (the CLI's default too).
 */
export function storeUrl(field: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (field) return field;
  return env.FLOWC_STORE || DEFAULT_STORE;
}

export const storeField = {
  type: 'string',
  minLength: 1,
  description: 'store URL (postgres://…, mem://name, a folder); default: $FLOWC_STORE, else ./flows',
} as const;
