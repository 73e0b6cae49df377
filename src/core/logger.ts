// A small levelled logger interface (the seed used Python's logging). The library
// logs through whatever Logger it is given; `withRedaction` makes sure no secret
// it knows of reaches a sink, whatever a message interpolated.

import { encodeQueryValue } from './rest/urlEncoding';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'off';

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'off'];

const rank = (l: LogLevel) => LOG_LEVELS.indexOf(l);

export const silentLogger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** A logger writing `LEVEL message` lines to a stream (stderr by default) at or above `level`. */
export function createStreamLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const at = (l: Exclude<LogLevel, 'off'>) => (message: string) => {
    if (rank(l) >= rank(level)) write(`${new Date().toISOString()} ${l.toUpperCase().padEnd(5)} ${message}\n`);
  };
  return { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const REDACTED = '***';

/** Replaces every occurrence of each secret (and its Basic-auth/URL-encoded forms) with ***. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 3) continue;
    // As written, URL-encoded, and as the REST clients encode query values (also !'()*).
    for (const form of new Set([s, encodeURIComponent(s), encodeQueryValue(s)])) out = out.split(form).join(REDACTED);
  }
  return out;
}

/** Wraps a logger so that none of `secrets` can appear in what it writes. */
export function withRedaction(logger: Logger, secrets: readonly string[]): Logger {
  const live = secrets.filter((s) => s && s.length >= 3);
  if (live.length === 0) return logger;
  const wrap = (fn: (m: string) => void) => (m: string) => fn(redact(m, live));
  return {
    trace: wrap(logger.trace.bind(logger)),
    debug: wrap(logger.debug.bind(logger)),
    info: wrap(logger.info.bind(logger)),
    warn: wrap(logger.warn.bind(logger)),
    error: wrap(logger.error.bind(logger)),
  };
}
