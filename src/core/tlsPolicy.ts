// The TLS rules REST and push share, in one place:
// - which socket/undici errors are TLS failures (certificate verification or a failed
//   handshake: a configuration problem that retrying cannot fix) and what they mean;
// - whether certificates are verified. Only this product's own `rejectUnauthorized:
//   false` turns verification off; NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment
//   (common in corporate shells, inherited by VS Code) is reported and ignored.

import type { Logger } from './logger';

/**
 * The certificate verification codes Node reports on a TLS socket error: OpenSSL's
 * X509_V_ERR_* names without the prefix (node/src/crypto/crypto_common.cc), plus
 * UNSPECIFIED, Node's name for a verification error it has no name for.
 */
export const CERT_VERIFY_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'UNSPECIFIED',
]);

/** Codes with a TLS prefix that are not a configuration problem: a timeout is worth another try. */
const TRANSIENT_TLS_CODES: ReadonlySet<string> = new Set(['ERR_TLS_HANDSHAKE_TIMEOUT']);

/** The code of a network error; a Happy-Eyeballs AggregateError reports its first member's. */
export function errorCode(err: unknown): string {
  const e = err as { code?: unknown; errors?: unknown } | null | undefined;
  if (typeof e?.code === 'string') return e.code;
  if (Array.isArray(e?.errors) && e.errors.length > 0) return errorCode(e.errors[0]);
  return '';
}

/** True for a code that means certificate verification or the TLS handshake failed. */
export function isTlsErrorCode(code: string): boolean {
  if (TRANSIENT_TLS_CODES.has(code)) return false;
  return (
    CERT_VERIFY_CODES.has(code) ||
    code.startsWith('ERR_SSL_') ||
    code.startsWith('ERR_TLS_') ||
    // OpenSSL 3 library errors, e.g. a `ca` option that is not a PEM certificate.
    code.startsWith('ERR_OSSL_')
  );
}

/** The one classifier REST and push use: is this socket/undici error a TLS failure? */
export function isTlsError(err: unknown): boolean {
  return isTlsErrorCode(errorCode(err));
}

const UNKNOWN_CA = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);

const REASONS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  CERT_REVOKED: 'certificate was revoked',
  INVALID_PURPOSE: 'certificate is not meant for a TLS server (extended key usage)',
  CERT_SIGNATURE_FAILURE: 'certificate signature does not verify',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the port does not speak TLS (plain http / plain TCP on this port?)',
};

/** Node's own words for an error, without OpenSSL's "8010…:error:0A00010B:SSL routines:…:file.c:350:" noise. */
export function tlsErrorText(err: unknown): string {
  const e = err as { message?: unknown; reason?: unknown; library?: unknown } | null | undefined;
  if (typeof e?.reason === 'string' && typeof e.library === 'string' && e.reason) return e.reason;
  const message = typeof e?.message === 'string' ? e.message.trim().split('\n', 1)[0].replace(/[\s:]+$/, '') : '';
  return message || 'TLS failure';
}

/** Why a TLS connection failed, in words; undefined when `err` is not a TLS failure. */
export function tlsFailureReason(err: unknown): string | undefined {
  const code = errorCode(err);
  if (!isTlsErrorCode(code)) return undefined;
  if (UNKNOWN_CA.has(code)) return 'certificate signed by unknown authority';
  // Node's words (kept by describeTlsFailure) name the host and the certificate's names.
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') return 'hostname mismatch';
  return REASONS[code] ?? tlsErrorText(err);
}

/** One line for an error message: the reason, the code, and Node's words when they add something. */
export function describeTlsFailure(err: unknown): string | undefined {
  const reason = tlsFailureReason(err);
  if (reason === undefined) return undefined;
  const text = tlsErrorText(err);
  return reason.includes(text) ? `${reason} (${errorCode(err)})` : `${reason} (${errorCode(err)}: ${text})`;
}

/** `code` of the process warning emitted the first time verification is turned off. */
export const INSECURE_TLS_WARNING_CODE = 'DIGI_PUSH_TLS_VERIFY_OFF';

let insecureWarned = false;

export interface VerificationContext {
  /** TLS at all; nothing is checked or said for plain http / TCP. */
  secure: boolean;
  /** This product's option: only an explicit false turns verification off. */
  rejectUnauthorized?: boolean;
  /** `host` or `host:port`, for the messages. */
  target: string;
  log: Logger;
  env?: NodeJS.ProcessEnv;
}

/**
 * The rejectUnauthorized value to pass, always explicitly, to tls.connect / undici's
 * connect options (left out, Node takes it from NODE_TLS_REJECT_UNAUTHORIZED).
 * Logs why verification is off, or that the environment variable is ignored; the first
 * time verification is turned off in this process it also emits a process warning, so
 * a caller that passed no logger still hears of it.
 */
export function certificateVerification(c: VerificationContext): boolean {
  if (!c.secure) return true;
  if (c.rejectUnauthorized === false) {
    const message = `TLS certificate verification is disabled for ${c.target} (rejectUnauthorized: false): the connection can be intercepted`;
    c.log.warn(message);
    if (!insecureWarned) {
      insecureWarned = true;
      process.emitWarning(message, { type: 'SecurityWarning', code: INSECURE_TLS_WARNING_CODE });
    }
    return false;
  }
  if ((c.env ?? process.env).NODE_TLS_REJECT_UNAUTHORIZED === '0') {
    c.log.warn(
      `NODE_TLS_REJECT_UNAUTHORIZED=0 is set in the environment and ignored: the certificate and host name of ${c.target} are still verified ` +
        '(to trust a private CA pass its certificate with the ca option; verification is turned off only by rejectUnauthorized: false)',
    );
  }
  return true;
}
