// Secrets hygiene (issue 8, part 5): a distinctive password and API secret go through REST
// calls, push sessions (TCP and TLS) and every error path of the library and of the CLI
// (with --verbose); then every captured log line, CLI stdout/stderr, thrown error message,
// session state reason and warning, and util.inspect of every error (causes included) is
// searched for the password, the API secret and their Basic / URL-encoded forms. None may
// appear. Also: TLS verification is on by default (library session and REST client, CLI).
// (The extension's settings and global state are checked by test/vscode/suite/2-accounts.test.ts,
// its log channel, events channel and reported errors by test/vscode/suite/5-logSecrets.test.ts.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import util from 'node:util';
import { PushClient, type Credentials } from '../../src/core/pushClient';
import { PushSession, type PushSessionOptions } from '../../src/core/session';
import { MonitorRestClient } from '../../src/core/rest';
import { createStreamLogger } from '../../src/core/logger';
import { PushMonitorError } from '../../src/core/errors';
import { startSimulator, type SimulatorHandle } from '../../src/simulator';
import { createCertificates } from '../../src/simulator/certificates';
import { waitFor } from '../helpers/scriptedPushServer';
import { makeCa, makeLeaf, type TestLeaf } from '../helpers/tlsCerts';
import { activeResources, settleTo } from '../../reliability/resources';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const USER = 'secret-tester';
const PASSWORD = 'Pw-Zx9!Distinctive#7731 ü';
const KEY_ID = 'secret-key-id';
const API_SECRET = 'ak-Secret-Q4v8/Distinctive+55';
const WRONG_PASSWORD = 'Wrong-Pw-Distinctive-0042';
const WRONG_SECRET = 'Wrong-Secret-Distinctive-0043';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
/** Every form in which a secret could leak. */
const FORBIDDEN = [PASSWORD, API_SECRET, WRONG_PASSWORD, WRONG_SECRET].flatMap((s) => [s, encodeURIComponent(s), b64(s)]).concat([
  b64(`${USER}:${PASSWORD}`),
  b64(`${USER}:${WRONG_PASSWORD}`),
  b64(`${KEY_ID}:${API_SECRET}`),
  'Distinctive', // the common core of all four secrets: catches truncated or re-encoded leaks too
]);

/** Everything captured, with where it came from. */
const captured: { where: string; text: string }[] = [];
const keep = (where: string, text: string) => captured.push({ where, text });
const logger = createStreamLogger('trace', (line) => keep('log', line));
function keepError(where: string, e: unknown): void {
  keep(`${where} message`, e instanceof Error ? e.message : String(e));
  keep(`${where} inspect`, util.inspect(e, { depth: 20, showHidden: true }));
  if (e instanceof Error) keep(`${where} stack`, e.stack ?? '');
}
async function expectError(where: string, p: Promise<unknown>): Promise<PushMonitorError> {
  try {
    await p;
  } catch (e) {
    keepError(where, e);
    assert.ok(e instanceof PushMonitorError, `${where}: ${String(e)}`);
    return e;
  }
  assert.fail(`${where}: expected an error`);
}

let sim: SimulatorHandle;
before(async () => {
  if (!existsSync(CLI)) throw new Error(`missing ${CLI}: run "npm run build" first (npm test builds it)`);
  sim = await startSimulator({
    seed: 21,
    logger: createStreamLogger('trace', (line) => keep('simulator log', line)),
    accounts: [{ username: USER, password: PASSWORD, apiKeyId: KEY_ID, apiKeySecret: API_SECRET, customerId: 4242, company: 'Secret_Co' }],
  });
});
after(async () => {
  await sim?.close();
});

function client(credentials: Credentials, o: { secure?: boolean; ca?: string | undefined; restTimeoutMs?: number } = {}): PushClient {
  const secure = o.secure ?? false;
  return new PushClient(credentials, {
    restUrl: sim.restUrl,
    host: sim.host,
    secure,
    pushPort: secure ? (sim.pushTlsPort ?? undefined) : sim.pushPort,
    ca: 'ca' in o ? o.ca : sim.caPem,
    logger,
    restTimeoutMs: o.restTimeoutMs,
    retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 },
    session: { reconnect: { initialDelayMs: 5, maxDelayMs: 20, jitter: 0 }, connectTimeoutMs: 2000 },
  });
}

