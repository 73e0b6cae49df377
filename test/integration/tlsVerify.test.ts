// TLS verification for REST and push (issue 11 §4):
// - NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment changes nothing: certificates
//   and host names are still checked, and a warning says so (run in a child process so
//   the variable cannot leak into other tests);
// - every certificate / handshake failure is a TLS error that ends a push session at
//   once (no retry loop) and is TLS for REST too: INVALID_PURPOSE,
//   CERT_SIGNATURE_FAILURE, ERR_SSL_* were "closed connection, retry forever" for push.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { MonitorRestClient } from '../../src/core/rest/monitorClient';
import { PushSession, type SessionState } from '../../src/core/session';
import { PushMonitorError } from '../../src/core/errors';
import { encodeConnectResponse } from '../../src/core/protocol/frames';
import { makeCa, makeLeaf, type TestCa, type TestLeaf } from '../helpers/tlsCerts';
import type { ProbeInput, ProbeOutput } from '../helpers/tlsEnvProbe';

const root = path.resolve(__dirname, '../..');

const LIST = JSON.stringify({ resultTotalRows: '0', requestedStartRow: '0', resultSize: '0', requestedSize: '1', remainingSize: '0', items: [] });

let caA: TestCa;
let caB: TestCa;
const leaves: Record<'good' | 'otherCa' | 'wrongName' | 'clientOnly' | 'badSignature', TestLeaf> = {} as never;
const closers: (() => Promise<void>)[] = [];

before(async () => {
  caA = await makeCa('Test CA A (trusted)');
  caB = await makeCa('Test CA B (another CA)');
  const names = ['ip:127.0.0.1', 'dns:localhost'];
  leaves.good = await makeLeaf(caA, names);
  leaves.otherCa = await makeLeaf(caB, names);
  leaves.wrongName = await makeLeaf(caA, ['dns:wrong.example']);
  leaves.clientOnly = await makeLeaf(caA, names, { extendedKeyUsage: 'clientAuth' });
  // Names CA A as issuer (and its key id) but is signed with CA B's key.
  leaves.badSignature = await makeLeaf(caA, names, { signingKey: caB.keys.privateKey });
});

after(async () => {
  for (const close of closers.splice(0)) await close();
});

async function httpsServer(leaf: TestLeaf): Promise<string> {
  const s = https.createServer({ key: leaf.keyPem, cert: leaf.certPem }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(LIST);
  });
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  closers.push(async () => {
    s.closeAllConnections();
    s.close();
    await once(s, 'close');
  });
  return `https://127.0.0.1:${(s.address() as net.AddressInfo).port}`;
}

