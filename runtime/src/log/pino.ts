import pino, { type DestinationStream, type Logger } from 'pino';
import type { HostServices } from '../core/services.ts';
import { prettyLine } from './pretty.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * The host's log as pino lines on stderr: JSON, one object a line, when stderr is not a terminal (what
 * a log collector reads); a readable line when it is. Lines are written synchronously, so none is lost
 * when the program exits right after logging.
 */
export function pinoLog(level: LogLevel): { log: HostServices['log']; logger: Logger } {
  const stream = process.stderr;
  const destination: DestinationStream = stream.isTTY ? { write: (line: string) => void stream.write(prettyLine(line)) } : pino.destination({ fd: 2, sync: true });
  const logger = pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime, messageKey: 'msg' }, destination);
  return {
    logger,
    log: (lineLevel, message, fields) => (fields ? logger[lineLevel](fields, message) : logger[lineLevel](message)),
  };
}
