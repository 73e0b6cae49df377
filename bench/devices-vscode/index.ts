// Issue 13 §4, the Devices view at scale, the extension-host half: runs inside the REAL
// extension host (code-server) as an extensionTestsPath entry. Starts the Local simulator with a
// 10,000-device fleet, makes the Devices view live (Watch Device Connections: a DeviceCore
// monitor, batch 100, duration 0), reveals the view (the runner times the first page's rows in
// the DOM), then flips RATE devices a second (disconnect or connect, each a DeviceCore UPDATE)
// for SECONDS s while two command probes run every PROBE_MS: an extension command
// (digiPushMonitor.view.refresh) and a round trip to the window (setContext). Every line it
// prints starts with "[devices-bench] " and JSON; bench/devicesVscode.mjs parses them. Not a
// test: run() rejects only when the set-up fails.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { SIMULATOR_ACCOUNT_ID } from '../../src/extension/accounts/accountModel';
import { COMMANDS, EXTENSION_ID, VIEWS } from '../../src/extension/commandIds';
import type { DigiPushMonitorTestApi } from '../../src/extension/testApi';
import { waitFor } from '../../test/vscode/suite/helpers';

interface Config {
  devices?: number;
  rate?: number;
  seconds?: number;
  probeMs?: number;
  baselineSeconds?: number;
}

