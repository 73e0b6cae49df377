// The whole client through an HTTP proxy (issue 12 §5): PushClient against the simulator on
// loopback with a real proxy server (the `proxy` package) between them. REST (plain http,
// so HTTP_PROXY) and the TLS push socket (HTTPS_PROXY) both go through CONNECT, events flow,
// the push host's certificate is verified inside the tunnel (the simulator's CA accepted,
// another CA refused); NO_PROXY sends the push socket direct; a proxy refusing CONNECT is a
// clear session error naming the proxy without its credentials.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimulatorHandle } from '../../src/simulator';
import type { PushEvent, SessionItem } from '../../src/core/events';
import type { SessionState } from '../../src/core/session';
import { createStreamLogger } from '../../src/core/logger';
import { waitFor } from '../helpers/scriptedPushServer';
import { simClient, startSim } from '../helpers/simClient';
import { testProxies, type TestProxy, type TestProxyOptions } from '../helpers/proxyServer';
import { makeCa } from '../helpers/tlsCerts';

let sim: SimulatorHandle;
const proxies = testProxies();
before(async () => {
  sim = await startSim();
});
after(async () => {
  await proxies.closeAll();
  await sim.close();
});

const proxy = (o?: TestProxyOptions): Promise<TestProxy> => proxies.start(o);

const port = (url: string) => Number(new URL(url).port);

test('REST and TLS push through the proxy: CONNECT to both ports, events flow, the push certificate verified', async () => {
  const p = await proxy();
  const client = simClient(sim, { proxy: { httpProxy: p.url, httpsProxy: p.url } });
  try {
    const id = await client.createMonitor(['DataPoint'], { batchSize: 10, batchDuration: 0 });
    const events: PushEvent[] = [];
    const session = client.createSession((batch) => {
      events.push(...batch);
    }, id);
    await waitFor(() => session.state.kind === 'connected', 'connected through the proxy');
    // Of the generated events (random kinds), the DataPoint ones are this monitor's.
    const expected = sim.generate(40).filter((e) => e.topic.split('/')[1] === 'DataPoint').length;
    assert.ok(expected > 0);
    await waitFor(() => events.length >= expected, `${expected} events through the tunnel`);
    assert.equal(events.length, expected);
    assert.deepEqual(p.connects(), [`127.0.0.1:${port(sim.restUrl)}`, `127.0.0.1:${sim.pushTlsPort}`]);
    await session.stop();
    await client.deleteMonitor(id);
  } finally {
    await client.close();
  }
});

test('TLS push through the proxy: a CA that did not sign the push certificate ends the session with TLS, nothing sent', async () => {
  const p = await proxy();
  const other = await makeCa('Not the simulator CA');
  const client = simClient(sim, { proxy: { httpProxy: p.url, httpsProxy: p.url }, ca: other.certPem });
  try {
    // REST is plain http here, so the wrong CA only matters to the push socket.
    const id = await client.createMonitor(['DataPoint']);
    const session = client.createSession(() => {}, id);
    const failed = await new Promise<SessionState>((resolve) => session.on('state', (s) => s.kind === 'failed' && resolve(s)));
    assert.ok(failed.kind === 'failed' && failed.error.code === 'TLS', JSON.stringify(failed));
    assert.match(failed.error.message, /unknown authority/);
    assert.ok(p.connects().includes(`127.0.0.1:${sim.pushTlsPort}`), 'the attempt went through the proxy');
    await client.deleteMonitor(id);
  } finally {
    await client.close();
  }
});

test('NO_PROXY: the push host listed goes direct while REST keeps the proxy', async () => {
  const p = await proxy();
  const client = simClient(sim, { proxy: { httpProxy: p.url, httpsProxy: p.url, noProxy: `127.0.0.1:${sim.pushTlsPort}` } });
  try {
    const id = await client.createMonitor(['DataPoint']);
    const session = client.createSession(undefined, id);
    const it = session[Symbol.asyncIterator]();
    await waitFor(() => session.state.kind === 'connected', 'connected directly');
    sim.generate(3);
    const first = (await it.next()).value as SessionItem;
    assert.ok(first && !('kind' in first && first.kind === 'gap'));
    assert.deepEqual(p.connects(), [`127.0.0.1:${port(sim.restUrl)}`], 'only REST went through the proxy');
    await session.stop();
    await client.deleteMonitor(id);
  } finally {
    await client.close();
  }
});

test('a proxy that refuses the push CONNECT (407): the session says which proxy and why, never its credentials', async () => {
  const p = await proxy({ credentials: { username: 'pushproxy', password: 'Right-pw-5' } });
  const lines: string[] = [];
  const base = new URL(p.url);
  const client = simClient(sim, {
    // REST direct (NO_PROXY on the REST port); only the push socket meets the proxy.
    proxy: { httpsProxy: `http://pushproxy:Wrong-pw-6@${base.host}`, noProxy: `127.0.0.1:${port(sim.restUrl)}` },
    logger: createStreamLogger('debug', (l) => lines.push(l)),
    session: { reconnect: { maxAttempts: 1, initialDelayMs: 10, maxDelayMs: 20, jitter: 0 } },
  });
  try {
    const id = await client.createMonitor(['DataPoint']);
    const session = client.createSession(() => {}, id);
    const failed = await new Promise<SessionState>((resolve) => session.on('state', (s) => s.kind === 'failed' && resolve(s)));
    assert.ok(failed.kind === 'failed');
    assert.equal(failed.error.code, 'UNREACHABLE');
    assert.match(failed.error.message, new RegExp(`proxy http://127\\.0\\.0\\.1:${p.port} refused the tunnel to 127\\.0\\.0\\.1:${sim.pushTlsPort}: HTTP 407`));
    assert.match(failed.error.message, /did not accept the user name and password/);
    const all = lines.join('') + failed.error.message;
    for (const s of ['Wrong-pw-6', Buffer.from('pushproxy:Wrong-pw-6').toString('base64')]) assert.ok(!all.includes(s), `${s} leaked`);
    await client.deleteMonitor(id);
  } finally {
    await client.close();
  }
});