/** A session that receives events, survives a drop and a corrupt block, then stops. */
async function liveSession(c: PushClient, where: string): Promise<void> {
  const id = await c.createMonitor(['DataPoint', 'DeviceCore'], { batchSize: 5, batchDuration: 0, compression: 'zlib', ackOption: 'explicit', autoReplayOnConnect: true });
  let events = 0;
  const s = c.createSession((e) => void (events += e.length), id);
  s.on('state', (st) => {
    if (st.kind === 'reconnecting') keep(`${where} reconnect reason`, st.reason);
    if (st.kind === 'failed') keepError(`${where} failure`, st.error);
  });
  s.on('warning', (w) => keepError(`${where} warning`, w));
  s.on('gap', (g) => keep(`${where} gap`, JSON.stringify(g)));
  await waitFor(() => s.state.kind === 'connected', 'connected', 10_000);
  sim.generate(20);
  await waitFor(() => events >= 10, 'events', 10_000);
  sim.faults.set({ monitorId: id, corruptZlib: true, unknownFrameType: true });
  sim.generate(20);
  await waitFor(() => s.stats.reconnects >= 1 && s.state.kind === 'connected', 'reconnected after the corrupt block', 10_000);
  sim.faults.set({ monitorId: id, closeMidFrame: true });
  sim.generate(20);
  await waitFor(() => s.stats.reconnects >= 2 && s.state.kind === 'connected', 'reconnected after the cut frame', 10_000);
  keep(`${where} stats`, util.inspect(s.stats));
  // Someone will console.log a session or a client while debugging: neither may show a secret.
  keep(`${where} inspect session`, util.inspect(s, { depth: 20, showHidden: true }));
  keep(`${where} inspect client`, util.inspect(c, { depth: 20, showHidden: true }));
  keep(`${where} inspect REST client`, util.inspect(c.rest, { depth: 20, showHidden: true }));
  await s.stop();
  sim.faults.clear();
  await c.findMonitors(['DataPoint', 'DeviceCore']);
  await c.resetMonitor(id);
  await c.getMonitor(id);
  await c.deleteMonitor(id);
  await expectError(`${where} get deleted`, c.getMonitor(id));
}

