import { DEFAULT_STORE } from './default.ts';

/**
 * The store a `signal` or `syscall` node talks to: its `store` field, else the FLOWC_STORE environment
 * variable of the running bundle, else the folder `./flows` (the CLI's default too).
 */
export function storeUrl(field: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (field) return field;
  return env.FLOWC_STORE || DEFAULT_STORE;
}
