// REST through an HTTP proxy (issue 12 §5), against a real proxy server on loopback (the
// `proxy` package): the client tunnels with CONNECT to the REST host and verifies that
// host's certificate inside the tunnel (the account's CA accepted, another CA refused);
// NO_PROXY bypasses the proxy; a refusing or absent proxy is a clear error that names the
// proxy and never its credentials, in the error and in the log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { MonitorRestClient } from '../../src/core/rest/monitorClient';
import { PushMonitorError } from '../../src/core/errors';
import { ProxyRefusedError } from '../../src/core/proxy/connectTunnel';
import { createStreamLogger } from '../../src/core/logger';
import { makeCa, makeLeaf, type TestCa, type TestLeaf } from '../helpers/tlsCerts';
import { startTestProxy, type TestProxy } from '../helpers/proxyServer';

const LIST = JSON.stringify({ resultTotalRows: '0', requestedStartRow: '0', resultSize: '0', requestedSize: '1', remainingSize: '0', items: [] });
const creds = { username: 'restuser', password: 'rest-Secret-9' };

let caA: TestCa;
let caB: TestCa;
let good: TestLeaf;
let otherCa: TestLeaf;
const closers: (() => Promise<void>)[] = [];

before(async () => {
  caA = await makeCa('REST proxy test CA A');
  caB = await makeCa('REST proxy test CA B');
  good = await makeLeaf(caA, ['ip:127.0.0.1', 'dns:localhost']);
  otherCa = await makeLeaf(caB, ['ip:127.0.0.1', 'dns:localhost']);
});

after(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function server(leaf?: TestLeaf): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const handler = (_req: http.IncomingMessage, res: http.ServerResponse) => {
    hits += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(LIST);
  };
  const s = leaf ? https.createServer({ key: leaf.keyPem, cert: leaf.certPem }, handler) : http.createServer(handler);
  s.on('tlsClientError', () => {});
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  closers.push(async () => {
    s.closeAllConnections();
    s.close();
    await once(s, 'close');
  });
  return { url: `${leaf ? 'https' : 'http'}://127.0.0.1:${(s.address() as net.AddressInfo).port}`, hits: () => hits };
}

async function proxy(o: Parameters<typeof startTestProxy>[0] = {}): Promise<TestProxy> {
  const p = await startTestProxy(o);
  closers.push(() => p.close());
  return p;
}

function client(baseUrl: string, extra: Partial<ConstructorParameters<typeof MonitorRestClient>[0]> = {}) {
  const lines: string[] = [];
  const c = new MonitorRestClient({
    baseUrl,
    credentials: creds,
    ca: caA.certPem,
    retry: { maxRetries: 0 },
    timeoutMs: 5000,
    logger: createStreamLogger('debug', (l) => lines.push(l)),
    ...extra,
  });
  closers.push(() => c.close());
  return { c, lines };
}

const portOf = (url: string) => new URL(url).port;

test('https REST through the proxy: CONNECT to the REST host, its certificate verified with the account CA', async () => {
  const p = await proxy();
  const s = await server(good);
  const { c } = client(s.url, { proxy: { httpsProxy: p.url } });
  await c.testConnection();
  assert.deepEqual(p.connects(), [`127.0.0.1:${portOf(s.url)}`]);
  assert.equal(s.hits(), 1);
});

test('https REST through the proxy: a certificate from another CA is refused (TLS), naming the proxy', async () => {
  const p = await proxy();
  const s = await server(otherCa);
  const { c } = client(s.url, { proxy: { httpsProxy: p.url, proxyStrictSSL: false } });
  await assert.rejects(c.testConnection(), (e: unknown) => {
    assert.ok(e instanceof PushMonitorError && e.code === 'TLS', String(e));
    assert.match(e.message, /certificate signed by unknown authority/);
    assert.match(e.message, new RegExp(`through proxy http://127\\.0\\.0\\.1:${p.port}`));
    return true;
  });
  assert.equal(p.connects().length, 1, 'the attempt went through the proxy');
  assert.equal(s.hits(), 0);
});

test('plain http REST through HTTP_PROXY tunnels too; HTTPS_PROXY alone does not apply to it', async () => {
  const p = await proxy();
  const s = await server();
  await client(s.url, { proxy: { httpProxy: p.url } }).c.testConnection();
  assert.deepEqual(p.connects(), [`127.0.0.1:${portOf(s.url)}`]);
  await client(s.url, { proxy: { httpsProxy: p.url } }).c.testConnection();
  assert.equal(p.seen.length, 1, 'the second client went direct');
  assert.equal(s.hits(), 2);
});