test('library: REST calls, TCP and TLS sessions, and every error path never reveal a secret (nor leave a handle open)', async () => {
  const baseline = activeResources();
  const escaped: unknown[] = [];
  const onRejection = (e: unknown) => escaped.push(e);
  process.on('unhandledRejection', onRejection);
  const byPassword: Credentials = { username: USER, password: PASSWORD };
  const byKey: Credentials = { apiKeyId: KEY_ID, apiKeySecret: API_SECRET };
  for (const [name, creds, secure] of [['password/TCP', byPassword, false], ['password/TLS', byPassword, true], ['api-key/TCP', byKey, false]] as const) {
    const c = client(creds, { secure });
    try {
      await c.testConnection();
      await liveSession(c, name);
    } finally {
      await c.close();
    }
  }

  // REST errors: 401 (wrong password, wrong secret), 500, 429 exhausted, timeout, unreachable.
  for (const [name, creds] of [['wrong password', { username: USER, password: WRONG_PASSWORD }], ['wrong secret', { apiKeyId: KEY_ID, apiKeySecret: WRONG_SECRET }]] as const) {
    const c = client(creds);
    try {
      assert.equal((await expectError(`REST ${name}`, c.listMonitors())).code, 'AUTH');
    } finally {
      await c.close();
    }
  }
  const c = client({ username: USER, password: PASSWORD }, { restTimeoutMs: 150 });
  try {
    sim.faults.set({ restStatus: { status: 500, count: 1 } });
    assert.equal((await expectError('REST 500', c.listMonitors())).code, 'SERVER');
    sim.faults.set({ restStatus: { status: 429, count: 10, retryAfter: 0 } });
    assert.equal((await expectError('REST 429', c.listMonitors())).code, 'RATE_LIMITED');
    sim.faults.clear();
    sim.faults.set({ restDelayMs: 400 });
    assert.equal((await expectError('REST timeout', c.listMonitors())).code, 'TIMEOUT');
    sim.faults.clear();

    // Push errors: wrong password (ConnectResponse 403), bad monitor (400), TLS without CA.
    const id = await c.createMonitor('DeviceCore');
    for (const [name, opts] of [
      ['push 403', { password: WRONG_PASSWORD }],
      ['push 400', { monitorId: 999_999 }],
      ['push TLS without ca', { secure: true, port: sim.pushTlsPort ?? 0, ca: undefined }],
    ] as const) {
      const base: PushSessionOptions = { host: '127.0.0.1', port: sim.pushPort, username: USER, password: PASSWORD, monitorId: id, secure: false, logger, reconnect: false };
      const s = new PushSession({ ...base, ...opts }).start();
      await waitFor(() => s.state.kind === 'failed', `${name} fails`, 10_000);
      if (s.state.kind === 'failed') keepError(name, s.state.error);
      await s.stop();
    }
    await c.deleteMonitor(id);
  } finally {
    sim.faults.clear();
    await c.close();
  }
  const closed = new PushClient({ username: USER, password: PASSWORD }, { restUrl: 'http://127.0.0.1:9', host: '127.0.0.1', secure: false, pushPort: 9, logger, retry: { maxRetries: 0 } });
  try {
    await expectError('unreachable REST', closed.listMonitors());
    const s = closed.createSession(() => {}, 1, { reconnect: false });
    await waitFor(() => s.state.kind === 'failed', 'unreachable push fails', 10_000);
    if (s.state.kind === 'failed') keepError('unreachable push', s.state.error);
  } finally {
    await closed.close();
  }
  // Argument errors that could be tempted to echo their input.
  for (const [name, make] of [
    ['user:pass@ base URL', () => new MonitorRestClient({ baseUrl: `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:1`, credentials: { username: USER, password: PASSWORD } })],
    ['control character in secret', () => new MonitorRestClient({ baseUrl: 'http://127.0.0.1:1', credentials: { apiKeyId: KEY_ID, apiKeySecret: `${API_SECRET}\n` } })],
    ['colon in user name', () => new MonitorRestClient({ baseUrl: 'http://127.0.0.1:1', credentials: { username: `a:${PASSWORD}`, password: PASSWORD } })],
  ] as const) {
    assert.throws(make, (e: unknown) => {
      keepError(name, e);
      return e instanceof PushMonitorError;
    });
  }
  const insecure = new PushClient({ username: USER, password: PASSWORD }, { host: '127.0.0.1:1', rejectUnauthorized: false, logger });
  await insecure.close();

  assert.ok(captured.filter((c) => c.where === 'log').length > 50, 'trace logging captured a real amount of output');
  assertNoSecret();
  // Every client above is closed: sockets, timers and agents are gone, nothing escaped.
  assert.deepEqual(await settleTo(baseline, 5000), [], 'open handles above the baseline after the error paths');
  process.off('unhandledRejection', onRejection);
  assert.deepEqual(escaped, []);
});

test('TLS verification is on by default: a session and a REST call to the simulator\'s certificate without `ca` fail with TLS', async () => {
  const s = new PushSession({ host: '127.0.0.1', port: sim.pushTlsPort ?? 0, username: USER, password: PASSWORD, monitorId: 1, reconnect: false, logger }).start();
  await waitFor(() => s.state.kind === 'failed', 'failed', 10_000);
  assert.ok(s.state.kind === 'failed' && s.state.error.code === 'TLS', JSON.stringify(s.state));
  await s.stop();
  // Same certificate kind on an https REST endpoint (the simulator's REST is plain http).
  const certs = await createCertificates(1);
  const server = https.createServer({ key: certs.keyPem, cert: certs.certPem }, (_q, r) => r.end('{}'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const rest = new MonitorRestClient({ baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, credentials: { username: USER, password: PASSWORD }, logger, retry: { maxRetries: 0 } });
    const e = await expectError('REST TLS default', rest.testConnection());
    assert.equal(e.code, 'TLS');
    await rest.close();
  } finally {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }
  assertNoSecret();
});

interface CliRun {
  out: string;
  err: string;
  code: number | null;
}

function cli(args: string[], env: Record<string, string>, drive?: (text: () => string, kill: () => void) => Promise<void>): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return (async () => {
    if (drive) await drive(() => out + err, () => child.kill('SIGINT'));
    const code = await exit;
    clearTimeout(timer);
    keep(`cli ${args.join(' ')} stdout`, out);
    keep(`cli ${args.join(' ')} stderr`, err);
    return { out, err, code };
  })();
}

