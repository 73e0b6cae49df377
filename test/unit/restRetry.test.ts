import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, resolveRetry, retryDelayMs } from '../../src/core/rest/retry';
import { authHeaders, parseBaseUrl } from '../../src/core/rest/endpoint';

test('default backoff follows python-devicecloud: 1, 1.5, 2.25, 3.375, ~5 s, capped at 10 s', () => {
  const o = resolveRetry();
  assert.deepEqual([0, 1, 2, 3, 4, 10].map((n) => retryDelayMs(n, o)), [1000, 1500, 2250, 3375, 5063, 10_000]);
  assert.equal(o.maxRetries, DEFAULT_RETRY.maxRetries);
  assert.throws(() => resolveRetry({ factor: -1 }), RangeError);
});

test('Retry-After in seconds or as an HTTP-date, capped at maxDelayMs', () => {
  const now = Date.parse('2024-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('3', now), 3000);
  assert.equal(parseRetryAfter('Mon, 01 Jan 2024 00:00:07 GMT', now), 7000);
  assert.equal(parseRetryAfter('Sun, 31 Dec 2023 23:00:00 GMT', now), 0, 'a date in the past means now');
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(undefined, now), undefined);
  const o = resolveRetry();
  assert.equal(retryDelayMs(0, o, 3000), 3000, 'the server wish replaces the backoff');
  assert.equal(retryDelayMs(0, o, 120_000), 10_000);
});

test('429/503 are retried for every method, 502/504 only when the call is idempotent', () => {
  assert.ok(isRetryableStatus(429, 'POST') && isRetryableStatus(503, 'POST'));
  assert.ok(isRetryableStatus(502, 'GET') && isRetryableStatus(504, 'DELETE'));
  assert.ok(!isRetryableStatus(502, 'POST') && !isRetryableStatus(500, 'GET') && !isRetryableStatus(400, 'GET'));
});

test('base URLs: default ports, explicit ports, IPv6, path prefix', () => {
  assert.deepEqual(parseBaseUrl('https://remotemanager.digi.com'), {
    origin: 'https://remotemanager.digi.com', basePath: '', host: 'remotemanager.digi.com', port: 443, secure: true,
  });
  assert.equal(parseBaseUrl('http://127.0.0.1:41234/').port, 41234);
  assert.equal(parseBaseUrl('http://devicecloud.example').port, 80);
  assert.equal(parseBaseUrl('https://[::1]:8443/drm/').basePath, '/drm');
  assert.equal(parseBaseUrl('https://[::1]:8443').host, '[::1]');
});

test('Basic auth encodes user:password as UTF-8; a colon in the user name is refused', () => {
  assert.deepEqual(authHeaders({ username: 'ü', password: 'p:w' }), { authorization: `Basic ${Buffer.from('ü:p:w').toString('base64')}` });
  assert.throws(() => authHeaders({ username: 'a:b', password: 'x' }), /colon/);
  assert.throws(() => authHeaders({ apiKeyId: 'id', apiKeySecret: 'a\r\nb' }), /control/);
});
