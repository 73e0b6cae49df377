// Turns HTTP statuses and transport failures of a REST call into typed
// PushMonitorErrors (push-protocol §1.3.5) whose messages say what to do next.
// Everything taken from the server or the network passes through `redact`, so a
// server that echoes a header back still cannot leak a secret into a message.

import { AuthError, HttpError, PushMonitorError } from '../errors';
import { parseServerError } from '../monitor';
import { ProxyRefusedError } from '../proxy/connectTunnel';
import { describeTlsFailure, errorCode } from '../tlsPolicy';

export interface CallContext {
  method: string;
  /** Path and query as sent. */
  path: string;
  host: string;
  port: number;
  timeoutMs: number;
  /** Which kind of secret was sent, to tell the user which one to check. */
  credentialKind: 'password' | 'apiKey';
  redact: (text: string) => string;
  /** The proxy the call tunnels through (without credentials), if any. */
  proxy?: { display: string; hasCredentials: boolean };
}

const where = (ctx: CallContext) => `${ctx.host}:${ctx.port}`;

/** The server's own words: `<result><error>`/`{"error":[…]}`, else a short plain-text body. */
function serverMessage(body: string): string | undefined {
  const parsed = parseServerError(body);
  if (parsed) return parsed;
  const t = body.trim();
  // HTML error pages and unknown documents say nothing useful in one line.
  if (!t || t.startsWith('<') || t.startsWith('{') || t.length > 300) return undefined;
  return t.split(/\r?\n/, 1)[0];
}

/** Error for a final non-2xx answer; `attempts` counts the tries that led to it. */
export function statusError(
  ctx: CallContext,
  status: number,
  body: string,
  location: string | undefined,
  attempts: number,
): PushMonitorError {
  const raw = serverMessage(body);
  const msg = raw === undefined ? undefined : ctx.redact(raw);
  const { method, path } = ctx;
  const tries = attempts > 1 ? `gave up after ${attempts} attempts` : undefined;
  if (status === 401) {
    const what = ctx.credentialKind === 'apiKey' ? 'API key id and secret' : 'username and password';
    return new AuthError(`credentials were refused by ${ctx.host} (HTTP 401); check the ${what}`);
  }
  if (status === 403) {
    return new HttpError('FORBIDDEN', status, method, path, msg, {
      hint: `${ctx.host} accepted the credentials but refused the call: check the user's permissions and that the account has the Push Monitor subscription`,
    });
  }
  if (status === 404) return new HttpError('NOT_FOUND', status, method, path, msg);
  if (status === 429) return new HttpError('RATE_LIMITED', status, method, path, msg, tries ? { hint: `still throttled, ${tries}` } : undefined);
  if (status >= 300 && status < 400) {
    const to = location ? ctx.redact(location) : 'another location';
    return new HttpError('BAD_REQUEST', status, method, path, msg, { hint: `redirected to ${to}; use that as the base URL` });
  }
  if (status >= 400 && status < 500) return new HttpError('BAD_REQUEST', status, method, path, msg);
  return new HttpError('SERVER', status, method, path, msg, tries ? { hint: tries } : undefined);
}

const via = (ctx: CallContext) => (ctx.proxy ? ` through proxy ${ctx.proxy.display}` : '');

export function timeoutError(ctx: CallContext): PushMonitorError {
  return new PushMonitorError(
    'TIMEOUT',
    `${ctx.method} ${ctx.path} to ${where(ctx)}${via(ctx)} timed out after ${ctx.timeoutMs} ms (timeoutMs)`,
  );
}

/** undici's words for a CONNECT the proxy answered with another status (ProxyAgent). */
const PROXY_REFUSAL = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling$/;

const NET_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed temporarily',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection attempt timed out',
  ECONNRESET: 'connection reset by the server',
  ECONNABORTED: 'connection aborted',
  EPIPE: 'connection closed by the server',
  EADDRNOTAVAIL: 'address not available',
  UND_ERR_SOCKET: 'connection closed by the server before it answered',
};

/** Error for a request that got no HTTP answer. */
export function transportError(ctx: CallContext, err: unknown): PushMonitorError {
  if (err instanceof PushMonitorError) return err;
  const e = err instanceof Error ? err : new Error(String(err));
  const code = errorCode(err);
  const detail = ctx.redact(e.message);
  const tls = describeTlsFailure(err);
  if (tls !== undefined) {
    const proxyNote = ctx.proxy
      ? ` (through proxy ${ctx.proxy.display}: a proxy that re-signs TLS needs its root CA given as the \`ca\`; with an https:// proxy the certificate may be the proxy's own)`
      : '';
    return new PushMonitorError(
      'TLS',
      `TLS connection to ${where(ctx)} failed: ${ctx.redact(tls)}. If the server uses a private CA, pass its PEM certificate with the \`ca\` option; the host name in the base URL must match the certificate${proxyNote}`,
      { cause: err },
    );
  }
  if (ctx.proxy) {
    const refused = PROXY_REFUSAL.exec(e.message);
    if (refused) return new ProxyRefusedError(ctx.proxy.display, where(ctx), Number(refused[1]), undefined, ctx.proxy.hasCredentials);
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return timeoutError(ctx);
  }
  if (code.startsWith('HPE_')) {
    return new PushMonitorError('MALFORMED_RESPONSE', `${where(ctx)} did not answer with valid HTTP (${detail}); is it an https port?`, { cause: err });
  }
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return new PushMonitorError('MALFORMED_RESPONSE', `${ctx.method} ${ctx.path}: response from ${where(ctx)} is too large`, { cause: err });
  }
  const reason = NET_REASONS[code] ?? detail;
  if (ctx.proxy && code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET' && code !== 'EPIPE') {
    // Through a tunnel our only connection is to the proxy: a connect error is about it.
    return new PushMonitorError('UNREACHABLE', `cannot reach proxy ${ctx.proxy.display} to tunnel to ${where(ctx)}: ${reason}`, { cause: err });
  }
  return new PushMonitorError('UNREACHABLE', `cannot reach ${where(ctx)}${via(ctx)}: ${reason}`, { cause: err });
}
