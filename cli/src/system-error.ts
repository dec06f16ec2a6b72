/**
 * A failure of the system under a command (a file that cannot be written or read, a folder that cannot be made),
 * worded for the user: what could not be done to which path, and why. Such an error is the user's environment,
 * not a bug of flowc, so it is never shown as a stack trace.
 */
export function describeSystemError(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, syscall, path } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string' || typeof syscall !== 'string') return undefined;
  const reason = /^[A-Z]+: ([^,]+)/.exec(error.message)?.[1] ?? error.message;
  const verb = VERBS[syscall] ?? syscall;
  return `cannot ${verb}${path ? ` ${path}` : ''}: ${code}: ${reason}`;
}

const VERBS: Readonly<Record<string, string>> = {
  open: 'open',
  mkdir: 'create the folder',
  rename: 'replace',
  unlink: 'remove',
  scandir: 'read the folder',
  stat: 'find',
  lstat: 'find',
  write: 'write',
  read: 'read',
  copyfile: 'copy to',
};

/**
 * Anything else that escapes a command is a bug of flowc, said as one: the message and what to do, the stack
 * only when asked for (`FLOWC_STACK=1`), never by default.
 */
export function describeInternalError(error: unknown, withStack: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  const stack = withStack && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return `internal error: ${message}\nThis is a bug in flowc, not in your input: please report it with the command you ran (FLOWC_STACK=1 shows where it failed).${stack}`;
}
