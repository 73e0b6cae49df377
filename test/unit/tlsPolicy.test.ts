// The one TLS classifier REST and push share (src/core/tlsPolicy.ts), and the
// verification decision: only this product's own option turns checks off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certificateVerification, describeTlsFailure, isTlsError, tlsFailureReason } from '../../src/core/tlsPolicy';
import { transportError, type CallContext } from '../../src/core/rest/httpErrors';
import type { Logger } from '../../src/core/logger';

const err = (code: string, message = `failure ${code}`) => Object.assign(new Error(message), { code });

const TABLE: [code: string, tls: boolean][] = [
  // OpenSSL verification codes as Node reports them.
  ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', true],
  ['UNABLE_TO_GET_ISSUER_CERT', true],
  ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', true],
  ['DEPTH_ZERO_SELF_SIGNED_CERT', true],
  ['SELF_SIGNED_CERT_IN_CHAIN', true],
  ['CERT_HAS_EXPIRED', true],
  ['CERT_NOT_YET_VALID', true],
  ['CERT_REVOKED', true],
  ['CERT_UNTRUSTED', true],
  ['CERT_REJECTED', true],
  ['INVALID_PURPOSE', true],
  ['CERT_SIGNATURE_FAILURE', true],
  ['UNABLE_TO_DECRYPT_CERT_SIGNATURE', true],
  ['UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', true],
  ['ERROR_IN_CERT_NOT_BEFORE_FIELD', true],
  ['ERROR_IN_CERT_NOT_AFTER_FIELD', true],
  ['CERT_CHAIN_TOO_LONG', true],
  ['INVALID_CA', true],
  ['PATH_LENGTH_EXCEEDED', true],
  ['HOSTNAME_MISMATCH', true],
  ['UNABLE_TO_GET_CRL', true],
  ['CRL_HAS_EXPIRED', true],
  // Node's TLS and OpenSSL's handshake errors.
  ['ERR_TLS_CERT_ALTNAME_INVALID', true],
  ['ERR_TLS_INVALID_PROTOCOL_VERSION', true],
  ['ERR_SSL_WRONG_VERSION_NUMBER', true],
  ['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', true],
  ['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', true],
  ['ERR_SSL_UNSUPPORTED_PROTOCOL', true],
  ['ERR_SSL_NO_PROTOCOLS_AVAILABLE', true],
  ['ERR_OSSL_PEM_NO_START_LINE', true],
  // Not TLS: network failures, a timeout, undici's own codes, nothing.
  ['ERR_TLS_HANDSHAKE_TIMEOUT', false],
  ['ECONNREFUSED', false],
  ['ECONNRESET', false],
  ['ETIMEDOUT', false],
  ['ENOTFOUND', false],
  ['EPIPE', false],
  ['UND_ERR_SOCKET', false],
  ['UND_ERR_CONNECT_TIMEOUT', false],
  ['HPE_INVALID_CONSTANT', false],
  ['ERR_STREAM_DESTROYED', false],
  ['', false],
];

for (const [code, tls] of TABLE) {
  test(`${code || '(no code)'} is ${tls ? '' : 'not '}a TLS error`, () => {
    assert.equal(isTlsError(err(code)), tls);
    assert.equal(tlsFailureReason(err(code)) !== undefined, tls);
    // A Happy-Eyeballs AggregateError is classified by its first member.
    assert.equal(isTlsError(Object.assign(new AggregateError([err(code)], 'all failed'))), tls);
  });
}

test('values without a code are not TLS errors', () => {
  for (const v of [undefined, null, 'ERR_SSL_X', 42, {}, new Error('x'), { code: 7 }]) assert.equal(isTlsError(v), false, String(v));
});

test('reasons in words for the common cases, Node\'s words otherwise; OpenSSL\'s noise left out', () => {
  assert.equal(tlsFailureReason(err('SELF_SIGNED_CERT_IN_CHAIN')), 'certificate signed by unknown authority');
  const altname = Object.assign(err('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: "), { reason: "IP: 127.0.0.1 is not in the cert's list: " });
  assert.equal(describeTlsFailure(altname), "hostname mismatch (ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list)");
  assert.match(tlsFailureReason(err('INVALID_PURPOSE')) ?? '', /not meant for a TLS server/);
  const openssl = Object.assign(err('ERR_SSL_WRONG_VERSION_NUMBER', '801CC4BB197F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n'), { library: 'SSL routines', reason: 'wrong version number' });
  assert.match(tlsFailureReason(openssl) ?? '', /does not speak TLS/);
  assert.equal(describeTlsFailure(openssl), 'the port does not speak TLS (plain http / plain TCP on this port?) (ERR_SSL_WRONG_VERSION_NUMBER: wrong version number)');
  const alert = Object.assign(err('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'C0:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../ssl/record/rec_layer_s3.c:1605:SSL alert number 40\n'), { library: 'SSL routines', reason: 'sslv3 alert handshake failure' });
  assert.equal(describeTlsFailure(alert), 'sslv3 alert handshake failure (ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE)');
  assert.equal(describeTlsFailure(err('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate')), 'certificate signed by unknown authority (UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate)');
  assert.equal(describeTlsFailure(err('ECONNRESET')), undefined);
});

test('REST maps every TLS code to a TLS PushMonitorError (same classifier)', () => {
  const ctx: CallContext = { method: 'GET', path: '/ws/Monitor/.json', host: 'h', port: 443, timeoutMs: 1000, credentialKind: 'password', redact: (s) => s };
  for (const [code, tls] of TABLE) {
    if (!code.startsWith('E') && !code.startsWith('U') && !tls) continue;
    const e = transportError(ctx, err(code));
    if (tls) assert.equal(e.code, 'TLS', `${code}: ${e.message}`);
    else assert.notEqual(e.code, 'TLS', `${code}: ${e.message}`);
  }
});

function collect(): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  const at = (l: string) => (m: string) => void lines.push(`${l} ${m}`);
  return { lines, logger: { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

test('verification stays on with NODE_TLS_REJECT_UNAUTHORIZED=0; only rejectUnauthorized: false turns it off', () => {
  const env = { NODE_TLS_REJECT_UNAUTHORIZED: '0' };
  const a = collect();
  assert.equal(certificateVerification({ secure: true, target: 'h:3201', log: a.logger, env }), true);
  assert.equal(certificateVerification({ secure: true, rejectUnauthorized: true, target: 'h:3201', log: a.logger, env }), true);
  assert.equal(a.lines.length, 2);
  for (const l of a.lines) assert.match(l, /^warn NODE_TLS_REJECT_UNAUTHORIZED=0 is set in the environment and ignored: the certificate and host name of h:3201 are still verified/);

  const b = collect();
  assert.equal(certificateVerification({ secure: true, target: 'h', log: b.logger, env: {} }), true);
  assert.equal(certificateVerification({ secure: false, target: 'h', log: b.logger, env }), true);
  assert.deepEqual(b.lines, [], 'nothing to say without the variable, nor for plain TCP');

  const c = collect();
  assert.equal(certificateVerification({ secure: true, rejectUnauthorized: false, target: 'h', log: c.logger, env }), false);
  assert.equal(c.lines.length, 1);
  assert.match(c.lines[0], /^warn TLS certificate verification is disabled for h/);
});