test('CLI (--verbose): sessions, a drop, wrong password / secret, ConnectResponse 403, REST 500, HTTPS to a plain-http port — no secret in stdout or stderr', async () => {
  const base = ['-a', `127.0.0.1:${sim.restPort}`, '--insecure', '--push-port', String(sim.pushPort), '-t', 'DataPoint,DeviceCore', '-b', '5', '-d', '0', '--verbose'];
  const live = async (text: () => string, kill: () => void) => {
    await waitFor(() => /live, waiting for events/.test(text()), 'live', 20_000);
    sim.generate(20);
    await waitFor(() => /\[Data(Point)?|\[DeviceCore\]/.test(text()), 'events printed', 20_000);
    sim.disconnect();
    await waitFor(() => /--- gap:/.test(text()), 'gap line', 20_000);
    kill();
  };
  const byPassword = await cli(base, { DRM_USERNAME: USER, DRM_PASSWORD: PASSWORD }, live);
  assert.equal(byPassword.code, 0, byPassword.err);
  assert.match(byPassword.err, /DEBUG/, 'verbose output was produced');
  const positional = await cli([...base, USER, PASSWORD], {}, live);
  assert.equal(positional.code, 0, positional.err);
  assert.match(positional.err, /stays in shell history/);
  const byKey = await cli([...base, '--api-key-id', KEY_ID], { DRM_API_KEY_SECRET: API_SECRET }, live);
  assert.equal(byKey.code, 0, byKey.err);

  assert.equal((await cli(base, { DRM_USERNAME: USER, DRM_PASSWORD: WRONG_PASSWORD })).code, 3);
  assert.equal((await cli([...base, '--api-key-id', KEY_ID], { DRM_API_KEY_SECRET: WRONG_SECRET })).code, 3);
  sim.faults.set({ connectStatus: 403 });
  assert.equal((await cli(base, { DRM_USERNAME: USER, DRM_PASSWORD: PASSWORD })).code, 3);
  sim.faults.set({ restStatus: { status: 500, count: 1 } });
  assert.equal((await cli(base, { DRM_USERNAME: USER, DRM_PASSWORD: PASSWORD })).code, 6);
  sim.faults.clear();
  // TLS by default (no --insecure) against the plain-http REST port: refused, exit 4. A
  // protocol mismatch, not a certificate check; those are in the next test.
  const tlsRun = await cli(['-a', `127.0.0.1:${sim.restPort}`, '-t', 'DataPoint', '--verbose'], { DRM_USERNAME: USER, DRM_PASSWORD: PASSWORD });
  assert.equal(tlsRun.code, 4, tlsRun.err);
  assertNoSecret();
});

test('CLI TLS certificate checks: another CA and another host name are refused for REST and for push, before any credential is sent', async () => {
  const trusted = await makeCa('Secrets Test CA');
  const unrelated = await makeCa('Unrelated CA');
  const good = await makeLeaf(trusted, ['dns:localhost', 'ip:127.0.0.1']);
  const otherHost = await makeLeaf(trusted, ['dns:elsewhere.invalid']);
  const dir = mkdtempSync(path.join(tmpdir(), 'secrets-tls-'));
  const pem = (name: string, text: string) => {
    const file = path.join(dir, `${name}.pem`);
    writeFileSync(file, text);
    return file;
  };
  const servers: (https.Server | tls.Server)[] = [];
  /** Counts what reached the server: an HTTP request (REST) or any byte after the handshake (push). */
  const reached = { restGood: 0, restOtherHost: 0, push: 0 };
  // HTTPS in front of the simulator's plain-http REST, with a certificate we choose.
  const restFront = async (leaf: TestLeaf, counter: 'restGood' | 'restOtherHost') => {
    const server = https.createServer({ key: leaf.keyPem, cert: leaf.certPem }, (q, r) => {
      reached[counter] += 1;
      const up = http.request({ host: '127.0.0.1', port: sim.restPort, method: q.method, path: q.url, headers: q.headers }, (u) => {
        r.writeHead(u.statusCode ?? 502, u.headers);
        u.pipe(r);
      });
      up.on('error', () => r.destroy());
      q.pipe(up);
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  try {
    const restGood = await restFront(good, 'restGood');
    const restOtherHost = await restFront(otherHost, 'restOtherHost');
    // TLS in front of the simulator's plain push port, with a certificate for another host name.
    const pushFront = tls.createServer({ key: otherHost.keyPem, cert: otherHost.certPem }, (socket) => {
      const up = net.connect(sim.pushPort, '127.0.0.1');
      socket.on('data', (c: Buffer) => (reached.push += c.length));
      socket.pipe(up).pipe(socket);
      socket.on('error', () => up.destroy());
      up.on('error', () => socket.destroy());
    });
    servers.push(pushFront);
    pushFront.listen(0, '127.0.0.1');
    await once(pushFront, 'listening');
    const pushFrontPort = (pushFront.address() as AddressInfo).port;
    const both = pem('trusted-and-sim', trusted.certPem + sim.caPem);
    const trustedOnly = pem('trusted', trusted.certPem);
    const unrelatedOnly = pem('unrelated', unrelated.certPem);
    const creds = { DRM_USERNAME: USER, DRM_PASSWORD: PASSWORD };
    const args = (host: string, ca: string, pushPort: number) => ['-a', host, '--ca', ca, '--push-port', String(pushPort), '-t', 'DataPoint', '-b', '5', '-d', '0', '--verbose'];
    const simTls = sim.pushTlsPort ?? 0;

    // Control: the right CA and the right names work end to end (HTTPS REST, TLS push, events).
    const ok = await cli(args(restGood, both, simTls), creds, async (text, kill) => {
      await waitFor(() => /live, waiting for events/.test(text()), 'live', 20_000);
      sim.generate(10);
      await waitFor(() => /\[Data(Point)?/.test(text()), 'events printed', 20_000);
      kill();
    });
    assert.equal(ok.code, 0, ok.err);
    assert.ok(reached.restGood > 0, 'the control run went through the HTTPS front');

    // REST, certificate from another CA: exit 4, nothing reached the server.
    let before = reached.restGood;
    const restCa = await cli(args(restGood, unrelatedOnly, simTls), creds);
    assert.equal(restCa.code, 4, restCa.err);
    assert.match(restCa.err, /unknown authority|UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    assert.equal(reached.restGood, before, 'no REST request (no Authorization header) reached a server the CA does not vouch for');

    // REST, certificate of the trusted CA for another host name: exit 4, nothing reached the server.
    const restHost = await cli(args(restOtherHost, both, simTls), creds);
    assert.equal(restHost.code, 4, restHost.err);
    assert.match(restHost.err, /hostname mismatch|ERR_TLS_CERT_ALTNAME_INVALID/);
    assert.equal(reached.restOtherHost, 0, 'no REST request reached a server with a certificate for another name');

    // Push, certificate from another CA (the simulator's, not in --ca): REST works, the session fails with TLS at once.
    before = reached.restGood;
    const pushCa = await cli(args(restGood, trustedOnly, simTls), creds);
    assert.equal(pushCa.code, 4, pushCa.err);
    assert.ok(reached.restGood > before, 'REST went through; the push session is what was refused');
    assert.match(pushCa.err, new RegExp(`TLS verification of 127\\.0\\.0\\.1:${simTls} failed.*(unknown authority|UNABLE_TO_VERIFY_LEAF_SIGNATURE)`));

    // Push, certificate of the trusted CA for another host name: the session fails, no ConnectRequest was sent.
    const pushHost = await cli(args(restGood, both, pushFrontPort), creds);
    assert.equal(pushHost.code, 4, pushHost.err);
    assert.match(pushHost.err, new RegExp(`TLS verification of 127\\.0\\.0\\.1:${pushFrontPort} failed.*(hostname mismatch|ERR_TLS_CERT_ALTNAME_INVALID)`));
    assert.equal(reached.push, 0, 'no ConnectRequest (user name and password) reached a push server with a certificate for another name');
  } finally {
    for (const server of servers) {
      if (server instanceof https.Server) server.closeAllConnections();
      server.close();
    }
    rmSync(dir, { recursive: true, force: true });
  }
  assertNoSecret();
});

function assertNoSecret(): void {
  const leaks: string[] = [];
  for (const { where, text } of captured) {
    for (const s of FORBIDDEN) {
      const at = text.indexOf(s);
      if (at >= 0) leaks.push(`${where}: "${s}" in …${text.slice(Math.max(0, at - 60), at + s.length + 20)}…`);
    }
  }
  assert.deepEqual(leaks, [], `secrets found in ${leaks.length} places`);
}
