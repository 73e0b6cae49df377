// Send Data Point and stream history against the simulator, through the same pure pieces
// the extension's commands use (no vscode): a draft checked and written, its push arriving
// in a live session within a second, and the stream's history read back as rows that are
// the live rows, marked history. The server's 400 text reaches the caller.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PushClient, PushMonitorError, type PushEvent, type PushSession } from '../../src/core';
import { DEMO_API_KEY_ID, DEMO_API_KEY_SECRET, pushClientOptionsFor, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { draftError, draftForArgs, toNewDataPoint } from '../../src/extension/devices/dataPointDraft';
import { findStream, HistoryLoader } from '../../src/extension/devices/streamHistory';
import { topicsReceiveStream } from '../../src/extension/devices/streamWatchers';
import { formatOnly as t } from '../../src/extension/l10n';
import { entryRow, makeEntry } from '../../src/extension/viewer/entry';
import { historyEntries } from '../../src/extension/viewer/historyView';
import type { AccountRecord } from '../../src/extension/accounts/accountModel';

const account: AccountRecord = { id: 'sim', label: 'Simulator', host: 'localhost', restUrl: '', pushHost: '127.0.0.1', pushPort: 0, secure: true, kind: 'password', username: 'demo' };

async function until<T>(what: string, get: () => T | undefined, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Send Data Point and stream history against the simulator', { timeout: 30_000 }, () => {
  let sim: SimulatorHandle;
  let client: PushClient;
  let session: PushSession;
  const received: PushEvent[] = [];
  let device = '';

  before(async () => {
    sim = await startSimulator({ accounts: [{ username: 'demo', password: 'demo-password', apiKeyId: DEMO_API_KEY_ID, apiKeySecret: DEMO_API_KEY_SECRET, customerId: 1001 }] });
    client = new PushClient({ username: 'demo', password: 'demo-password' }, pushClientOptionsFor(sim));
    device = (await client.devices.listDevices({ size: 1 })).items[0].deviceId;
    const monitorId = await client.createMonitor([`DataPoint/${device}`], { batchSize: 1, batchDuration: 0, format: 'json' });
    assert.ok(topicsReceiveStream([`DataPoint/${device}`], `${device}/e2e/probe`));
    session = client.createSession((events) => void received.push(...events), monitorId);
    await until('the session to connect', () => (session.state.kind === 'connected' ? true : undefined), 10_000);
  });
  after(async () => {
    await session?.stop();
    await client?.close();
    await sim?.close();
  });

  test('a written point arrives live within a second, and its history row is the live row marked history', async () => {
    const streamId = `${device}/e2e/probe`;
    const draft = draftForArgs({ accountId: 'sim', streamId, value: ' 42 ', type: 'INTEGER', units: 'n' }, await findStream(client, streamId), t);
    assert.ok(typeof draft !== 'string');
    assert.equal(draft.newStream, true);
    assert.equal(draftError(draft, t), undefined);
    const sentAt = Date.now();
    const ids = await client.dataPoints.write(toNewDataPoint(draft, t));
    assert.equal(ids.length, 1);
    const live = await until('the pushed point', () => received.find((e) => (e.data as { streamId?: string }).streamId === streamId), 1000);
    assert.ok(Date.now() - sentAt < 1000);

    const loader = new HistoryLoader({ t, accounts: { get: (id) => (id === 'sim' ? account : undefined) }, clientFor: async () => client, simulatorRunning: () => true, maxPoints: () => 10 });
    const view = await loader.load('sim', streamId);
    assert.deepEqual(view.stream, { streamId, dataType: 'INTEGER', units: 'n', customerId: 1001 });
    const rows = historyEntries(view).map(entryRow);
    assert.equal(rows.length, 1);
    const liveRow = entryRow(makeEntry(0, live, 'session'));
    for (const k of ['type', 'device', 'op', 'summary'] as const) assert.equal(rows[0][k], liveRow[k], k);
    assert.equal(rows[0].summary, 'e2e/probe=42 n');
    assert.equal(rows[0].history, true);
    assert.equal(liveRow.history, undefined);
  });

  test('a value the stream cannot take is refused before sending; the server refuses the same with its 400 text', async () => {
    const streamId = `${device}/e2e/probe`;
    const existing = await findStream(client, streamId);
    assert.equal(existing?.dataType, 'INTEGER');
    const draft = draftForArgs({ accountId: 'sim', streamId, value: 'abc' }, existing, t);
    assert.ok(typeof draft !== 'string');
    assert.match(draftError(draft, t) ?? '', /INTEGER stream takes a whole number/);
    const e = await client.dataPoints.write({ streamId, data: 'abc' }).catch((x: unknown) => x);
    assert.ok(e instanceof PushMonitorError);
    assert.equal(e.code, 'BAD_REQUEST');
    assert.match(e.message, /HTTP 400: .*abc/);
  });

  test("a stream's history reads the newest points up to the limit, oldest first in the view", async () => {
    const streamId = `${device}/e2e/series`;
    for (let i = 0; i < 15; i++) await client.dataPoints.write({ streamId, data: String(i), timestamp: Date.UTC(2026, 0, 1, 0, 0, i), streamType: 'INTEGER' });
    const loader = new HistoryLoader({ t, accounts: { get: () => account }, clientFor: async () => client, simulatorRunning: () => true, maxPoints: () => 10 });
    const view = await loader.load('sim', streamId);
    assert.equal(view.points.length, 10);
    assert.equal(view.more, true);
    assert.deepEqual(historyEntries(view).map((e) => entryRow(e).summary), Array.from({ length: 10 }, (_, i) => `e2e/series=${i + 5}`));
  });
});
