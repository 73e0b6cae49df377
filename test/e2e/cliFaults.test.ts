// push-client (the built dist/cli.js, spawned) against every fault of issue 8: each one
// either recovers as documented (retry with backoff, a warning line, the stream goes on,
// --count reached → exit 0) or stops with exactly one "push-client: …" error line and the
// documented exit status (src/cli/pushClient/exitCodes.ts). Never a stack trace, never
// "internal error". Also: gap markers in ndjson output while the simulator drops the
// connection (--auto-replay --explicit-ack), with every event still delivered.
//
// Each case gets its own simulator (faults are global to one simulator); cases run a few at
// a time so the REST-timeout case (the CLI's fixed 30 s REST timeout) overlaps the rest.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { once } from 'node:events';
import { DEMO_PASSWORD, DEMO_USERNAME, sequenceOfData, startSimulator, type FaultSettings, type SimulatorHandle } from '../../src/simulator';
import { ExitCode } from '../../src/cli/pushClient/exitCodes';
import { waitFor } from '../helpers/scriptedPushServer';
import { assertCliBuilt, runCli as spawnCli, type CliRun } from '../helpers/cliProcess';
import { emptyList, startFakeRest } from '../helpers/fakeRestServer';
import { makeCa, makeLeaf, type TestCa, type TestLeaf } from '../helpers/tlsCerts';

const TOPICS = 'DeviceCore,DataPoint,FileData,AlarmStatus';

before(assertCliBuilt);

type Run = CliRun;

/** The demo account comes from the environment, as a user would set it. */
function runCli(args: string[], env: Record<string, string> = {}, killAfterMs = 45_000): Run {
  return spawnCli(args, { DRM_USERNAME: DEMO_USERNAME, DRM_PASSWORD: DEMO_PASSWORD, ...env }, killAfterMs);
}

/** No stack trace, no internal error, whatever happened. */
function assertClean(r: Run): void {
  const all = r.stdout() + r.stderr();
  assert.doesNotMatch(all, /^\s+at .+:\d+:\d+\)?$/m, `stack trace in output:\n${r.stderr()}`);
  assert.doesNotMatch(all, /internal error|Unhandled|UnhandledPromiseRejection|TypeError|ReferenceError/, r.stderr());
}

/** Exactly one "push-client: …" line matching `re`; returns it. */
function oneErrorLine(r: Run, re: RegExp): string {
  const lines = r.stderr().split('\n').filter((l) => l.startsWith('push-client:'));
  assert.equal(lines.length, 1, `one error line expected:\n${r.stderr()}`);
  assert.match(lines[0], re);
  return lines[0];
}

const simArgs = (sim: SimulatorHandle, extra: string[] = []) => ['-a', `127.0.0.1:${sim.restPort}`, '--insecure', '--push-port', String(sim.pushPort), '-t', TOPICS, '-b', '10', '-d', '0', ...extra];

const sessionsOf = (sim: SimulatorHandle) => {
  let n = 0;
  sim.on('session', () => (n += 1));
  return () => n;
};

/** Recovery: the fault fires, the CLI warns, reconnects (if it dropped) and exits 0 at --count. */
async function recovers(fault: FaultSettings, warn: RegExp, o: { drops: boolean; compression?: string }): Promise<void> {
  const sim = await startSimulator({ seed: 11 });
  try {
    const sessions = sessionsOf(sim);
    sim.faults.set(fault);
    const r = runCli(simArgs(sim, ['-o', 'ndjson', '-c', o.compression ?? 'zlib', '--count', '40']));
    await waitFor(() => sessions() >= 1 || r.child.exitCode !== null, 'the CLI connected', 20_000);
    sim.generate(30);
    if (o.drops) await waitFor(() => sessions() >= 2 || r.child.exitCode !== null, 'the CLI reconnected', 20_000);
    await waitFor(() => warn.test(r.stderr()) || r.child.exitCode !== null, `a warning ${warn}`, 20_000);
    sim.generate(60);
    assert.equal(await r.exit, ExitCode.OK, r.stderr());
    assertClean(r);
    assert.match(r.stderr(), warn);
    assert.equal(r.stdout().trim().split('\n').filter((l) => !l.includes('"kind":"gap"')).length, 40, 'exactly --count events printed');
    assert.deepEqual(sim.monitors(), [], 'monitor deleted on exit');
  } finally {
    await sim.close();
  }
}

