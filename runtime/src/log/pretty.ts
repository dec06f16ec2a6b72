const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields every line has, or that the message already says. */
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'err', 'method', 'url']);

/** A pino JSON line as a person reads it: `12:00:01.250 ERROR message key=value…`, then the stack of an error. */
export function prettyLine(json: string): string {
  let line: Record<string, unknown>;
  try {
    line = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof line['time'] === 'string' ? line['time'].slice(11, 23) : '';
  const level = LEVELS[Number(line['level'])] ?? String(line['level']);
  const extra = Object.entries(line)
    .filter(([key]) => !SHOWN.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const err = line['err'] as { stack?: unknown } | undefined;
  const stack = typeof err?.stack === 'string' ? `\n${err.stack.replace(/^/gm, '    ')}` : '';
  return `${time} ${level.padEnd(5)} ${String(line['msg'] ?? '')}${extra.length > 0 ? `  ${extra.join(' ')}` : ''}${stack}\n`;
}
