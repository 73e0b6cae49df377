// push-simulator spawned as a process (the built dist/simulator.js): the one JSON line on
// stdout, reachable endpoints, env credentials, --no-tls, and a clean exit 0 on signals.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import tls from 'node:tls';

const BIN = path.resolve(__dirname, '../../dist/simulator.js');

before(() => {
  if (!existsSync(BIN)) throw new Error(`missing ${BIN}: run "npm run build" first (npm test builds it)`);
});

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
  /** Resolves with the first stdout line. */
  firstLine: Promise<string>;
}

function run(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let gotLine: (l: string) => void = () => {};
  const firstLine = new Promise<string>((resolve) => (gotLine = resolve));
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
    const nl = out.indexOf('\n');
    if (nl >= 0) gotLine(out.slice(0, nl));
  });
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000); // bound every run
  void exit.then(() => clearTimeout(timer));
  void exit.then(() => gotLine(out));
  return { child, stdout: () => out, stderr: () => err, exit, firstLine };
}

const auth = (u: string, p: string) => ({ Authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });

test('prints exactly one JSON line with the endpoints, serves them, exits 0 on SIGTERM', { timeout: 30_000 }, async () => {
  const r = run(['--seed', '1', '--rate', '20']);
  const info = JSON.parse(await r.firstLine) as { rest: string; push: number; pushTls: number; ca: string; token: string };
  assert.deepEqual(Object.keys(info), ['rest', 'push', 'pushTls', 'ca', 'token']);
  const stats = await fetch(`${info.rest}/_sim/stats`, { headers: { Authorization: `Bearer ${info.token}` } });
  assert.equal(stats.status, 200, 'the control API takes the ready line\'s token');
  assert.equal((await fetch(`${info.rest}/_sim/stats`)).status, 401);
  assert.match(info.rest, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(info.push > 0 && info.pushTls > 0);
  assert.match(readFileSync(info.ca, 'utf8'), /-----BEGIN CERTIFICATE-----/);

  const list = await fetch(`${info.rest}/ws/Monitor/.json`, { headers: auth('demo', 'demo-password') });
  assert.equal(list.status, 200);
  const s = tls.connect({ host: '127.0.0.1', port: info.pushTls, ca: readFileSync(info.ca, 'utf8') });
  await once(s, 'secureConnect');
  assert.equal(s.authorized, true);
  s.destroy();

  r.child.kill('SIGTERM');
  assert.equal(await r.exit, 0);
  assert.equal(r.stdout().trim().split('\n').length, 1, 'nothing else on stdout');
  assert.match(r.stderr(), /INFO/);
  assert.equal(existsSync(info.ca), false, 'CA file removed at shutdown');
});

test('credentials from DRM_SIM_USERNAME / DRM_SIM_PASSWORD, --no-tls, SIGINT exits 0', { timeout: 30_000 }, async () => {
  const r = run(['--no-tls'], { DRM_SIM_USERNAME: 'alice', DRM_SIM_PASSWORD: 'alice-Secret-9' });
  const info = JSON.parse(await r.firstLine) as { rest: string; pushTls: number | null };
  assert.equal(info.pushTls, null);
  assert.equal((await fetch(`${info.rest}/ws/Monitor`, { headers: auth('alice', 'alice-Secret-9') })).status, 200);
  assert.equal((await fetch(`${info.rest}/ws/Monitor`, { headers: auth('demo', 'demo-password') })).status, 401);
  r.child.kill('SIGINT');
  assert.equal(await r.exit, 0);
  assert.doesNotMatch(r.stderr(), /alice-Secret-9/, 'the password is never logged');
});

test('--help shows the defaults; a bad option exits non-zero', { timeout: 30_000 }, async () => {
  const help = run(['--help']);
  assert.equal(await help.exit, 0);
  for (const s of ['--rest-port', '--push-port', '--push-tls-port', '--no-tls', '--username', 'DRM_SIM_USERNAME', '--password', '--rate', '--devices', '(default: 5)', '--seed', '--verbose', '(default: "127.0.0.1")']) {
    assert.ok(help.stdout().includes(s), `help mentions ${s}`);
  }
  const bad = run(['--push-port', 'abc']);
  assert.notEqual(await bad.exit, 0);
  assert.match(bad.stderr(), /port/);
});