/** Failure: one error line, the documented exit status, monitor cleaned up when one was made. */
async function fails(fault: FaultSettings, status: number, line: RegExp, o: { env?: Record<string, string>; killAfterMs?: number } = {}): Promise<Run> {
  const sim = await startSimulator({ seed: 12 });
  try {
    sim.faults.set(fault);
    const r = runCli(simArgs(sim), o.env, o.killAfterMs);
    assert.equal(await r.exit, status, r.stderr());
    assertClean(r);
    oneErrorLine(r, line);
    assert.deepEqual(sim.monitors(), [], 'no monitor left behind');
    return r;
  } finally {
    await sim.close();
  }
}

let certDir: string;
let caA: TestCa;
let caB: TestCa;
const leaves: Record<string, TestLeaf> = {};
const closers: (() => Promise<void>)[] = [];

before(async () => {
  certDir = mkdtempSync(path.join(tmpdir(), 'cli-faults-'));
  caA = await makeCa('Test CA A');
  caB = await makeCa('Test CA B (another CA)');
  leaves.good = await makeLeaf(caA, ['ip:127.0.0.1', 'dns:localhost']);
  leaves.otherCa = await makeLeaf(caB, ['ip:127.0.0.1', 'dns:localhost']);
  leaves.wrongName = await makeLeaf(caA, ['dns:wrong.example']);
  writeFileSync(path.join(certDir, 'ca-a.pem'), caA.certPem);
});

after(async () => {
  for (const c of closers) await c();
  rmSync(certDir, { recursive: true, force: true });
});

/** An https /ws/Monitor stand-in (find → none, create → 42, delete → ok) with `leaf`. */
async function httpsRest(leaf: TestLeaf): Promise<number> {
  const server = https.createServer({ key: leaf.keyPem, cert: leaf.certPem }, (req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(emptyList);
      } else if (req.method === 'POST') {
        res.writeHead(201, { location: 'Monitor/42' });
        res.end('<result><location>Monitor/42</location></result>');
      } else {
        res.writeHead(200);
        res.end('<result/>');
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });
  return (server.address() as AddressInfo).port;
}

/** A TLS push listener presenting `leaf`; the handshake is where these cases end. */
async function tlsPush(leaf: TestLeaf): Promise<number> {
  const server = tls.createServer({ key: leaf.keyPem, cert: leaf.certPem }, (s) => s.destroy());
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(async () => {
    server.close();
    await once(server, 'close');
  });
  return (server.address() as AddressInfo).port;
}