/** A TLS push server that accepts any ConnectRequest; counts connection attempts (TCP accepts). */
async function tlsPushServer(leaf: TestLeaf): Promise<{ port: number; accepted: () => number }> {
  let accepted = 0;
  const sockets = new Set<net.Socket>();
  const s = tls.createServer({ key: leaf.keyPem, cert: leaf.certPem }, (socket) => {
    socket.once('data', () => socket.write(encodeConnectResponse(200)));
  });
  s.on('connection', (socket: net.Socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  s.on('tlsClientError', () => {});
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  closers.push(async () => {
    for (const so of sockets) so.destroy();
    s.close();
    await once(s, 'close');
  });
  return { port: (s.address() as net.AddressInfo).port, accepted: () => accepted };
}

/** A plain TCP server that answers anything with an HTTP error (no TLS) and does not close. */
async function plainServer(): Promise<{ port: number; accepted: () => number }> {
  let accepted = 0;
  const sockets = new Set<net.Socket>();
  const s = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    // Answers and keeps the connection open: the client must end it by itself.
    socket.once('data', () => socket.write('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
  });
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  closers.push(async () => {
    for (const so of sockets) so.destroy();
    s.close();
    await once(s, 'close');
  });
  return { port: (s.address() as net.AddressInfo).port, accepted: () => accepted };
}

function restClient(baseUrl: string, extra: Partial<ConstructorParameters<typeof MonitorRestClient>[0]> = {}): MonitorRestClient {
  return new MonitorRestClient({ baseUrl, credentials: { username: 'u', password: 'p4ssw0rd' }, ca: caA.certPem, retry: { maxRetries: 0 }, timeoutMs: 5000, ...extra });
}

async function restError(baseUrl: string): Promise<PushMonitorError> {
  const c = restClient(baseUrl);
  try {
    await c.testConnection();
    assert.fail('the REST call succeeded');
  } catch (e) {
    assert.ok(e instanceof PushMonitorError, String(e));
    return e;
  } finally {
    await c.close();
  }
}

/** Runs a session (default reconnect: forever) until it fails or connects; then waits a while for retries that should not come. */
async function sessionOutcome(port: number): Promise<SessionState> {
  const s = new PushSession({ host: '127.0.0.1', port, ca: caA.certPem, username: 'u', password: 'p4ssw0rd', monitorId: 1, connectTimeoutMs: 5000, reconnect: { initialDelayMs: 10, maxDelayMs: 20 } });
  const seen: SessionState[] = [];
  s.on('state', (st) => seen.push(st));
  s.start();
  const start = Date.now();
  while (!seen.some((st) => st.kind === 'failed' || st.kind === 'connected' || (st.kind === 'reconnecting' && st.attempt >= 3))) {
    if (Date.now() - start > 10_000) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const state = s.state;
  await s.stop();
  return seen.find((st) => st.kind === 'failed') ?? state;
}

describe('push session: every certificate / handshake failure is TLS and ends the session', () => {
  for (const [name, leaf, pattern] of [
    ['INVALID_PURPOSE (a client-only certificate)', 'clientOnly', /INVALID_PURPOSE|not meant for a TLS server/],
    ['CERT_SIGNATURE_FAILURE (issuer named, signed by another key)', 'badSignature', /CERT_SIGNATURE_FAILURE|signature does not verify/],
    ['certificate from another CA', 'otherCa', /UNABLE_TO_VERIFY_LEAF_SIGNATURE|unknown authority/],
    ['certificate for another host name', 'wrongName', /hostname mismatch|ERR_TLS_CERT_ALTNAME_INVALID/],
  ] as const) {
    test(name, async () => {
      const server = await tlsPushServer(leaves[leaf]);
      const st = await sessionOutcome(server.port);
      assert.equal(st.kind, 'failed', JSON.stringify(st));
      assert.ok(st.kind === 'failed');
      assert.equal(st.error.code, 'TLS', st.error.message);
      assert.match(st.error.message, pattern);
      assert.equal(server.accepted(), 1, 'one attempt, no retry loop');
    });
  }

  test('ERR_SSL_WRONG_VERSION_NUMBER (the port does not speak TLS)', async () => {
    const server = await plainServer();
    const st = await sessionOutcome(server.port);
    assert.equal(st.kind, 'failed', JSON.stringify(st));
    assert.ok(st.kind === 'failed');
    assert.equal(st.error.code, 'TLS', st.error.message);
    assert.match(st.error.message, /does not speak TLS/);
    assert.equal(server.accepted(), 1, 'one attempt, no retry loop');
  });

  test('the trusted certificate connects (control)', async () => {
    const server = await tlsPushServer(leaves.good);
    const st = await sessionOutcome(server.port);
    assert.equal(st.kind, 'connected', JSON.stringify(st));
  });
});

test('a TLS record error after the push handshake is a broken stream: the session reconnects', async () => {
  // Raw TCP server wrapping its own TLS socket, so it can corrupt the record layer.
  let accepted = 0;
  const raws = new Set<net.Socket>();
  const server = net.createServer((raw) => {
    accepted += 1;
    raws.add(raw);
    raw.on('close', () => raws.delete(raw));
    raw.on('error', () => {});
    const secure = new tls.TLSSocket(raw, { isServer: true, key: leaves.good.keyPem, cert: leaves.good.certPem });
    secure.on('error', () => {});
    secure.once('data', () => {
      secure.write(encodeConnectResponse(200), () => {
        // The first connection gets an application-data record that cannot decrypt.
        if (accepted === 1) setTimeout(() => raw.write(Buffer.from([0x17, 0x03, 0x03, 0x00, 0x20, ...Buffer.alloc(32, 7)])), 20);
      });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(async () => {
    for (const r of raws) r.destroy();
    server.close();
    await once(server, 'close');
  });
  const s = new PushSession({
    host: '127.0.0.1', port: (server.address() as net.AddressInfo).port, ca: caA.certPem, username: 'u', password: 'p4ssw0rd', monitorId: 1,
    reconnect: { initialDelayMs: 10, maxDelayMs: 20 },
  });
  const seen: SessionState[] = [];
  s.on('state', (st) => seen.push(st));
  s.start();
  const start = Date.now();
  while (seen.filter((st) => st.kind === 'connected').length < 2 && !seen.some((st) => st.kind === 'failed') && Date.now() - start < 10_000) {
    await new Promise((r) => setTimeout(r, 5));
  }
  await s.stop();
  const dump = JSON.stringify(seen);
  assert.ok(!seen.some((st) => st.kind === 'failed'), dump);
  const drop = seen.find((st) => st.kind === 'reconnecting');
  assert.ok(drop && drop.kind === 'reconnecting' && /bad record mac|decrypt|SSL/i.test(drop.reason), dump);
  assert.equal(seen.filter((st) => st.kind === 'connected').length, 2, dump);
});

describe('REST: the same failures are TLS, through the same classifier', () => {
  for (const [name, leaf, pattern] of [
    ['INVALID_PURPOSE', 'clientOnly', /not meant for a TLS server/],
    ['CERT_SIGNATURE_FAILURE', 'badSignature', /signature does not verify/],
  ] as const) {
    test(name, async () => {
      const e = await restError(await httpsServer(leaves[leaf]));
      assert.equal(e.code, 'TLS', e.message);
      assert.match(e.message, pattern);
    });
  }

  test('the trusted certificate answers (control)', async () => {
    const c = restClient(await httpsServer(leaves.good));
    try {
      await c.testConnection();
    } finally {
      await c.close();
    }
  });
});

describe('NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment changes nothing', () => {
  test('REST and push still refuse a certificate from another CA and one for another host name, and warn', async () => {
    const input: ProbeInput = {
      ca: caA.certPem,
      restUrls: [await httpsServer(leaves.otherCa), await httpsServer(leaves.wrongName)],
      pushPorts: [(await tlsPushServer(leaves.otherCa)).port, (await tlsPushServer(leaves.wrongName)).port],
    };
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/helpers/tlsEnvProbe.ts')], {
      cwd: root,
      env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0', TLS_PROBE: JSON.stringify(input), NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const [code] = (await once(child, 'exit')) as [number | null];
    clearTimeout(timer);
    assert.equal(code, 0, `probe exited ${code}\n${err}`);
    const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as ProbeOutput;
    const dump = JSON.stringify(result, null, 2);

    assert.equal(result.rest.length, 2, dump);
    for (const r of result.rest) assert.equal(r.code, 'TLS', dump);
    assert.match(result.rest[0].message ?? '', /unknown authority/, dump);
    assert.match(result.rest[1].message ?? '', /hostname mismatch/, dump);

    assert.equal(result.push.length, 2, dump);
    for (const p of result.push) {
      assert.equal(p.state, 'failed', dump);
      assert.equal(p.code, 'TLS', dump);
    }

    const envWarnings = result.logs.filter((l) => /^warn NODE_TLS_REJECT_UNAUTHORIZED=0 .*ignored/.test(l));
    // One per REST client and one per session.
    assert.equal(envWarnings.length, 4, result.logs.join('\n'));
    assert.ok(!result.logs.some((l) => /verification is disabled/.test(l)), result.logs.join('\n'));
  });
});