test('NO_PROXY: a listed host is reached directly', async () => {
  const p = await proxy();
  const s = await server(good);
  for (const noProxy of ['127.0.0.1', `127.0.0.1:${portOf(s.url)}`, '*']) {
    await client(s.url, { proxy: { httpsProxy: p.url, noProxy } }).c.testConnection();
  }
  assert.deepEqual(p.seen, []);
  assert.equal(s.hits(), 3);
});

test('a proxy that refuses CONNECT (407): a clear error naming the proxy, no credential in it or in the log', async () => {
  const p = await proxy({ credentials: { username: 'pxuser', password: 'Px-pass-77' } });
  const s = await server(good);
  const base = new URL(p.url);
  const { c, lines } = client(s.url, { proxy: { httpsProxy: `http://pxuser:Wrong-pass-88@${base.host}` } });
  await assert.rejects(c.testConnection(), (e: unknown) => {
    assert.ok(e instanceof ProxyRefusedError, String(e));
    assert.equal(e.status, 407);
    assert.match(e.message, new RegExp(`^proxy http://127\\.0\\.0\\.1:${p.port} refused the tunnel to 127\\.0\\.0\\.1:${portOf(s.url)}: HTTP 407; the proxy did not accept`));
    return true;
  });
  const anon = client(s.url, { proxy: { httpsProxy: p.url } });
  await assert.rejects(anon.c.testConnection(), /HTTP 407; the proxy requires a user name and password/);
  const ok = client(s.url, { proxy: { httpsProxy: `http://pxuser:Px-pass-77@${base.host}` } });
  await ok.c.testConnection();
  assert.equal(p.seen.at(-1)?.authorization, `Basic ${Buffer.from('pxuser:Px-pass-77').toString('base64')}`);
  const all = [...lines, ...anon.lines, ...ok.lines].join('');
  assert.match(all, /through proxy http:\/\/127\.0\.0\.1/);
  for (const secret of ['Wrong-pass-88', 'Px-pass-77', Buffer.from('pxuser:Px-pass-77').toString('base64'), creds.password]) {
    assert.ok(!all.includes(secret), `log holds ${secret}`);
  }
});

test('a proxy that is not there: "cannot reach proxy", without its credentials', async () => {
  const gone = net.createServer().listen(0, '127.0.0.1');
  await once(gone, 'listening');
  const port = (gone.address() as net.AddressInfo).port;
  gone.close();
  await once(gone, 'close');
  const s = await server(good);
  const { c } = client(s.url, { proxy: { httpsProxy: `http://u:Gone-pass-1@127.0.0.1:${port}` } });
  await assert.rejects(c.testConnection(), (e: unknown) => {
    assert.ok(e instanceof PushMonitorError && e.code === 'UNREACHABLE', String(e));
    assert.equal(e.message, `cannot reach proxy http://127.0.0.1:${port} to tunnel to 127.0.0.1:${portOf(s.url)}: connection refused`);
    return true;
  });
});

test('a bad proxy URL fails at construction without quoting it', () => {
  assert.throws(
    () => new MonitorRestClient({ baseUrl: 'https://127.0.0.1:1', credentials: creds, proxy: { httpsProxy: 'socks5://u:Sock-pass-2@127.0.0.1:1080' } }),
    (e: unknown) => e instanceof PushMonitorError && e.code === 'INVALID_ARGUMENT' && !e.message.includes('Sock-pass-2'),
  );
});

test('an https:// proxy: its own certificate checked unless strict SSL is off; the REST host checked always', async () => {
  const p = await proxy({ tls: { key: otherCa.keyPem, cert: otherCa.certPem } });
  const s = await server(good);
  await assert.rejects(client(s.url, { proxy: { httpsProxy: p.url } }).c.testConnection(), (e: unknown) => e instanceof PushMonitorError && e.code === 'TLS');
  await client(s.url, { proxy: { httpsProxy: p.url, proxyCa: caB.certPem } }).c.testConnection();
  const relaxed = client(s.url, { proxy: { httpsProxy: p.url, proxyStrictSSL: false } });
  await relaxed.c.testConnection();
  assert.match(relaxed.lines.join(''), /certificate of proxy https:\/\/127\.0\.0\.1:\d+ is not verified .* 127\.0\.0\.1's own certificate still is/);
  const bad = await server(otherCa);
  await assert.rejects(client(bad.url, { proxy: { httpsProxy: p.url, proxyStrictSSL: false } }).c.testConnection(), /unknown authority/);
});