describe('push-client under faults', { concurrency: 4 }, () => {
  test('REST timeout: exit 4 after the 30 s REST timeout, naming the limit', { timeout: 50_000 }, async () => {
    await fails({ restDelayMs: 40_000 }, ExitCode.CONNECTION, /timed out after 30000 ms/, { killAfterMs: 48_000 });
  });

  test('mid-frame close: warns, reconnects with backoff, the stream goes on', async () => {
    await recovers({ closeMidFrame: true }, /connection lost \(.*(closed inside a frame|closed the connection).*\); retrying in \d/, { drops: true });
  });

  test('one byte at a time (drip): events decode, no drop', async () => {
    await recovers({ dripBytes: true }, /live, waiting for events/, { drops: false, compression: 'none' });
  });

  test('corrupt zlib: warns that the block could not be inflated, reconnects', async () => {
    await recovers({ corruptZlib: true }, /connection lost \(block \d+: zlib payload could not be inflated/, { drops: true });
  });

  test('oversized length: warns with the announced size and the limit, reconnects', async () => {
    await recovers({ oversizedLength: true }, /connection lost \(frame of type 3 announces \d+ bytes, above the limit/, { drops: true });
  });

  test('unknown frame type: one warning, skipped, no reconnect', async () => {
    await recovers({ unknownFrameType: true }, /skipped unexpected unknown\(9\) frame/, { drops: false });
  });

  test('connection refused for a while: retries with backoff until the server takes it', async () => {
    // The refusals end when the test has seen the CLI meet one, not on a clock started before the
    // CLI was spawned: on a loaded machine the CLI's start-up alone outlasted a fixed window.
    const warn = /connection lost \(.*(ECONNREFUSED|closed the connection|ECONNRESET|failed).*\); retrying in/;
    const sim = await startSimulator({ seed: 11 });
    try {
      const sessions = sessionsOf(sim);
      sim.faults.set({ refuseConnections: 600_000 });
      const r = runCli(simArgs(sim, ['-o', 'ndjson', '-c', 'zlib', '--count', '40']));
      await waitFor(() => warn.test(r.stderr()) || r.child.exitCode !== null, `a warning ${warn}`, 30_000);
      assert.equal(sessions(), 0, 'no session while connections are refused');
      sim.faults.clear();
      await waitFor(() => sessions() >= 1 || r.child.exitCode !== null, 'the CLI connected once the server took it', 30_000);
      sim.generate(100);
      assert.equal(await r.exit, ExitCode.OK, r.stderr());
      assertClean(r);
      assert.equal(r.stdout().trim().split('\n').filter((l) => !l.includes('"kind":"gap"')).length, 40, 'exactly --count events printed');
      assert.deepEqual(sim.monitors(), [], 'monitor deleted on exit');
    } finally {
      await sim.close();
    }
  });

  test('ConnectResponse 400: exit 6, one line, monitor deleted', async () => {
    await fails({ connectStatus: 400 }, ExitCode.MONITOR, /^push-client: push server rejected monitor \d+: .*\(400\)$/);
  });

  test('ConnectResponse 403: exit 3, one line, monitor deleted', async () => {
    await fails({ connectStatus: 403 }, ExitCode.AUTH, /^push-client: push server rejected monitor \d+: the credentials were refused \(403\)$/);
  });

  test('stalled handshake: the CLI keeps waiting (60 s ConnectResponse timeout) and Ctrl-C still exits 0 at once', async () => {
    const sim = await startSimulator({ seed: 13 });
    try {
      sim.faults.set({ stallHandshake: 120_000 });
      let connects = 0;
      sim.on('connect', () => (connects += 1));
      const r = runCli(simArgs(sim));
      await waitFor(() => connects >= 1 && sim.monitors().length === 1, 'the CLI created its monitor and opened the push socket', 20_000);
      const t0 = Date.now();
      r.child.kill('SIGINT');
      assert.equal(await r.exit, ExitCode.OK, r.stderr());
      assert.ok(Date.now() - t0 < 10_000, 'Ctrl-C during a stalled handshake exits promptly');
      assertClean(r);
      assert.deepEqual(sim.monitors(), []);
    } finally {
      await sim.close();
    }
  });

  test('REST 429 twice (Retry-After 0) is retried and the run goes on', async () => {
    await recovers({ restStatus: { status: 429, count: 2, retryAfter: 0 } }, /HTTP 429 from 127\.0\.0\.1:\d+, retry 1\/5/, { drops: false });
  });

  test('REST 429 that never stops: exit 6 after the retries, naming them', async () => {
    await fails({ restStatus: { status: 429, count: 50, retryAfter: 0 } }, ExitCode.MONITOR, /HTTP 429.*still throttled, gave up after 6 attempts/);
  });

  test('REST 500: exit 6, one line with the status', async () => {
    await fails({ restStatus: { status: 500, count: 1 } }, ExitCode.MONITOR, /failed with HTTP 500/);
  });

  test('REST 401 (wrong password): exit 3, the password never printed', async () => {
    const r = await fails({}, ExitCode.AUTH, /credentials were refused by 127\.0\.0\.1 \(HTTP 401\)/, { env: { DRM_PASSWORD: 'Wr0ng-but-distinctive' } });
    assert.ok(!(r.stdout() + r.stderr()).includes('Wr0ng-but-distinctive'));
  });

  for (const [status, re] of [[403, /HTTP 403.*check the user's permissions/], [404, /failed with HTTP 404/]] as const) {
    test(`REST ${status}: exit 6, one line`, async () => {
      const rest = await startFakeRest((_req, res) => {
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(status === 404 ? 'Not Found' : 'Forbidden');
        return true;
      });
      try {
        const r = runCli(['-a', `127.0.0.1:${rest.port}`, '--insecure', '-t', TOPICS]);
        assert.equal(await r.exit, ExitCode.MONITOR, r.stderr());
        assertClean(r);
        oneErrorLine(r, re);
      } finally {
        await rest.close();
      }
    });
  }

  test('TLS: REST certificate from another CA → exit 4 "certificate signed by unknown authority"', async () => {
    const restPort = await httpsRest(leaves.otherCa);
    const r = runCli(['-a', `127.0.0.1:${restPort}`, '--ca', path.join(certDir, 'ca-a.pem'), '-t', TOPICS]);
    assert.equal(await r.exit, ExitCode.CONNECTION, r.stderr());
    assertClean(r);
    oneErrorLine(r, /TLS connection to 127\.0\.0\.1:\d+ failed: certificate signed by unknown authority/);
  });

  test('TLS: REST certificate for another host name → exit 4 "hostname mismatch"', async () => {
    const restPort = await httpsRest(leaves.wrongName);
    const r = runCli(['-a', `127.0.0.1:${restPort}`, '--ca', path.join(certDir, 'ca-a.pem'), '-t', TOPICS]);
    assert.equal(await r.exit, ExitCode.CONNECTION, r.stderr());
    assertClean(r);
    oneErrorLine(r, /TLS connection to 127\.0\.0\.1:\d+ failed: hostname mismatch/);
  });

  test('TLS is verified by default: without --ca the private CA is refused (exit 4)', async () => {
    const restPort = await httpsRest(leaves.good);
    const r = runCli(['-a', `127.0.0.1:${restPort}`, '-t', TOPICS]);
    assert.equal(await r.exit, ExitCode.CONNECTION, r.stderr());
    assertClean(r);
    oneErrorLine(r, /certificate signed by unknown authority/);
  });

  for (const [name, leaf, re] of [
    ['from another CA', 'otherCa', /TLS verification of 127\.0\.0\.1:\d+ failed: .*(self-signed|unable to|issuer)/i],
    ['for another host name', 'wrongName', /TLS verification of 127\.0\.0\.1:\d+ failed: .*(altnames|does not match)/i],
  ] as const) {
    test(`TLS push certificate ${name} (REST trusted): exit 4, no retry loop, monitor deleted`, async () => {
      const restPort = await httpsRest(leaves.good);
      const pushPort = await tlsPush(leaves[leaf]);
      const r = runCli(['-a', `127.0.0.1:${restPort}`, '--ca', path.join(certDir, 'ca-a.pem'), '--push-port', String(pushPort), '-t', TOPICS]);
      assert.equal(await r.exit, ExitCode.CONNECTION, r.stderr());
      assertClean(r);
      oneErrorLine(r, re);
      assert.doesNotMatch(r.stderr(), /retrying in/, 'a certificate error is not retried');
      assert.match(r.stderr(), /deleted monitor 42/);
    });
  }
});

test('gap markers: --auto-replay --explicit-ack while the simulator drops the connection — ndjson gap lines, every event delivered', async () => {
  const sim = await startSimulator({ seed: 14 });
  try {
    const sessions = sessionsOf(sim);
    const r = runCli(simArgs(sim, ['-o', 'ndjson', '-c', 'zlib', '--auto-replay', '--explicit-ack']));
    await waitFor(() => sessions() >= 1, 'connected', 20_000);
    const id = sim.monitors()[0].id;
    assert.ok(sim.monitors()[0].explicitAck && sim.monitors()[0].autoReplay, 'flags reach the monitor');
    const published: number[] = [];
    const publish = (n: number) => {
      for (const e of sim.generate(n)) published.push(e.seq ?? -1);
    };
    const lines = () => r.stdout().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const seqs = () => new Set(lines().flatMap((l) => (l.kind === 'gap' ? [] : [sequenceOfData(String(l.type), l.data)])));
    const gapLines = () => lines().filter((l) => l.kind === 'gap');
    publish(50);
    await waitFor(() => seqs().size >= 50, 'first events printed', 20_000);
    const drops = 3;
    for (let i = 0; i < drops; i++) {
      publish(20);
      assert.equal(sim.disconnect(id), 1);
      publish(20); // published while away: stored, replayed on reconnect flagged replay
      await waitFor(() => gapLines().length === i + 1 && sessions() === i + 2, `gap ${i + 1}`, 20_000);
    }
    await waitFor(() => published.every((s) => seqs().has(s)), 'every published event printed', 20_000);
    r.child.kill('SIGINT');
    assert.equal(await r.exit, ExitCode.OK, r.stderr());
    assertClean(r);
    const gaps = gapLines();
    assert.equal(gaps.length, drops);
    for (const g of gaps) {
      assert.equal(g.monitorId, id);
      assert.ok(Date.parse(String(g.disconnectedAt)) <= Date.parse(String(g.reconnectedAt)), JSON.stringify(g));
      assert.match(String(g.reason), /127\.0\.0\.1:\d+ (closed the connection|failed: (write |read )?(ECONNRESET|EPIPE))|closed inside a frame/);
    }
    assert.ok(lines().some((l) => l.replay === true), 'events stored while away are flagged replay');
    assert.equal((r.stderr().match(/connection lost/g) ?? []).length, drops, 'one warning per drop');
    assert.deepEqual(sim.monitors(), []);
  } finally {
    await sim.close();
  }
});
