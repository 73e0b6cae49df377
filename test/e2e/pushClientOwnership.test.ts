// push-client (the built dist/cli.js, spawned) against a simulator run by the test, whose
// REST the test reads afterwards:
// - it replaces only the TCP monitors it tagged as its own; HTTP monitors, untagged ones
//   and other people's push-client monitors with the same topics are listed on stderr and
//   left alone, unless --replace-any-matching-monitor asks for the seed's behaviour;
// - a closed stdout (`push-client -o ndjson … | head -2`) is a normal end: no stack trace,
//   the monitor is deleted, exit 0.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../src/core/logger';
import type { MonitorInfo } from '../../src/core/monitor';
import { PushClient } from '../../src/core/pushClient';
import { ownerTag } from '../../src/cli/pushClient/ownership';
import { DEMO_PASSWORD, DEMO_USERNAME, pushClientOptionsFor, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { assertCliBuilt, runCli as spawnCli, type CliRun } from '../helpers/cliProcess';
import { waitFor } from '../helpers/scriptedPushServer';

const TOPICS = 'DeviceCore,DataPoint';
const WEBHOOK = 'https://hooks.example.com/drm';

before(assertCliBuilt);

const runCli = (args: string[]): CliRun => spawnCli(args, { DRM_USERNAME: DEMO_USERNAME, DRM_PASSWORD: DEMO_PASSWORD }, 30_000);
const simArgs = (sim: SimulatorHandle, extra: string[]) => ['-a', `127.0.0.1:${sim.restPort}`, '--insecure', '--push-port', String(sim.pushPort), '-t', TOPICS, '-b', '10', '-d', '0', ...extra];

/** What the simulator's REST lists, read as any client would. */
async function listMonitors(sim: SimulatorHandle): Promise<MonitorInfo[]> {
  const client = new PushClient({ username: DEMO_USERNAME, password: DEMO_PASSWORD }, { ...pushClientOptionsFor(sim, false), logger: silentLogger });
  try {
    return await client.listMonitors();
  } finally {
    await client.close();
  }
}

/** Creates a monitor through REST as someone else would (any transport, any description). */
async function postMonitor(sim: SimulatorHandle, fields: Record<string, string>): Promise<number> {
  const body = `<Monitor>${Object.entries(fields).map(([k, v]) => `<${k}>${v}</${k}>`).join('')}</Monitor>`;
  const auth = `Basic ${Buffer.from(`${DEMO_USERNAME}:${DEMO_PASSWORD}`).toString('base64')}`;
  const res = await fetch(`${sim.restUrl}/ws/Monitor`, { method: 'POST', body, headers: { authorization: auth } });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  return Number(res.headers.get('location')?.split('/').pop());
}

function assertNoStackTrace(r: CliRun): void {
  const all = r.stdout() + r.stderr();
  assert.doesNotMatch(all, /^\s+at .+:\d+:\d+\)?$/m, `stack trace in output:\n${r.stderr()}`);
  assert.doesNotMatch(all, /internal error|Unhandled|Error: write EPIPE/, r.stderr());
}

test('by default only its own leftover TCP monitor is replaced; every other match is listed on stderr and left alone', async () => {
  const sim = await startSimulator({ seed: 5, rate: 50 });
  try {
    const webhook = await postMonitor(sim, { monTopic: TOPICS, monTransportType: 'http', monTransportUrl: WEBHOOK, monDescription: 'ACME production webhook' });
    const otherTool = await postMonitor(sim, { monTopic: TOPICS, monTransportType: 'tcp' });
    const colleague = await postMonitor(sim, { monTopic: TOPICS, monTransportType: 'tcp', monDescription: 'push-client (bob@bobs-laptop)' });
    const taggedHttp = await postMonitor(sim, { monTopic: TOPICS, monTransportType: 'http', monTransportUrl: WEBHOOK, monDescription: ownerTag() });
    const leftover = await postMonitor(sim, { monTopic: TOPICS, monTransportType: 'tcp', monDescription: `${ownerTag()} from a run that crashed` });
    const otherTopics = await postMonitor(sim, { monTopic: 'DeviceCore', monTransportType: 'tcp', monDescription: ownerTag() });

    const r = runCli(simArgs(sim, ['-o', 'ndjson', '--count', '3']));
    assert.equal(await r.exit, 0, r.stderr());
    assertNoStackTrace(r);
    assert.equal(r.stdout().trim().split('\n').length, 3);

    const left = (await listMonitors(sim)).map((m) => m.id).sort((a, b) => a - b);
    assert.deepEqual(left, [webhook, otherTool, colleague, taggedHttp, otherTopics], 'only the own leftover TCP monitor (and the run\'s own monitor) are gone');
    for (const id of [webhook, otherTool, colleague, taggedHttp]) {
      assert.match(r.stderr(), new RegExp(`monitor ${id} \\(.*left alone`), `monitor ${id} is listed on stderr`);
    }
    assert.match(r.stderr(), /--replace-any-matching-monitor/, 'the flag that would delete them is named');
    assert.match(r.stderr(), new RegExp(`deleting monitor ${leftover} \\(tcp`));
    assert.doesNotMatch(r.stderr(), new RegExp(`monitor ${otherTopics}\\b`), 'monitors with other topics are not even mentioned');
  } finally {
    await sim.close();
  }
});

test('--replace-any-matching-monitor deletes every monitor with the same topics, as the seed did; the new one carries the owner tag', async () => {
  const sim = await startSimulator({ seed: 6, rate: 50 });
  try {
    const webhook = await postMonitor(sim, { monTopic: TOPICS, monTransportType: 'http', monTransportUrl: WEBHOOK, monDescription: 'ACME production webhook' });
    const otherTool = await postMonitor(sim, { monTopic: TOPICS, monTransportType: 'tcp' });

    const r = runCli(simArgs(sim, ['-o', 'ndjson', '--count', '1', '--replace-any-matching-monitor', '--keep-monitor', '--description', 'lab bench 3']));
    assert.equal(await r.exit, 0, r.stderr());
    assertNoStackTrace(r);

    const left = await listMonitors(sim);
    assert.equal(left.length, 1, JSON.stringify(left));
    assert.ok(![webhook, otherTool].includes(left[0].id));
    assert.equal(left[0].transport, 'tcp');
    assert.equal(left[0].description, `${ownerTag()} lab bench 3`);
    assert.match(r.stderr(), new RegExp(`deleting monitor ${webhook} \\(http.*--replace-any-matching-monitor`));
    assert.match(r.stderr(), new RegExp(`deleting monitor ${otherTool} \\(tcp.*--replace-any-matching-monitor`));
  } finally {
    await sim.close();
  }
});

test('a closed stdout (| head -2) is a normal end: no stack trace, the monitor is deleted, exit 0', async () => {
  const sim = await startSimulator({ seed: 7, rate: 200 });
  try {
    const r = runCli(simArgs(sim, ['-o', 'ndjson']));
    await waitFor(() => r.stdout().split('\n').length > 2 || r.child.exitCode !== null, 'two lines on stdout', 20_000);
    assert.ok((await listMonitors(sim)).length === 1, 'the monitor exists while the CLI runs');
    // What `head -2` does after its second line: close the reading end of the pipe.
    r.child.stdout?.destroy();
    assert.equal(await r.exit, 0, r.stderr());
    assertNoStackTrace(r);
    assert.deepEqual(await listMonitors(sim), [], 'the monitor was deleted');
  } finally {
    await sim.close();
  }
});
