// MonitorRestClient against an in-test node:http server on loopback that records
// every request: bodies, headers, paths and queries, status → error mapping,
// retries, timeouts, TLS, and that no secret ever shows up in errors or logs.

import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { MonitorRestClient, type MonitorRestClientOptions } from '../../src/core/rest';
import { AuthError, HttpError, PushMonitorError } from '../../src/core/errors';
import { parseXml } from '../../src/core/monitor';
import type { Logger } from '../../src/core/logger';
import { errorRecorder, rejectsWith } from '../helpers/assertErrors';

const USER = 'alice';
const PASSWORD = 'pä55:w0rd-S3CRET';
const BASIC = Buffer.from(`${USER}:${PASSWORD}`, 'utf8').toString('base64');
const KEY_ID = 'key-id-123';
const KEY_SECRET = 'api-S3CRET-value';
const SECRETS = [PASSWORD, BASIC, KEY_SECRET];

interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Handler = (req: Recorded, res: http.ServerResponse, n: number) => void;

const requests: Recorded[] = [];
let handler: Handler;
let server: http.Server;
let baseUrl: string;

function reply(res: http.ServerResponse, status: number, body = '', headers: Record<string, string> = {}): void {
  res.writeHead(status, headers);
  res.end(body);
}

function json(res: http.ServerResponse, value: unknown, status = 200): void {
  reply(res, status, JSON.stringify(value), { 'content-type': 'application/json' });
}

function listOf(items: Record<string, string>[], start = 0, total = items.length): Record<string, unknown> {
  return {
    resultTotalRows: String(total),
    requestedStartRow: String(start),
    resultSize: String(items.length),
    requestedSize: '1000',
    remainingSize: String(Math.max(0, total - start - items.length)),
    items,
  };
}

const monitorItem = (id: number, topic = 'DeviceCore') => ({
  monId: String(id),
  cstId: '7603',
  monTopic: topic,
  monTransportType: 'tcp',
  monStatus: 'INACTIVE',
});

interface Collected {
  logger: Logger;
  lines: string[];
}

