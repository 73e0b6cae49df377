// Exit statuses of push-client, one per kind of failure, so scripts can tell them apart.
import type { PushErrorCode } from '../../core';

export const ExitCode = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  AUTH: 3,
  CONNECTION: 4,
  PROTOCOL: 5,
  MONITOR: 6,
} as const;

export function exitCodeFor(code: PushErrorCode | undefined): number {
  switch (code) {
    case 'AUTH':
      return ExitCode.AUTH;
    case 'UNREACHABLE':
    case 'TIMEOUT':
    case 'TLS':
    case 'CLOSED':
      return ExitCode.CONNECTION;
    case 'PROTOCOL':
    case 'FRAME_TOO_LARGE':
    case 'PAYLOAD':
    case 'MALFORMED_RESPONSE':
      return ExitCode.PROTOCOL;
    case 'BAD_REQUEST':
    case 'NOT_FOUND':
    case 'FORBIDDEN':
    case 'RATE_LIMITED':
    case 'SERVER':
      return ExitCode.MONITOR;
    case 'INVALID_ARGUMENT':
      return ExitCode.USAGE;
    case 'CONSUMER_FAILED':
      // Our own output code failed while handling a batch: a bug here, not the user's input.
      return ExitCode.INTERNAL;
    default:
      return ExitCode.INTERNAL;
  }
}

export const EXIT_CODE_HELP = `Exit status:
  0  stopped by Ctrl-C/SIGTERM, --count reached or stdout closed (e.g. | head)
  1  internal error
  2  usage error (bad flag or value, missing credentials)
  3  authentication failed (REST 401, push ConnectResponse 403)
  4  connection failed (unreachable, timeout, TLS verification)
  5  protocol error (malformed frame or payload)
  6  monitor request refused (bad topics, not found, forbidden, throttled, server error)`;