function emit(kind: string, o: Record<string, unknown> = {}): void {
  console.log(`[devices-bench] ${JSON.stringify({ kind, t: Date.now(), ...o })}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every device id and its connected state, as the simulator's REST API lists them (pages of 1000). */
async function readFleet(t: DigiPushMonitorTestApi): Promise<Map<string, boolean>> {
  const ep = t.services.simulator.endpoint;
  if (!ep) throw new Error('the simulator is not running');
  const auth = `Basic ${Buffer.from(`${ep.username}:${ep.password}`).toString('base64')}`;
  const fleet = new Map<string, boolean>();
  for (let start = 0; ; start += 1000) {
    const res = await fetch(`${ep.restUrl}/ws/DeviceCore/.json?start=${start}&size=1000`, { headers: { authorization: auth } });
    const body = (await res.json()) as { resultTotalRows: string; items: { devConnectwareId: string; dpConnectionStatus: string }[] };
    for (const d of body.items) fleet.set(d.devConnectwareId, d.dpConnectionStatus === '1');
    if (body.items.length === 0 || fleet.size >= Number(body.resultTotalRows)) return fleet;
  }
}

type Probe = { name: string; run: () => Thenable<unknown> };

/** Fires every probe every `everyMs` until stop() (not awaited in turn: a slow answer does not delay the next one). */
function startProbes(probes: Probe[], everyMs: number, phase: string) {
  const results: { probe: string; ms: number; ok: boolean }[] = [];
  const pending: Promise<unknown>[] = [];
  const fire = () => {
    for (const p of probes) {
      const c0 = performance.now();
      pending.push(
        Promise.resolve(p.run()).then(
          () => results.push({ probe: p.name, ms: performance.now() - c0, ok: true }),
          () => results.push({ probe: p.name, ms: performance.now() - c0, ok: false }),
        ),
      );
    }
  };
  const timer = setInterval(fire, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      emit('probes', { phase, results });
      return results;
    },
  };
}

export async function run(): Promise<void> {
  let cfg: Config = {};
  try {
    cfg = JSON.parse(fs.readFileSync(path.join(__dirname, 'config.json'), 'utf8')) as Config;
  } catch {
    /* defaults */
  }
  const DEVICES = cfg.devices ?? 10_000;
  const RATE = cfg.rate ?? 1000;
  const SECONDS = cfg.seconds ?? 30;
  const PROBE_MS = cfg.probeMs ?? 250;
  const BASELINE_S = cfg.baselineSeconds ?? 5;
  const TICK_MS = 10;

  const ext = vscode.extensions.getExtension<DigiPushMonitorTestApi | undefined>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} not loaded`);
  const t = await ext.activate();
  if (!t) throw new Error('no test API (not in ExtensionMode.Test?)');

  const s0 = Date.now();
  await t.services.simulator.ensure({ devices: DEVICES });
  const sim = t.simulator();
  if (!sim) throw new Error('no Local simulator');
  // No background generator: the flips below are the only events.
  sim.setRate(0);
  const fleet = await readFleet(t);
  if (fleet.size !== DEVICES) throw new Error(`the simulator lists ${fleet.size} devices, not ${DEVICES}`);
  emit('simulator', { devices: fleet.size, connected: [...fleet.values()].filter(Boolean).length, ms: Date.now() - s0 });

  // Live before the view is shown, so revealing it is only the first page's read and render.
  const watch = (await vscode.commands.executeCommand(COMMANDS.watchDeviceConnections, { accountId: SIMULATOR_ACCOUNT_ID })) as { accountId: string; monitorId: number } | undefined;
  if (!watch) throw new Error(`Watch Device Connections failed: ${JSON.stringify(t.services.reported.at(-1))}`);
  const sessionId = `${watch.accountId}/${watch.monitorId}`;
  await waitFor('the DeviceCore session live', () => t.services.manager.get(sessionId)?.state.kind === 'live');
  // Let the window settle (the session's tree and status bar updates) before timing the view.
  await sleep(2000);

  const revealAt = Date.now();
  emit('reveal', {});
  await vscode.commands.executeCommand(`${VIEWS.devices}.focus`);
  const commandMs = Date.now() - revealAt;
  const list = await waitFor('the first page read', () => {
    const l = t.devices().find((a) => a.accountId === SIMULATOR_ACCOUNT_ID);
    return l?.status === 'loaded' ? l : undefined;
  });
  emit('firstPage', { modelMs: Date.now() - revealAt, focusCommandMs: commandMs, shown: list.shown, total: list.total, live: list.live });
  // The runner looks for the rows in the DOM; give it time before the flood starts.
  await sleep(3000);

  const probes: Probe[] = [
    { name: 'command', run: () => vscode.commands.executeCommand(COMMANDS.refresh) },
    { name: 'window', run: () => vscode.commands.executeCommand('setContext', 'digiPushMonitor.benchProbe', Date.now()) },
  ];
  const idle = startProbes(probes, PROBE_MS, 'idle');
  await sleep(BASELINE_S * 1000);
  await idle.stop();

  // The flood: each flip toggles a random device; paced on the flips made so far.
  const ids = [...fleet.keys()];
  const session = t.services.manager.get(sessionId);
  const received0 = session?.eventCount ?? 0;
  const busy = startProbes(probes, PROBE_MS, 'flood');
  emit('floodStart', { rate: RATE, seconds: SECONDS, received: received0 });
  const f0 = Date.now();
  let flips = 0;
  let unchanged = 0;
  let maxLag = 0;
  let lagSum = 0;
  let ticks = 0;
  let expected = f0;
  let lastSample = f0;
  for (;;) {
    const now = Date.now();
    const lag = Math.max(0, now - expected);
    maxLag = Math.max(maxLag, lag);
    lagSum += lag;
    ticks++;
    const elapsed = Math.min(now - f0, SECONDS * 1000);
    const target = Math.floor((elapsed / 1000) * RATE);
    while (flips < target) {
      const id = ids[Math.floor(Math.random() * ids.length)];
      const connected = fleet.get(id) === true;
      const change = connected ? sim.disconnectDevice(id) : sim.connectDevice(id);
      fleet.set(id, change.connected);
      if (change.changed) flips++;
      else unchanged++;
    }
    // The last tick tops the count up to RATE × SECONDS (a late tick on a busy machine would leave it short).
    if (elapsed >= SECONDS * 1000) break;
    if (now - lastSample >= 1000) {
      lastSample = now;
      emit('sample', { s: Math.round(elapsed / 1000), flips, received: (session?.eventCount ?? 0) - received0, rss: process.memoryUsage().rss });
    }
    expected += TICK_MS;
    const wait = expected - Date.now();
    await sleep(wait > 0 ? wait : 0);
    if (wait <= 0) expected = Date.now();
  }
  const floodMs = Date.now() - f0;
  const flood = await busy.stop();
  // Drain: every flip delivered to the session, then the view's rows compared with the fleet.
  const d0 = Date.now();
  while ((session?.eventCount ?? 0) - received0 < flips && Date.now() - d0 < 15_000) await sleep(20);
  const drainMs = Date.now() - d0;
  await sleep(500);
  const shown = t.devices().find((a) => a.accountId === SIMULATOR_ACCOUNT_ID);
  const rows = shown?.devices ?? [];
  const stale = rows.filter((d) => fleet.get(d.deviceId) !== d.connected).length;
  emit('end', {
    floodMs,
    flips,
    unchanged,
    received: (session?.eventCount ?? 0) - received0,
    drainMs,
    rowsShown: rows.length,
    rowsStale: stale,
    total: shown?.total,
    connectedShown: shown?.connected,
    maxTimerLagMs: maxLag,
    meanTimerLagMs: lagSum / ticks,
    probesDuringFlood: flood.length,
    rss: process.memoryUsage().rss,
  });
  await sleep(1500); // the runner's last DOM readings
  await vscode.commands.executeCommand(COMMANDS.stopSession, watch).then(undefined, () => undefined);
  emit('done');
}
