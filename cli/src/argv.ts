/**
 * `flowc <unknown> --help` would print the top-level help and exit 0, and `flowc help <unknown>` would print it
 * without saying why: both become `flowc <unknown>`, which commander refuses (exit 1) with the closest command.
 */
export function refuseUnknownCommand(args: readonly string[], commands: ReadonlySet<string>): readonly string[] {
  const named = args[0] === 'help' ? args[1] : args[0];
  if (named === undefined || named.startsWith('-') || commands.has(named)) return args;
  return [named];
}
