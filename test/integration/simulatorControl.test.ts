// The /_sim/ control API guards (issue 11 §5): a per-run token, a loopback Host (DNS
// rebinding), no browser requests (CSRF), application/json bodies, capped counts and body
// size, and no non-loopback listen address without an explicit opt-in.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { runSimulatorCli, type CliIo } from '../../src/cli/simulatorMain';
import { isLoopbackHost, startSimulator, type SimulatorHandle } from '../../src/simulator';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: Record<string, unknown>;
}

/** A raw HTTP request (fetch cannot set Host, and sends no Origin of our choosing). */
function raw(sim: SimulatorHandle, method: string, path: string, o: { headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const port = Number(new URL(sim.restUrl).port);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: o.headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          json = { unparsed: text };
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
      });
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

const bearer = (sim: SimulatorHandle) => ({ authorization: `Bearer ${sim.controlToken}` });
const jsonType = { 'content-type': 'application/json' };

/** An authorised JSON call. */
function call(sim: SimulatorHandle, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return raw(sim, method, path, {
    headers: { ...bearer(sim), ...(body === undefined ? {} : jsonType), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('simulator control API guards', { timeout: 30_000 }, () => {
  let sim: SimulatorHandle;
  before(async () => {
    sim = await startSimulator({ seed: 3 });
  });
  after(() => sim.close());

  const lastSeq = () => sim.stats().lastSequence;

  test('a random per-run token, known to the in-process handle', async () => {
    assert.equal(typeof sim.controlToken, 'string');
    assert.ok(sim.controlToken.length >= 32, 'at least 32 characters');
    const other = await startSimulator();
    try {
      assert.notEqual(other.controlToken, sim.controlToken);
    } finally {
      await other.close();
    }
    assert.equal((await call(sim, 'GET', '/_sim/stats')).status, 200);
  });

  test('no token: 401 naming the token, nothing done', async () => {
    const before = lastSeq();
    const r = await raw(sim, 'POST', '/_sim/publish', { headers: jsonType, body: '{"generate":5}' });
    assert.equal(r.status, 401);
    assert.match(String(r.json.error), /token/);
    assert.match(String(r.headers['www-authenticate']), /^Bearer/);
    assert.equal(lastSeq(), before);
    assert.equal((await raw(sim, 'GET', '/_sim/stats')).status, 401, 'reads need it too');
    assert.equal((await raw(sim, 'GET', '/_sim/nothing')).status, 401, 'routes are not revealed without it');
  });

  test('a wrong token (same length, other scheme, prefix) is refused with 401', async () => {
    const before = lastSeq();
    const t = sim.controlToken;
    const wrong = [`Bearer ${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`, `Bearer ${t.slice(0, 10)}`, `Bearer ${t}x`, `Basic ${t}`, t, 'Bearer '];
    for (const authorization of wrong) {
      const r = await raw(sim, 'POST', '/_sim/publish', { headers: { ...jsonType, authorization }, body: '{"generate":5}' });
      assert.equal(r.status, 401, authorization);
      assert.match(String(r.json.error), /token/);
    }
    assert.equal(lastSeq(), before);
  });

  test('Host must be loopback with the simulator port (DNS rebinding): 403', async () => {
    const port = Number(new URL(sim.restUrl).port);
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', `192.168.1.10:${port}`, `localhost:${port}x`]) {
      const r = await call(sim, 'POST', '/_sim/publish', { generate: 1 }, { host });
      assert.equal(r.status, 403, host);
      assert.match(String(r.json.error), /Host/, host);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `127.9.8.7:${port}`, `[::1]:${port}`]) {
      assert.equal((await call(sim, 'GET', '/_sim/stats', undefined, { host })).status, 200, host);
    }
  });

  test('browser requests (Origin, Sec-Fetch-Site) are refused: 403 (CSRF)', async () => {
    const before = lastSeq();
    const browsers: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, { origin: sim.restUrl }, { 'sec-fetch-site': 'cross-site' }];
    for (const h of browsers) {
      const r = await call(sim, 'POST', '/_sim/publish', { generate: 1 }, h);
      assert.equal(r.status, 403, JSON.stringify(h));
      assert.match(String(r.json.error), /Origin|browser/, JSON.stringify(h));
    }
    assert.equal(lastSeq(), before);
  });

  test('bodies must be application/json: 415 otherwise (text/plain is a CSRF-able simple request)', async () => {
    const before = lastSeq();
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', undefined]) {
      const headers: Record<string, string> = { ...bearer(sim) };
      if (type !== undefined) headers['content-type'] = type;
      const r = await raw(sim, 'POST', '/_sim/publish', { headers, body: '{"generate":5}' });
      assert.equal(r.status, 415, String(type));
      assert.match(String(r.json.error), /application\/json/);
    }
    const r = await raw(sim, 'POST', '/_sim/faults', { headers: bearer(sim), body: '' });
    assert.equal(r.status, 415, 'every POST, even with an empty body');
    assert.equal(lastSeq(), before);
    const ok = await call(sim, 'POST', '/_sim/publish', { generate: 2 }, { 'content-type': 'application/json; charset=utf-8' });
    assert.equal(ok.status, 200);
    assert.equal(ok.json.published, 2);
    assert.equal((await call(sim, 'DELETE', '/_sim/faults')).status, 200, 'a DELETE without a body needs no Content-Type');
  });

  test('generate and events are capped: 400 naming the field and the limit, nothing allocated', async () => {
    const before = lastSeq();
    for (const n of [100_001, 1e9, 2 ** 53]) {
      const r = await call(sim, 'POST', '/_sim/publish', { generate: n });
      assert.equal(r.status, 400, String(n));
      assert.match(String(r.json.error), /generate.*100000/);
    }
    const many = Array.from({ length: 10_001 }, () => ({ type: 'A' }));
    const r = await call(sim, 'POST', '/_sim/publish', { events: many });
    assert.equal(r.status, 400);
    assert.match(String(r.json.error), /events.*10000/);
    assert.equal(lastSeq(), before);
    assert.equal((await call(sim, 'POST', '/_sim/publish', { generate: 100_000 })).json.published, 100_000, 'the limit itself is fine');
  });

  test('burst count and batchSize are capped: 400 naming the field and the limit', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ monitorId: 1, count: 10_000_001 }, /count.*10000000/],
      [{ monitorId: 1, count: 1e15 }, /count.*10000000/],
      [{ monitorId: 1, count: 0 }, /count/],
      [{ monitorId: 1, count: 10, batchSize: 65_536 }, /batchSize.*65535/],
      [{ monitorId: 1, count: 10, batchSize: 0 }, /batchSize/],
      [{ monitorId: 2 ** 40, count: 10 }, /monitorId/],
    ];
    for (const [body, re] of cases) {
      const r = await call(sim, 'POST', '/_sim/burst', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(String(r.json.error), re, JSON.stringify(body));
    }
  });

  test('fault durations and counts are capped: 400 naming the fault and the limit, nothing armed', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ restDelayMs: 3_600_001 }, /restDelayMs.*3600000/],
      [{ refuseConnections: 1e12 }, /refuseConnections.*3600000/],
      [{ stallHandshake: 3_600_001 }, /stallHandshake.*3600000/],
      [{ delayConnectResponse: 2 ** 31 }, /delayConnectResponse.*3600000/],
      [{ restStatus: { status: 503, count: 1_000_001 } }, /restStatus\.count.*1000000/],
      [{ restStatus: { status: 503, retryAfter: 86_401 } }, /restStatus\.retryAfter.*86400/],
      [{ dropEvery: 1_000_001 }, /dropEvery.*1000000/],
      [{ disconnectAfterBlocks: 1e9 }, /disconnectAfterBlocks.*1000000/],
      [{ monitorId: 2 ** 40 }, /monitorId/],
    ];
    for (const [body, re] of cases) {
      const r = await call(sim, 'POST', '/_sim/faults', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(String(r.json.error), re, JSON.stringify(body));
    }
    assert.deepEqual(sim.faults.armed(), {});
    const ok = await call(sim, 'POST', '/_sim/faults', { restDelayMs: 3_600_000, dropEvery: 1_000_000 });
    assert.equal(ok.status, 200);
    assert.equal((await call(sim, 'DELETE', '/_sim/faults')).status, 200);
  });

  test('the body size is capped: 413 JSON, before parsing', async () => {
    const big = `{"events":[${'{"type":"A"},'.repeat(90_000)}{"type":"A"}]}`;
    assert.ok(big.length > 1024 * 1024);
    const tooBig = await raw(sim, 'POST', '/_sim/publish', { headers: { ...bearer(sim), ...jsonType }, body: big });
    assert.equal(tooBig.status, 413);
    assert.match(String(tooBig.json.error), /1048576/);
  });

  test('a refused request is answered before its body is read', async () => {
    const port = Number(new URL(sim.restUrl).port);
    // Announces 1 GiB and sends none of it: the 401 must come anyway.
    const r = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/_sim/publish', headers: { ...jsonType, 'content-length': String(2 ** 30) }, agent: false }, (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        req.destroy();
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    assert.equal(r, 401);
  });
});

