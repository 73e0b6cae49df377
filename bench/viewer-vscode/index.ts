// Issue 7, measure 6, the extension-host half: runs inside the REAL extension host (code-server)
// as an extensionTestsPath entry. Creates a DataPoint/DeviceCore monitor (batch size 100) on the
// Local simulator, starts its session, opens the event viewer on it, then publishes
// RATE events/s for SECONDS s, paced on the monitor's own `published` counter. Every line it
// prints starts with "[viewer-bench] " followed by JSON; bench/viewerVscode.mjs (the runner,
// which also watches the webview through Playwright) parses them. Not a test: no assertion on
// timings; run() only rejects when the set-up itself fails.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { spawn, type ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { ScriptedPrompter } from '../../test/vscode/suite/helpers';
import { SIMULATOR_ACCOUNT_ID } from '../../src/extension/accounts/accountModel';
import { COMMANDS, EXTENSION_ID } from '../../src/extension/commandIds';
import type { DigiPushMonitorTestApi } from '../../src/extension/testApi';

const env = (k: string, d: number) => {
  const v = Number(process.env[k]);
  return Number.isFinite(v) && v > 0 ? v : d;
};

function emit(kind: string, o: Record<string, unknown>): void {
  console.log(`[viewer-bench] ${JSON.stringify({ kind, t: Date.now(), ...o })}`);
}

