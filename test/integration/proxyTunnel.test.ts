// The push side's proxy tunnel (src/core/proxy/connectTunnel.ts) against a real proxy server
// on loopback (the `proxy` package): CONNECT reaches the push port, TLS inside the tunnel
// verifies the push host's certificate and name, a refusing proxy is a clear error that
// names the proxy without its credentials, and an https:// proxy with strict SSL off still
// verifies the push host.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { connectThroughProxy, openTunnel, ProxyRefusedError } from '../../src/core/proxy/connectTunnel';
import { resolveProxy, type ProxyOptions } from '../../src/core/proxy/proxyConfig';
import { PushMonitorError } from '../../src/core/errors';
import { describeTlsFailure } from '../../src/core/tlsPolicy';
import { makeCa, makeLeaf, type TestCa, type TestLeaf } from '../helpers/tlsCerts';
import { startTestProxy, type TestProxy } from '../helpers/proxyServer';

let caA: TestCa;
let caB: TestCa;
let good: TestLeaf;
let otherCa: TestLeaf;
let wrongName: TestLeaf;
const closers: (() => Promise<void>)[] = [];

before(async () => {
  caA = await makeCa('Proxy test CA A');
  caB = await makeCa('Proxy test CA B');
  good = await makeLeaf(caA, ['ip:127.0.0.1', 'dns:localhost']);
  otherCa = await makeLeaf(caB, ['ip:127.0.0.1', 'dns:localhost']);
  wrongName = await makeLeaf(caA, ['dns:wrong.example']);
});

after(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function proxy(o: Parameters<typeof startTestProxy>[0] = {}): Promise<TestProxy> {
  const p = await startTestProxy(o);
  closers.push(() => p.close());
  return p;
}

/** An echo server, TLS with `leaf` or plain TCP. */
async function echoServer(leaf?: TestLeaf): Promise<number> {
  const sockets = new Set<net.Socket>();
  const onSocket = (s: net.Socket) => {
    s.on('error', () => {});
    s.pipe(s);
  };
  const server = leaf ? tls.createServer({ key: leaf.keyPem, cert: leaf.certPem }, onSocket) : net.createServer(onSocket);
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    server.close();
    await once(server, 'close');
  });
  return (server.address() as net.AddressInfo).port;
}

const through = (options: ProxyOptions, port: number, secure: boolean) => resolveProxy(options, { host: '127.0.0.1', port, secure })!;

async function echoes(socket: net.Socket): Promise<void> {
  socket.write('ping');
  const [data] = (await once(socket, 'data')) as [Buffer];
  assert.equal(data.toString(), 'ping');
  socket.destroy();
}

test('plain TCP through the proxy: CONNECT to the push port, bytes flow both ways', async () => {
  const p = await proxy();
  const port = await echoServer();
  const socket = await connectThroughProxy({ proxy: through({ httpProxy: p.url }, port, false), host: '127.0.0.1', port, secure: false, rejectUnauthorized: true });
  await echoes(socket);
  assert.deepEqual(p.connects(), [`127.0.0.1:${port}`]);
});

test('TLS through the proxy: the push host is verified inside the tunnel with the given CA', async () => {
  const p = await proxy();
  const port = await echoServer(good);
  const socket = await connectThroughProxy({ proxy: through({ httpsProxy: p.url }, port, true), host: '127.0.0.1', port, secure: true, ca: caA.certPem, rejectUnauthorized: true });
  assert.ok(socket instanceof tls.TLSSocket && socket.authorized, 'certificate verified');
  await echoes(socket);
  assert.deepEqual(p.connects(), [`127.0.0.1:${port}`]);
});

test('TLS through the proxy: another CA and another host name are refused, as they are directly', async () => {
  const p = await proxy();
  for (const [leaf, reason] of [[otherCa, /unknown authority/], [wrongName, /hostname mismatch/]] as const) {
    const port = await echoServer(leaf);
    await assert.rejects(
      connectThroughProxy({ proxy: through({ httpsProxy: p.url }, port, true), host: '127.0.0.1', port, secure: true, ca: caA.certPem, rejectUnauthorized: true }),
      (e: unknown) => {
        assert.match(describeTlsFailure(e) ?? `not a TLS failure: ${String(e)}`, reason);
        return true;
      },
    );
  }
  assert.equal(p.connects().length, 2, 'both went through the proxy');
});

test('a proxy that wants credentials: 407 without them, 407 with wrong ones, the tunnel with the right ones; no password in any message', async () => {
  const p = await proxy({ credentials: { username: 'alice', password: 'pr0xy-pass' } });
  const port = await echoServer();
  const base = new URL(p.url);
  const withAuth = (user: string, pass: string) => `http://${user}:${encodeURIComponent(pass)}@${base.host}`;
  for (const [url, hint] of [[p.url, /requires a user name and password/], [withAuth('alice', 'wr0ng-pass'), /did not accept/]] as const) {
    await assert.rejects(openTunnel({ proxy: through({ httpProxy: url }, port, false), host: '127.0.0.1', port }), (e: unknown) => {
      assert.ok(e instanceof ProxyRefusedError, String(e));
      assert.equal(e.status, 407);
      assert.equal(e.code, 'UNREACHABLE');
      assert.match(e.message, new RegExp(`proxy http://127\\.0\\.0\\.1:${p.port} refused the tunnel to 127\\.0\\.0\\.1:${port}: HTTP 407`));
      assert.match(e.message, hint);
      assert.doesNotMatch(e.message, /wr0ng|pr0xy|alice/);
      return true;
    });
  }
  const socket = await openTunnel({ proxy: through({ httpProxy: withAuth('alice', 'pr0xy-pass') }, port, false), host: '127.0.0.1', port });
  await echoes(socket);
  assert.equal(p.seen.at(-1)?.authorization, `Basic ${Buffer.from('alice:pr0xy-pass').toString('base64')}`);
});

