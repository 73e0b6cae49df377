// push-client behind an HTTP proxy (issue 12 §5): HTTP_PROXY / HTTPS_PROXY / NO_PROXY and
// --proxy / --noproxy, against the simulator and a real proxy server on loopback (the
// `proxy` package). REST and the push socket both tunnel through it; a proxy refusing
// CONNECT is exit 4 with a message naming the proxy and never its password; a bad proxy URL
// is a usage error that does not quote it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimulatorHandle } from '../../src/simulator';
import { assertCliBuilt, runCli } from '../helpers/cliProcess';
import { DEMO_ACCOUNT, startSim } from '../helpers/simClient';
import { testProxies, type TestProxy, type TestProxyOptions } from '../helpers/proxyServer';

let sim: SimulatorHandle;
const proxies = testProxies();
const creds = { DRM_USERNAME: DEMO_ACCOUNT.username, DRM_PASSWORD: DEMO_ACCOUNT.password };

before(async () => {
  assertCliBuilt();
  sim = await startSim();
});
after(async () => {
  await proxies.closeAll();
  await sim.close();
});

const proxy = (o?: TestProxyOptions): Promise<TestProxy> => proxies.start(o);

const restPort = () => Number(new URL(sim.restUrl).port);
/** Plain http REST and plain TCP push to the simulator (so HTTP_PROXY is the one that applies). */
const args = (extra: string[] = []) => ['--insecure', '-a', `127.0.0.1:${restPort()}`, '--push-port', String(sim.pushPort), '-t', 'DataPoint', '-b', '1', '-d', '0', '-o', 'ndjson', '-n', '3', ...extra];

/** Runs the CLI and keeps the simulator generating until it exits. */
async function streamed(cliArgs: string[], env: Record<string, string>) {
  const run = runCli(cliArgs, { ...creds, ...env });
  let done = false;
  void run.exit.then(() => (done = true));
  const pump = (async () => {
    while (!done) {
      if (/live, waiting for events/.test(run.stderr())) sim.generate(20);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const code = await run.exit;
  await pump;
  return { code, out: run.stdout(), err: run.stderr() };
}

test('HTTP_PROXY: REST and the push socket both CONNECT through the proxy; events arrive', async () => {
  const p = await proxy();
  const r = await streamed(args(), { HTTP_PROXY: p.url });
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.trim().split('\n').length, 3, r.out);
  assert.ok(p.connects().includes(`127.0.0.1:${restPort()}`), `REST tunnelled: ${p.connects().join(', ')}`);
  assert.ok(p.connects().includes(`127.0.0.1:${sim.pushPort}`), `push tunnelled: ${p.connects().join(', ')}`);
});

test('--proxy with credentials works; NO_PROXY / --noproxy bypass it', async () => {
  const p = await proxy({ credentials: { username: 'cliuser', password: 'Cli-proxy-pw1' } });
  const base = new URL(p.url);
  const ok = await streamed(args(['--proxy', `http://cliuser:Cli-proxy-pw1@${base.host}`]), {});
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.err, /a proxy password given with --proxy stays in shell history/);
  assert.ok(!ok.err.includes('Cli-proxy-pw1'), ok.err);
  const seen = p.seen.length;
  const direct = await streamed(args(), { HTTP_PROXY: p.url, NO_PROXY: '127.0.0.1' });
  assert.equal(direct.code, 0, direct.err);
  const flag = await streamed(args(['--noproxy', '127.0.0.1']), { HTTP_PROXY: p.url });
  assert.equal(flag.code, 0, flag.err);
  assert.equal(p.seen.length, seen, 'nothing went through the proxy');
});

test('a proxy that refuses CONNECT: exit 4, the proxy named, its password nowhere', async () => {
  const p = await proxy({ credentials: { username: 'cliuser', password: 'Right-pw-2' } });
  const base = new URL(p.url);
  const run = runCli(args(), { ...creds, HTTP_PROXY: `http://cliuser:Wrong-pw-3@${base.host}` });
  const code = await run.exit;
  assert.equal(code, 4, run.stderr());
  assert.match(run.stderr(), new RegExp(`proxy http://127\\.0\\.0\\.1:${p.port} refused the tunnel to 127\\.0\\.0\\.1:${restPort()}: HTTP 407`));
  assert.ok(!run.stderr().includes('Wrong-pw-3') && !run.stdout().includes('Wrong-pw-3'), run.stderr());
});

test('a proxy URL that is not http(s): usage error naming the variable, not quoting the URL', async () => {
  const run = runCli(args(), { ...creds, HTTP_PROXY: 'socks5://u:Sock-pw-4@127.0.0.1:1080' });
  assert.equal(await run.exit, 2, run.stderr());
  assert.match(run.stderr(), /HTTP_PROXY: proxy URL scheme must be http: or https:/);
  assert.ok(!run.stderr().includes('Sock-pw-4'));
});

test('--simulator ignores proxy variables (it runs in-process on loopback)', async () => {
  const p = await proxy();
  const run = runCli(['--simulator', '--simulator-rate', '50', '-o', 'ndjson', '-n', '2'], { HTTPS_PROXY: p.url, HTTP_PROXY: p.url });
  assert.equal(await run.exit, 0, run.stderr());
  assert.deepEqual(p.seen, []);
});