// A full GC for the retained-heap figures (the extension host does not run with --expose-gc).
let gcFn: (() => void) | undefined;
function fullGc(): boolean {
  try {
    if (!gcFn) {
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc') as () => void;
    }
    gcFn();
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export async function run(): Promise<void> {
  // The runner passes its parameters through a file next to this bundle (the extension host's
  // environment is code-server's, not the runner's).
  let cfg: { rate?: number; seconds?: number; tickMs?: number; commandEveryMs?: number; viewer?: boolean; external?: string; receiveInWorker?: boolean } = {};
  try {
    cfg = JSON.parse(fs.readFileSync(path.join(__dirname, 'config.json'), 'utf8'));
  } catch { /* defaults */ }
  const RATE = cfg.rate ?? env('VIEWER_BENCH_RATE', 10_000);
  const SECONDS = cfg.seconds ?? env('VIEWER_BENCH_SECONDS', 60);
  const TICK_MS = cfg.tickMs ?? 10;
  const COMMAND_EVERY_MS = cfg.commandEveryMs ?? 5000;

  const ext = vscode.extensions.getExtension<DigiPushMonitorTestApi | undefined>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} not loaded`);
  const t = await ext.activate();
  if (!t) throw new Error('no test API (not in ExtensionMode.Test?)');
  // --in-host: the session receives in the extension host (session.receiveInWorker off), for comparison.
  await vscode.workspace.getConfiguration('digiPushMonitor').update('session.receiveInWorker', cfg.receiveInWorker !== false, vscode.ConfigurationTarget.Global);
  const hub = t.viewerHub();
  if (!hub) throw new Error('the test API has no viewer hub');

  // external: the simulator runs as its own process (dist/simulator.js, path in cfg.external),
  // reached through a custom-URL account, so the extension host holds only the client and the
  // viewer. Default: the built-in Local simulator, in the extension host.
  let sim: { generate(n: number): Promise<number> | number; published(): Promise<number> | number; stats(): Promise<Record<string, number>> | Record<string, number> };
  let child: ChildProcess | undefined;
  let accountId = SIMULATOR_ACCOUNT_ID;
  let topics = ['DataPoint', 'DeviceCore'];
  if (cfg.external) {
    child = spawn(process.execPath, [cfg.external, '--no-tls'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const first = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child!.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        const nl = buf.indexOf('\n');
        if (nl >= 0) resolve(buf.slice(0, nl));
      });
      child!.once('exit', (c) => reject(new Error(`simulator exited ${c}`)));
    });
    child.stdout!.resume();
    const ep = JSON.parse(first) as { rest: string; push: number; token: string };
    const p = new ScriptedPrompter().pick(/Custom URL/).type(ep.rest).type(`127.0.0.1:${ep.push}`).pick(/^API key$/).type('demo-key-id').type('demo-key-secret');
    t.setPrompter(p.asPrompter);
    const account = (await vscode.commands.executeCommand('digiPushMonitor.account.signIn')) as { id: string } | undefined;
    t.setPrompter(undefined);
    if (!account) throw new Error(`custom-URL sign-in failed: ${JSON.stringify(p.unexpected)}`);
    accountId = account.id;
    // Every type the generator makes, so published = generated.
    topics = ['DataPoint', 'DeviceCore', 'FileData', 'AlarmStatus'];
    let generated = 0;
    const control = { authorization: `Bearer ${ep.token}` };
    const post = async (body: unknown) => (await fetch(`${ep.rest}/_sim/publish`, { method: 'POST', headers: { ...control, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<{ published: number }>;
    let monitorIdRef = 0;
    sim = {
      // At most CONTROL_LIMITS.generate (100,000) per request.
      generate: async (n) => { for (let left = n; left > 0; left -= 100_000) generated += (await post({ generate: Math.min(left, 100_000) })).published; return generated; },
      published: () => generated,
      stats: async () => (await fetch(`${ep.rest}/_sim/stats?monitorId=${monitorIdRef}`, { headers: control })).json() as Promise<Record<string, number>>,
    };
    (sim as unknown as { setMonitor(id: number): void }).setMonitor = (id: number) => { monitorIdRef = id; };
  } else {
    await t.services.simulator.ensure();
    const local = t.simulator();
    if (!local) throw new Error('no Local simulator');
    // The background generator (setting simulatorEventsPerSecond) off: the flood is the only source.
    local.setRate(0);
    let monitorIdRef = 0;
    sim = {
      generate: (n) => local.generate(n).length,
      published: () => local.stats(monitorIdRef).published,
      stats: () => local.stats(monitorIdRef) as unknown as Record<string, number>,
    };
    (sim as unknown as { setMonitor(id: number): void }).setMonitor = (id: number) => { monitorIdRef = id; };
  }

  const created = (await vscode.commands.executeCommand(COMMANDS.createMonitor, {
    accountId,
    topics,
    batchSize: 100,
    batchDuration: 0,
    start: true,
  })) as { monitorId: number } | undefined;
  if (!created) throw new Error(`monitor not created (${JSON.stringify(t.services.reported.at(-1))})`);
  const monitorId = created.monitorId;
  (sim as unknown as { setMonitor(id: number): void }).setMonitor(monitorId);
  const sessionId = `${accountId}/${monitorId}`;
  await waitFor('the session to be live', () => t.services.manager.get(sessionId)?.state.kind === 'live');
  const source = t.services.manager.get(sessionId);
  // viewer:false = baseline: same flood, no panel (the hub still buffers, as it always does).
  if (cfg.viewer !== false) await vscode.commands.executeCommand('digiPushMonitor.viewer.open', source);
  const store = hub.store(sessionId);
  emit('ready', { viewer: cfg.viewer !== false, external: !!cfg.external, topics, monitorId, sessionId, capacity: store.capacity, rate: RATE, seconds: SECONDS });

  // Let the runner find the webview and start polling it, and the heap settle.
  await sleep(3000);
  fullGc();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  const pub0 = await sim.published();
  const recv0 = store.received;
  emit('start', { rss: rss0, heapUsed: process.memoryUsage().heapUsed, published: pub0, received: recv0 });

  const t0 = Date.now();
  let lastSample = t0;
  let lastCommand = t0;
  let lastMark = 0;
  let maxRss = rss0;
  let maxLagMs = 0;
  let lagSum = 0;
  let ticks = 0;
  let expectedAt = t0;
  const commands: { at: number; ms: number; ok: boolean; error?: string }[] = [];
  const pending: Promise<unknown>[] = [];
  for (;;) {
    const now = Date.now();
    const lag = Math.max(0, now - expectedAt);
    maxLagMs = Math.max(maxLagMs, lag);
    lagSum += lag;
    ticks++;
    const elapsed = now - t0;
    if (elapsed >= SECONDS * 1000) break;
    const target = Math.floor((elapsed / 1000) * RATE);
    // generate() spreads over the fleet's types; both topics are subscribed, so nearly every
    // generated event matches; loop until this monitor's count reaches the target.
    for (let guard = 0; guard < 5; guard++) {
      const deficit = target - ((await sim.published()) - pub0);
      if (deficit <= 0) break;
      await sim.generate(deficit);
    }
    const p = (await sim.published()) - pub0;
    // Publication marks for the runner's latency check: (time, events published so far).
    if (now - lastMark >= 100) {
      lastMark = now;
      emit('mark', { published: p, received: store.received - recv0 });
    }
    if (now - lastSample >= 1000) {
      lastSample = now;
      const m = process.memoryUsage();
      maxRss = Math.max(maxRss, m.rss);
      emit('sample', { s: Math.round(elapsed / 1000), rss: m.rss, heapUsed: m.heapUsed, published: p, received: store.received - recv0, inBuffer: store.length, evicted: store.evicted });
    }
    if (now - lastCommand >= COMMAND_EVERY_MS) {
      lastCommand = now;
      const c0 = Date.now();
      // A contributed command of ours (rebuilds the tree), not awaited here so the flood goes on.
      pending.push(
        Promise.resolve(vscode.commands.executeCommand(COMMANDS.refresh)).then(
          () => { const ms = Date.now() - c0; commands.push({ at: c0 - t0, ms, ok: true }); emit('command', { ms, ok: true }); },
          (e: unknown) => { const ms = Date.now() - c0; commands.push({ at: c0 - t0, ms, ok: false, error: String(e) }); emit('command', { ms, ok: false, error: String(e) }); },
        ),
      );
    }
    expectedAt += TICK_MS;
    const wait = expectedAt - Date.now();
    await sleep(wait > 0 ? wait : 0);
    if (wait <= 0) expectedAt = Date.now();
  }
  const floodMs = Date.now() - t0;
  const pubTotal = (await sim.published()) - pub0;
  emit('flood-end', { floodMs, published: pubTotal, received: store.received - recv0 });
  await Promise.all(pending);

  // Drain: wait until everything published reached the viewer's buffer (or 15 s).
  const drain0 = Date.now();
  while (store.received - recv0 < pubTotal && Date.now() - drain0 < 15_000) await sleep(50);
  const drainMs = Date.now() - drain0;
  const m = process.memoryUsage();
  maxRss = Math.max(maxRss, m.rss);
  const gcOk = fullGc();
  await sleep(1500);
  const rssAfterIdle = process.memoryUsage().rss;
  const heapAfterGc = process.memoryUsage().heapUsed;
  const st = await sim.stats();
  emit('end', {
    floodMs,
    drainMs,
    published: pubTotal,
    publishedTotal: st.published,
    sent: st.sent,
    acked: st.acked,
    simDropped: st.dropped,
    received: store.received - recv0,
    receivedTotal: store.received,
    inBuffer: store.length,
    evicted: store.evicted,
    capacity: store.capacity,
    rss0,
    rssEnd: m.rss,
    rssMax: maxRss,
    rssAfterIdle,
    heapUsedEnd: m.heapUsed,
    heap0,
    heapAfterGc,
    gcOk,
    maxTimerLagMs: maxLagMs,
    meanTimerLagMs: lagSum / ticks,
    commands,
  });
  // Leave the runner time to take its last webview readings.
  await sleep(2000);
  await vscode.commands.executeCommand(COMMANDS.stopSession, { accountId, monitorId }).then(undefined, () => undefined);
  child?.kill();
  emit('done', {});
}