describe('simulator listen address', { timeout: 30_000 }, () => {
  test('isLoopbackHost', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LocalHost', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) assert.equal(isLoopbackHost(h), true, h);
    for (const h of ['0.0.0.0', '::', '', '192.168.1.10', '10.0.0.1', 'example.com', 'localhost.example.com', '128.0.0.1', '::ffff:10.0.0.1']) assert.equal(isLoopbackHost(h), false, h);
  });

  test('a non-loopback listen address needs allowRemote', async () => {
    await assert.rejects(startSimulator({ host: '0.0.0.0' }), /0\.0\.0\.0.*allowRemote/);
    const sim = await startSimulator({ host: '0.0.0.0', allowRemote: true, tls: false });
    try {
      const port = sim.restPort;
      // Reachable by IP literal from elsewhere; names (the DNS-rebinding vector) still refused.
      assert.equal((await call(sim, 'GET', '/_sim/stats', undefined, { host: `192.168.1.10:${port}` })).status, 200);
      assert.equal((await call(sim, 'GET', '/_sim/stats', undefined, { host: `evil.example:${port}` })).status, 403);
      assert.equal((await raw(sim, 'GET', '/_sim/stats')).status, 401, 'the token is still required');
    } finally {
      await sim.close();
    }
  });
});

describe('push-simulator CLI: token and --allow-remote', { timeout: 30_000 }, () => {
  function io(): { io: CliIo; out: () => string; err: () => string; stop: () => void; firstLine: Promise<string> } {
    let out = '';
    let err = '';
    let stop: (why: string) => void = () => {};
    let line: (l: string) => void = () => {};
    const firstLine = new Promise<string>((resolve) => (line = resolve));
    return {
      io: {
        stdout: (t) => {
          out += t;
          if (out.includes('\n')) line(out.slice(0, out.indexOf('\n')));
        },
        stderr: (t) => void (err += t),
        env: {},
        onShutdown: (h) => void (stop = h),
      },
      out: () => out,
      err: () => err,
      stop: () => stop('test'),
      firstLine,
    };
  }

  test('refuses a non-loopback --host without --allow-remote', async () => {
    const t = io();
    const code = await runSimulatorCli(['--host', '0.0.0.0', '--no-tls'], t.io);
    assert.notEqual(code, 0);
    assert.equal(t.out(), '', 'no ready line');
    assert.match(t.err(), /0\.0\.0\.0.*--allow-remote/s);
  });

  test('--allow-remote on a non-loopback address warns and names the demo account', async () => {
    const t = io();
    const done = runSimulatorCli(['--host', '0.0.0.0', '--allow-remote', '--no-tls'], t.io);
    const info = JSON.parse(await t.firstLine) as { token: string };
    assert.match(t.err(), /WARNING/);
    assert.match(t.err(), /"demo"/);
    assert.match(t.err(), /demo-key-id/);
    assert.ok(!t.err().includes(info.token), 'the token is only in the ready line');
    t.stop();
    assert.equal(await done, 0);
  });

  test('the ready line carries the token; it works and is never logged', async () => {
    const t = io();
    const done = runSimulatorCli(['--no-tls', '--verbose'], t.io);
    const info = JSON.parse(await t.firstLine) as { rest: string; token: string };
    assert.match(info.token, /^[A-Za-z0-9_-]{32,}$/);
    const r = await fetch(`${info.rest}/_sim/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ generate: 3 }),
    });
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as { published: number }).published, 3);
    assert.equal((await fetch(`${info.rest}/_sim/stats`)).status, 401);
    assert.doesNotMatch(t.err(), /WARNING/, 'no warning on loopback');
    t.stop();
    assert.equal(await done, 0);
    assert.ok(!t.err().includes(info.token), 'the token never reaches the log');
  });
});