function collectLogs(): Collected {
  const lines: string[] = [];
  const at = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
  return { lines, logger: { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

const fastRetry = { maxRetries: 3, baseDelayMs: 5, factor: 1.5, maxDelayMs: 20 };

function client(opts: Partial<MonitorRestClientOptions> = {}): MonitorRestClient {
  return new MonitorRestClient({
    baseUrl,
    credentials: { username: USER, password: PASSWORD },
    retry: fastRetry,
    timeoutMs: 2000,
    ...opts,
  });
}

/** Runs `fn` with a fresh client and always closes it. */
async function withClient<T>(opts: Partial<MonitorRestClientOptions>, fn: (c: MonitorRestClient) => Promise<T>): Promise<T> {
  const c = client(opts);
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

function assertNoSecret(text: string, what: string): void {
  for (const s of SECRETS) assert.ok(!text.includes(s), `${what} leaks a secret: ${text}`);
}

/** A port nothing listens on: bind one, then let it go. */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(rec);
      handler(rec, res, requests.length);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

beforeEach(() => {
  requests.length = 0;
  handler = (_req, res) => reply(res, 500, 'no handler');
});

describe('requests', () => {
  test('createMonitor POSTs the settings as XML with Basic auth and reads the id from Location', async () => {
    handler = (_req, res) =>
      reply(res, 201, '<?xml version="1.0" encoding="ISO-8859-1"?><result><location>Monitor/999</location></result>', {
        location: 'Monitor/178008',
        'content-type': 'text/xml',
      });
    const id = await withClient({ userAgent: 'rest-test/1' }, (c) =>
      c.createMonitor({
        topics: ['DeviceCore', 'DataPoint/00000000-00000000-00409DFF-FF000000'],
        batchSize: 1,
        batchDuration: 0,
        format: 'json',
        compression: 'gzip',
        ackOption: 'explicit',
        autoReplayOnConnect: true,
        description: 'a <b> & c',
      }),
    );
    assert.equal(id, 178008, 'the header wins over the body');
    assert.equal(requests.length, 1);
    const r = requests[0];
    assert.equal(r.method, 'POST');
    assert.equal(r.url, '/ws/Monitor');
    assert.match(String(r.headers['content-type']), /^text\/xml/);
    assert.equal(r.headers.authorization, `Basic ${BASIC}`);
    assert.equal(Buffer.from(BASIC, 'base64').toString('utf8'), `${USER}:${PASSWORD}`, 'UTF-8 before base64');
    assert.equal(r.headers['x-api-key-id'], undefined);
    assert.equal(r.headers['user-agent'], 'rest-test/1');
    assert.deepEqual(parseXml(r.body)?.Monitor, {
      monTopic: 'DeviceCore,DataPoint/00000000-00000000-00409DFF-FF000000',
      monTransportType: 'tcp',
      monBatchSize: '1',
      monBatchDuration: '0',
      monFormatType: 'json',
      monCompression: 'gzip',
      monAckOption: 'explicit',
      monAutoReplayOnConnect: 'true',
      monDescription: 'a <b> & c',
    });
  });

  test('createMonitor reads the id from the body when there is no Location header', async () => {
    handler = (_req, res) => reply(res, 201, '<?xml version="1.0"?><result><location>Monitor/42</location></result>');
    assert.equal(await withClient({}, (c) => c.createMonitor({ topics: ['DataPoint'] })), 42);
  });

  test('createMonitor without any id in the answer is MALFORMED_RESPONSE', async () => {
    handler = (_req, res) => reply(res, 201, '<result/>');
    const e = await withClient({}, (c) => rejectsWith(c.createMonitor({ topics: ['DataPoint'] }), 'MALFORMED_RESPONSE'));
    assert.match(e.message, /location/);
  });

  test('createMonitor refuses invalid topics before sending anything', async () => {
    await withClient({}, async (c) => {
      await rejectsWith(c.createMonitor({ topics: [] }), 'INVALID_ARGUMENT');
      const e = await rejectsWith(c.createMonitor({ topics: ['NoSuchThing'] }), 'INVALID_ARGUMENT');
      assert.match(e.message, /NoSuchThing/);
    });
    assert.equal(requests.length, 0);
  });

  test('API-key credentials go in X-API-KEY-ID / X-API-KEY-SECRET, not Authorization', async () => {
    handler = (_req, res) => json(res, listOf([]));
    await withClient({ credentials: { apiKeyId: KEY_ID, apiKeySecret: KEY_SECRET } }, (c) => c.testConnection());
    const h = requests[0].headers;
    assert.equal(h['x-api-key-id'], KEY_ID);
    assert.equal(h['x-api-key-secret'], KEY_SECRET);
    assert.equal(h.authorization, undefined);
    assert.equal(requests[0].url, '/ws/Monitor/.json?size=1', 'testConnection is a one-row list');
  });

  test('listMonitors encodes the condition and passes start/size', async () => {
    handler = (_req, res) => json(res, listOf([monitorItem(7)], 10, 11));
    const condition = "monTopic='DeviceCore' and (monTransportType='tcp')";
    const page = await withClient({}, (c) => c.listMonitors({ condition, start: 10, size: 5 }));
    assert.deepEqual([page.totalRows, page.start, page.remaining, page.items[0].id], [11, 10, 0, 7]);
    const url = requests[0].url;
    assert.ok(url.startsWith('/ws/Monitor/.json?'), url);
    assert.doesNotMatch(url, /[ '()]/, 'spaces, quotes and parentheses are percent-encoded');
    assert.match(url, /condition=monTopic%3D%27DeviceCore%27%20and%20%28/);
    const q = new URL(url, 'http://x').searchParams;
    assert.equal(q.get('condition'), condition);
    assert.equal(q.get('start'), '10');
    assert.equal(q.get('size'), '5');
  });

  test('listAllMonitors pages with start/size until nothing remains', async () => {
    const all = [1, 2, 3, 4, 5].map((i) => monitorItem(i));
    handler = (req, res) => {
      const q = new URL(req.url, 'http://x').searchParams;
      const start = Number(q.get('start'));
      const size = Number(q.get('size'));
      json(res, listOf(all.slice(start, start + size), start, all.length));
    };
    const got = await withClient({}, (c) => c.listAllMonitors("monStatus='INACTIVE'", 2));
    assert.deepEqual(got.map((m) => m.id), [1, 2, 3, 4, 5]);
    const pages = requests.map((r) => {
      const q = new URL(r.url, 'http://x').searchParams;
      return [q.get('condition'), q.get('start'), q.get('size')];
    });
    assert.deepEqual(pages, [
      ["monStatus='INACTIVE'", '0', '2'],
      ["monStatus='INACTIVE'", '2', '2'],
      ["monStatus='INACTIVE'", '4', '2'],
    ]);
  });

  test('listAllMonitors stops on an empty page even if the server claims rows remain', async () => {
    handler = (_req, res) => json(res, { ...listOf([]), remainingSize: '5' });
    assert.deepEqual(await withClient({}, (c) => c.listAllMonitors()), []);
    assert.equal(requests.length, 1);
  });

  test('findMonitorsByTopics asks for the exact joined topic string; quotes are refused', async () => {
    handler = (_req, res) => json(res, listOf([monitorItem(3, 'DeviceCore,DataPoint')]));
    await withClient({}, async (c) => {
      const found = await c.findMonitorsByTopics(['DeviceCore', 'DataPoint']);
      assert.deepEqual(found.map((m) => [m.id, m.topics]), [[3, ['DeviceCore', 'DataPoint']]]);
      await rejectsWith(c.findMonitorsByTopics(["DataPoint/it's"]), 'INVALID_ARGUMENT');
    });
    assert.equal(requests.length, 1);
    assert.equal(new URL(requests[0].url, 'http://x').searchParams.get('condition'), "monTopic='DeviceCore,DataPoint'");
  });

  test('getMonitor, resetMonitor and deleteMonitor use the id in the path', async () => {
    handler = (req, res) => {
      if (req.method === 'GET') json(res, listOf([monitorItem(12)]));
      else if (req.method === 'PUT') reply(res, 200, '<result/>');
      else reply(res, 200, '<result><message>1 items deleted</message></result>');
    };
    await withClient({}, async (c) => {
      assert.equal((await c.getMonitor(12)).status, 'INACTIVE');
      await c.resetMonitor(12);
      await c.deleteMonitor(12);
      await rejectsWith(c.getMonitor(-1), 'INVALID_ARGUMENT');
    });
    assert.deepEqual(requests.map((r) => `${r.method} ${r.url}`), ['GET /ws/Monitor/12.json', 'PUT /ws/Monitor/12', 'DELETE /ws/Monitor/12']);
    assert.deepEqual(parseXml(requests[1].body)?.Monitor, { monId: '12' });
    assert.match(String(requests[1].headers['content-type']), /^text\/xml/);
  });

  test('getMonitor of an unknown id is NOT_FOUND (empty list, 404, or the server\'s 400 wording)', async () => {
    await withClient({}, async (c) => {
      handler = (_req, res) => json(res, listOf([]));
      await rejectsWith(c.getMonitor(5), 'NOT_FOUND');
      handler = (_req, res) => reply(res, 404, '');
      await rejectsWith(c.getMonitor(5), 'NOT_FOUND');
      handler = (_req, res) => json(res, { error: ["GET Monitor error. Error reading Monitor entity id='5'"] }, 400);
      await rejectsWith(c.getMonitor(5), 'NOT_FOUND');
    });
  });

  test('a base URL path prefix is kept; user:pass@ in the base URL is refused without echoing it', async () => {
    handler = (_req, res) => json(res, listOf([]));
    await withClient({ baseUrl: `${baseUrl}/prefix/` }, (c) => c.testConnection());
    assert.equal(requests[0].url, '/prefix/ws/Monitor/.json?size=1');
    for (const bad of [`http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:1`, 'ftp://127.0.0.1', 'not a url']) {
      assert.throws(
        () => client({ baseUrl: bad }),
        (e: unknown) => e instanceof PushMonitorError && e.code === 'INVALID_ARGUMENT' && !e.message.includes(encodeURIComponent(PASSWORD)),
      );
    }
  });
});

describe('errors', () => {
  test('400 surfaces the server message as BAD_REQUEST', async () => {
    handler = (_req, res) => reply(res, 400, '<result><error>POST Monitor error. Invalid request. Invalid monTopic specified</error></result>');
    const e = await withClient({}, (c) => rejectsWith(c.createMonitor({ topics: ['DeviceCore'] }), 'BAD_REQUEST'));
    assert.ok(e instanceof HttpError);
    assert.equal(e.status, 400);
    assert.equal(e.serverMessage, 'POST Monitor error. Invalid request. Invalid monTopic specified');
    assert.match(e.message, /Invalid monTopic specified/);
    assert.equal(requests.length, 1, 'not retried');
  });

  test('401 is an AuthError naming the host', async () => {
    handler = (_req, res) => reply(res, 401, '', { 'www-authenticate': 'Basic realm="x"' });
    const e = await withClient({}, (c) => rejectsWith(c.testConnection(), 'AUTH'));
    assert.ok(e instanceof AuthError);
    assert.match(e.message, /credentials were refused by 127\.0\.0\.1 \(HTTP 401\)/);
    assert.equal(requests.length, 1);
  });

  test('403 is FORBIDDEN and points at permissions / the Push Monitor subscription', async () => {
    handler = (_req, res) => reply(res, 403, '<result><error>Not subscribed</error></result>');
    const e = await withClient({}, (c) => rejectsWith(c.listMonitors(), 'FORBIDDEN'));
    assert.match(e.message, /Push Monitor subscription/);
    assert.match(e.message, /Not subscribed/);
  });

  test('404 is NOT_FOUND', async () => {
    handler = (_req, res) => reply(res, 404, 'nothing here');
    const e = await withClient({}, (c) => rejectsWith(c.deleteMonitor(77), 'NOT_FOUND'));
    assert.ok(e instanceof HttpError);
    assert.equal(e.status, 404);
  });

  test('429 is retried, honouring Retry-After capped at maxDelayMs, then RATE_LIMITED', async () => {
    handler = (_req, res) => reply(res, 429, '', { 'retry-after': '1' });
    const t0 = performance.now();
    const e = await withClient({ retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 150 } }, (c) => rejectsWith(c.listMonitors(), 'RATE_LIMITED'));
    const elapsed = performance.now() - t0;
    assert.equal(requests.length, 3, 'first try + maxRetries');
    // Retry-After: 1 s, capped to 150 ms, twice; with the 1 ms backoff alone it would take ~2 ms.
    assert.ok(elapsed >= 280 && elapsed < 1500, `elapsed ${elapsed} ms`);
    assert.match(e.message, /3 attempts/);
  });

  test('500 is SERVER and is not retried', async () => {
    handler = (_req, res) => json(res, { error: ['GET Monitor error. Internal failure'] }, 500);
    const e = await withClient({}, (c) => rejectsWith(c.listMonitors(), 'SERVER'));
    assert.match(e.message, /Internal failure/);
    assert.equal(requests.length, 1);
  });

  test('503 then 200 succeeds on the retry', async () => {
    const logs = collectLogs();
    handler = (_req, res, n) => (n === 1 ? reply(res, 503, 'busy') : json(res, listOf([monitorItem(1)])));
    const page = await withClient({ logger: logs.logger }, (c) => c.listMonitors());
    assert.equal(page.items[0].id, 1);
    assert.equal(requests.length, 2);
    assert.ok(logs.lines.some((l) => /^info .*HTTP 503.*retry 1\/3/.test(l)), logs.lines.join('\n'));
  });

  test('503 that never ends is SERVER after maxRetries; 502 is retried for GET but not for POST', async () => {
    handler = (_req, res) => reply(res, 503, '');
    await withClient({}, (c) => rejectsWith(c.listMonitors(), 'SERVER'));
    assert.equal(requests.length, 4);
    requests.length = 0;
    handler = (_req, res) => reply(res, 502, '');
    await withClient({}, async (c) => {
      await rejectsWith(c.listMonitors(), 'SERVER');
      assert.equal(requests.length, 4);
      await rejectsWith(c.createMonitor({ topics: ['DeviceCore'] }), 'SERVER');
      assert.equal(requests.length, 5, 'a POST may have taken effect behind a gateway error');
    });
  });

  test('a server that never answers times out with TIMEOUT naming the limit', async () => {
    const pending: http.ServerResponse[] = [];
    handler = (_req, res) => void pending.push(res);
    try {
      const t0 = performance.now();
      const e = await withClient({ timeoutMs: 200 }, (c) => rejectsWith(c.listMonitors(), 'TIMEOUT'));
      const elapsed = performance.now() - t0;
      assert.match(e.message, /200 ms/);
      assert.match(e.message, /127\.0\.0\.1:\d+/);
      assert.ok(elapsed >= 190 && elapsed < 1500, `elapsed ${elapsed} ms`);
      assert.equal(requests.length, 1, 'timeouts are not retried');
    } finally {
      for (const res of pending) res.destroy();
    }
  });

  test('a closed port is UNREACHABLE naming host:port', async () => {
    const port = await closedPort();
    const e = await withClient({ baseUrl: `http://127.0.0.1:${port}` }, (c) => rejectsWith(c.testConnection(), 'UNREACHABLE'));
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.match(e.message, /connection refused/);
  });

  test('a list body that is not JSON is MALFORMED_RESPONSE', async () => {
    handler = (_req, res) => reply(res, 200, '{"items": [', { 'content-type': 'application/json' });
    await withClient({}, (c) => rejectsWith(c.listMonitors(), 'MALFORMED_RESPONSE'));
    handler = (_req, res) => reply(res, 200, '<html>login page</html>');
    await withClient({}, (c) => rejectsWith(c.getMonitor(3), 'MALFORMED_RESPONSE'));
  });

  test('no error, inspected error or log line contains a password, API secret or Authorization value', async () => {
    const logs = collectLogs();
    const { texts: seen, record } = errorRecorder();
    // A hostile or debugging server that echoes the credentials it received back into its error text.
    const echo = (status: number) => (req: Recorded, res: http.ServerResponse) => {
      const auth = req.headers.authorization;
      const password = auth ? Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString('utf8').split(':').slice(1).join(':') : '';
      reply(res, status, `<result><error>got ${auth ?? ''} ${password} ${String(req.headers['x-api-key-secret'] ?? '')}</error></result>`);
    };
    const port = await closedPort();
    for (const credentials of [{ username: USER, password: PASSWORD }, { apiKeyId: KEY_ID, apiKeySecret: KEY_SECRET }]) {
      await withClient({ credentials, logger: logs.logger, retry: { maxRetries: 1, baseDelayMs: 1 } }, async (c) => {
        for (const status of [400, 401, 403, 404, 429, 500, 503]) {
          handler = echo(status);
          await record(c.listMonitors({ condition: "monTopic='DeviceCore'" }));
        }
        handler = (_req, res) => reply(res, 200, 'garbage');
        await record(c.getMonitor(1));
        await record(c.createMonitor({ topics: ['DeviceCore'] }));
      });
      await withClient({ credentials, logger: logs.logger, baseUrl: `http://127.0.0.1:${port}` }, (c) => record(c.testConnection()));
      await withClient({ credentials, logger: logs.logger, rejectUnauthorized: false, baseUrl: baseUrl.replace('http:', 'https:') }, (c) =>
        record(c.testConnection()),
      );
    }
    assert.ok(seen.length >= 3 * 20, `collected ${seen.length} error texts`);
    assert.ok(logs.lines.some((l) => l.startsWith('debug GET /ws/Monitor/.json')), 'request lines are logged at debug');
    assert.ok(seen.some((t) => t.includes('***')), 'echoed secrets were redacted, not dropped silently');
    for (const t of seen) assertNoSecret(t, 'error');
    for (const l of logs.lines) assertNoSecret(l, 'log line');
  });

  test('each request is logged at debug with method, path, status and time', async () => {
    const logs = collectLogs();
    handler = (_req, res) => json(res, listOf([]));
    await withClient({ logger: logs.logger }, (c) => c.testConnection());
    assert.deepEqual(
      logs.lines.map((l) => l.replace(/\d+ ms$/, 'N ms')),
      ['debug GET /ws/Monitor/.json?size=1 200 N ms'],
    );
  });
});

describe('close()', () => {
  test('ends a pending backoff wait promptly with CLOSED and leaves no timer', async () => {
    handler = (_req, res) => reply(res, 503, '');
    const c = client({ retry: { maxRetries: 3, baseDelayMs: 10_000, maxDelayMs: 10_000 } });
    const pending = c.listMonitors();
    const outcome = rejectsWith(pending, 'CLOSED');
    while (requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20)); // let the client enter its 10 s wait
    const t0 = performance.now();
    await c.close();
    await outcome;
    assert.ok(performance.now() - t0 < 500);
    assert.equal(requests.length, 1);
    assert.ok(!process.getActiveResourcesInfo().includes('Timeout'), `${process.getActiveResourcesInfo().join(', ')}`);
    await rejectsWith(c.listMonitors(), 'CLOSED');
  });

  test('aborts a request in flight', async () => {
    const held: http.ServerResponse[] = [];
    handler = (_req, res) => void held.push(res);
    const c = client({ timeoutMs: 10_000 });
    try {
      const outcome = rejectsWith(c.listMonitors(), 'CLOSED');
      while (requests.length === 0) await new Promise((r) => setTimeout(r, 5));
      await c.close();
      await outcome;
    } finally {
      for (const res of held) res.destroy();
    }
  });
});

// TLS needs certificates; openssl makes them (skipped where it is missing).
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe('TLS', { skip: hasOpenssl ? false : 'openssl not available' }, () => {
  let dir: string;
  const servers: https.Server[] = [];
  const pem = { goodKey: '', goodCert: '', otherKey: '', otherCert: '' };

  function makeCert(name: string, san: string): { key: string; cert: string } {
    const key = path.join(dir, `${name}.key`);
    const cert = path.join(dir, `${name}.crt`);
    const r = spawnSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`, '-addext', `subjectAltName=${san}`,
    ]);
    assert.equal(r.status, 0, String(r.stderr));
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  }

  async function httpsServer(key: string, cert: string): Promise<string> {
    const s = https.createServer({ key, cert }, (_req, res) => json(res, listOf([])));
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return `https://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rest-tls-'));
    const good = makeCert('good', 'IP:127.0.0.1');
    const other = makeCert('other', 'DNS:example.invalid');
    Object.assign(pem, { goodKey: good.key, goodCert: good.cert, otherKey: other.key, otherCert: other.cert });
  });

  after(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('an unknown CA is TLS "certificate signed by unknown authority"; the ca option fixes it', async () => {
    const url = await httpsServer(pem.goodKey, pem.goodCert);
    const e = await withClient({ baseUrl: url }, (c) => rejectsWith(c.testConnection(), 'TLS'));
    assert.match(e.message, /certificate signed by unknown authority/);
    assert.match(e.message, /`ca` option/);
    await withClient({ baseUrl: url, ca: pem.goodCert }, (c) => c.testConnection());
    await withClient({ baseUrl: url, ca: Buffer.from(pem.goodCert) }, (c) => c.testConnection());
  });

  test('a certificate for another host name is TLS "hostname mismatch"', async () => {
    const url = await httpsServer(pem.otherKey, pem.otherCert);
    const e = await withClient({ baseUrl: url, ca: pem.otherCert }, (c) => rejectsWith(c.testConnection(), 'TLS'));
    assert.match(e.message, /hostname mismatch/);
  });

  test('rejectUnauthorized: false connects anyway and logs a warning', async () => {
    const url = await httpsServer(pem.goodKey, pem.goodCert);
    const logs = collectLogs();
    await withClient({ baseUrl: url, rejectUnauthorized: false, logger: logs.logger }, (c) => c.testConnection());
    assert.ok(logs.lines.some((l) => /^warn .*verification is disabled/.test(l)), logs.lines.join('\n'));
  });

  test('https:// to a plain-http port is TLS and says so', async () => {
    const e = await withClient({ baseUrl: baseUrl.replace('http:', 'https:') }, (c) => rejectsWith(c.testConnection(), 'TLS'));
    assert.match(e.message, /does not speak TLS/);
  });
});
