/** What the `sql` node needs from a database: transactions that run statements and return rows. */
export type Row = Record<string, unknown>;

export interface Transaction {
  /** Runs one statement; `signal` cancels it while it runs, where the driver can (PostgreSQL). */
  query(text: string, values: readonly unknown[], signal?: AbortSignal): Promise<Row[]>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export interface Database {
  /** Placeholder syntax of this driver, for statement rewriting. */
  readonly placeholder: (index: number) => string;
  /** Whether placeholders are numbered (`$1` may repeat); unnumbered ones take one value per occurrence. */
  readonly numbered: boolean;
  /** Opens a transaction on a connection of its own (SQLite: waits for the previous one to end). */
  begin(): Promise<Transaction>;
  close(): Promise<void>;
}

/** Plain payload values: bytes as Uint8Array views, dates as ISO strings. */
export function plainRow(row: Row): Row {
  for (const key in row) {
    const value = row[key];
    if (value instanceof Uint8Array && Buffer.isBuffer(value)) row[key] = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    else if (value instanceof Date) row[key] = value.toISOString();
  }
  return row;
}

export type EndCommand = 'COMMIT' | 'ROLLBACK';

/**
 * Ends a transaction on a pooled connection once: the connection goes back to the pool, or is
 * discarded when the command fails (its state is unknown).
 */
export function endOnce(run: (command: EndCommand) => Promise<unknown>, release: () => void, discard: (error: Error) => void): (command: EndCommand) => Promise<void> {
  let done = false;
  return async (command) => {
    if (done) return;
    done = true;
    try {
      await run(command);
      release();
    } catch (error) {
      discard(error as Error);
      throw error;
    }
  };
}

/** Runs a statement; an abort meanwhile calls `cancel` (which stops it from another connection). */
export async function cancellable<T>(signal: AbortSignal | undefined, cancel: () => void, run: () => Promise<T>): Promise<T> {
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await run();
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}
