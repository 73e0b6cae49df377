// Typed errors for everything the library can fail at. Each carries a stable
// `code` so the CLI can map it to an exit status and the extension to an action.
// Messages never contain credentials: callers pass paths and host names only.

export type PushErrorCode =
  | 'AUTH'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'RATE_LIMITED'
  | 'SERVER'
  | 'TIMEOUT'
  | 'UNREACHABLE'
  | 'TLS'
  | 'PROTOCOL'
  | 'FRAME_TOO_LARGE'
  | 'PAYLOAD'
  | 'MALFORMED_RESPONSE'
  | 'CLOSED'
  | 'INVALID_ARGUMENT'
  /** The caller's own code failed: a session's batch callback threw or rejected, or a listener after it did. */
  | 'CONSUMER_FAILED';

export class PushMonitorError extends Error {
  readonly code: PushErrorCode;
  constructor(code: PushErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Wrong credentials: REST 401, or ConnectResponse 403 on the push socket. */
export class AuthError extends PushMonitorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('AUTH', message, options);
  }
}

/** A REST call answered with a non-success status that has no more specific class. */
export class HttpError extends PushMonitorError {
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly serverMessage: string | undefined;
  constructor(
    code: PushErrorCode,
    status: number,
    method: string,
    path: string,
    serverMessage: string | undefined,
    /** `hint`: what the user can do about it, appended to the message. */
    options?: { cause?: unknown; hint?: string },
  ) {
    const detail = serverMessage ? `: ${serverMessage}` : '';
    const hint = options?.hint ? ` (${options.hint})` : '';
    super(code, `${method} ${path} failed with HTTP ${status}${detail}${hint}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.method = method;
    this.path = path;
    this.serverMessage = serverMessage;
  }
}

/** The push server answered ConnectResponse with a non-200 status (400 bad monitor, 403 auth). */
export class ConnectRejectedError extends PushMonitorError {
  readonly status: number;
  readonly monitorId: number;
  constructor(status: number, monitorId: number) {
    const why =
      status === 403
        ? 'the credentials were refused (403)'
        : status === 400
          ? 'the monitor does not exist, is not a tcp monitor, or belongs to another account (400)'
          : `status ${status}`;
    super(status === 403 ? 'AUTH' : 'BAD_REQUEST', `push server rejected monitor ${monitorId}: ${why}`);
    this.status = status;
    this.monitorId = monitorId;
  }
}

/** Bytes on the push socket that do not follow the framing of push-protocol §2. */
export class ProtocolError extends PushMonitorError {
  constructor(message: string, code: PushErrorCode = 'PROTOCOL', options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A frame header announced more bytes than the configured maximum; nothing was allocated for it. */
export class FrameTooLargeError extends ProtocolError {
  readonly announced: number;
  readonly limit: number;
  constructor(announced: number, limit: number, type: number) {
    super(
      `frame of type ${type} announces ${announced} bytes, above the limit of ${limit} bytes (maxFrameLength)`,
      'FRAME_TOO_LARGE',
    );
    this.announced = announced;
    this.limit = limit;
  }
}

/** A PublishMessage payload that could not be inflated or parsed. */
export class PayloadError extends ProtocolError {
  readonly blockId: number;
  constructor(blockId: number, message: string, options?: { cause?: unknown }) {
    super(`block ${blockId}: ${message}`, 'PAYLOAD', options);
    this.blockId = blockId;
  }
}

export function isPushMonitorError(e: unknown): e is PushMonitorError {
  return e instanceof PushMonitorError;
}

/**
 * Human message for any thrown value, without stack noise. Total: never throws, whatever
 * it is given (null, undefined, a symbol, an object whose toString or message getter
 * throws, an object with no prototype, a revoked Proxy), and always returns a string.
 */
export function describeError(e: unknown): string {
  try {
    if (e instanceof Error) {
      const message: unknown = e.message;
      if (typeof message === 'string' && message !== '') return message;
      const name: unknown = e.name;
      return `${typeof name === 'string' && name !== '' ? name : 'Error'} (no message)`;
    }
    if (e !== null && typeof e === 'object') {
      // A non-Error with a message (a plain `{ message }` object, a foreign realm's Error).
      const message: unknown = (e as { message?: unknown }).message;
      if (typeof message === 'string' && message !== '') return message;
    }
    return String(e);
  } catch {
    return `an unprintable ${e === null ? 'null' : typeof e} value`;
  }
}

/** A value for an error message: numbers as they are, strings quoted and cut, anything else by its type. Never throws. */
export function describeValue(v: unknown): string {
  switch (typeof v) {
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(v);
    case 'bigint':
      return `${v}n`;
    case 'string':
      return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
    default:
      return v === null ? 'null' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
  }
}