test('a proxy that refuses every CONNECT, and one that is not there: clear errors naming the proxy', async () => {
  const p = await proxy({ refuseAll: true });
  const port = await echoServer();
  await assert.rejects(openTunnel({ proxy: through({ httpProxy: p.url }, port, false), host: '127.0.0.1', port }), /refused the tunnel .* HTTP 407/);
  const gone = net.createServer().listen(0, '127.0.0.1');
  await once(gone, 'listening');
  const deadPort = (gone.address() as net.AddressInfo).port;
  gone.close();
  await once(gone, 'close');
  await assert.rejects(
    openTunnel({ proxy: through({ httpProxy: `http://bob:s3cret-x@127.0.0.1:${deadPort}` }, port, false), host: '127.0.0.1', port }),
    (e: unknown) => {
      assert.ok(e instanceof PushMonitorError && e.code === 'UNREACHABLE', String(e));
      assert.equal(e.message, `cannot reach proxy http://127.0.0.1:${deadPort} to tunnel to 127.0.0.1:${port} (ECONNREFUSED)`);
      return true;
    },
  );
});

test('the proxy cannot reach the push host: its answer (5xx) is the error, not a hang', async () => {
  const p = await proxy();
  const closed = net.createServer().listen(0, '127.0.0.1');
  await once(closed, 'listening');
  const port = (closed.address() as net.AddressInfo).port;
  closed.close();
  await once(closed, 'close');
  await assert.rejects(openTunnel({ proxy: through({ httpProxy: p.url }, port, false), host: '127.0.0.1', port }), (e: unknown) => {
    assert.ok(e instanceof ProxyRefusedError && e.status >= 500, String(e));
    return true;
  });
});

test('an https:// proxy: its own certificate is checked (strict SSL); strict SSL off skips only that check, never the push host', async () => {
  const p = await proxy({ tls: { key: otherCa.keyPem, cert: otherCa.certPem } });
  const port = await echoServer(good);
  const opts = (strict: boolean, leafCa: string) => ({
    proxy: through({ httpsProxy: p.url, proxyStrictSSL: strict }, port, true),
    host: '127.0.0.1',
    port,
    secure: true,
    ca: leafCa,
    rejectUnauthorized: true,
  });
  await assert.rejects(connectThroughProxy(opts(true, caA.certPem)), (e: unknown) => {
    assert.ok(e instanceof PushMonitorError && e.code === 'TLS', String(e));
    assert.match(e.message, new RegExp(`TLS connection to proxy https://127\\.0\\.0\\.1:${p.port} failed: certificate signed by unknown authority`));
    return true;
  });
  // The proxy's CA given: strict and fine.
  const viaCa = await connectThroughProxy({ ...opts(true, caA.certPem), proxy: through({ httpsProxy: p.url, proxyCa: caB.certPem }, port, true) });
  await echoes(viaCa);
  const relaxed = await connectThroughProxy(opts(false, caA.certPem));
  await echoes(relaxed);
  // Strict SSL off, and a push host whose certificate is from a CA not trusted: still refused.
  const untrustedPort = await echoServer(otherCa);
  await assert.rejects(
    connectThroughProxy({ ...opts(false, caA.certPem), port: untrustedPort, proxy: through({ httpsProxy: p.url, proxyStrictSSL: false }, untrustedPort, true) }),
    (e: unknown) => /unknown authority/.test(describeTlsFailure(e) ?? String(e)),
  );
});

test('an abort signal ends a CONNECT in progress', async () => {
  // A listener that accepts and never answers.
  const sockets: net.Socket[] = [];
  const silent = net.createServer((s) => sockets.push(s)).listen(0, '127.0.0.1');
  await once(silent, 'listening');
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    silent.close();
    await once(silent, 'close');
  });
  const proxyPort = (silent.address() as net.AddressInfo).port;
  const abort = new AbortController();
  const pending = openTunnel({ proxy: through({ httpProxy: `http://127.0.0.1:${proxyPort}` }, 1, false), host: '127.0.0.1', port: 1, signal: abort.signal });
  setTimeout(() => abort.abort(new PushMonitorError('CLOSED', 'stopped')), 50);
  await assert.rejects(pending, /stopped/);
  await assert.rejects(
    openTunnel({ proxy: through({ httpProxy: `http://127.0.0.1:${proxyPort}` }, 1, false), host: '127.0.0.1', port: 1, timeoutMs: 100 }),
    (e: unknown) => e instanceof PushMonitorError && e.code === 'TIMEOUT' && /did not answer CONNECT 127\.0\.0\.1:1 within 100 ms/.test(e.message),
  );
});
