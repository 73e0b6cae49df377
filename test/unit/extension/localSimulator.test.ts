// LocalSimulator.close() while a start is still in progress (issue 11 §6): close() used
// to return at once, and the start then finished and published a running simulator that
// nothing would close (listening sockets and timers left in the extension host after
// deactivation). close() now waits for the pending start, which closes what it opened.
// The simulator module is stubbed through the constructor's loader seam.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/core/logger';
import { LocalSimulator, type SimulatorModule } from '../../../src/extension/sessions/localSimulator';
import type { SimulatorHandle } from '../../../src/simulator';
import { pushClientOptionsFor } from '../../../src/simulator/clientOptions';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function fakeHandle(n: number) {
  const state = { closed: 0 };
  const handle = {
    host: '127.0.0.1',
    restUrl: `http://127.0.0.1:${4000 + n}`,
    pushTlsPort: 5000 + n,
    caPem: 'PEM',
    setRate: () => {},
    close: async () => {
      state.closed += 1;
    },
  } as unknown as SimulatorHandle;
  return { handle, state };
}

/** A simulator module whose load and start the test releases by hand. */
function stubModule() {
  const load = deferred<void>();
  const starts: { release: (h: SimulatorHandle) => void; options: Parameters<SimulatorModule['startSimulator']>[0] }[] = [];
  const module: SimulatorModule = {
    DEMO_ACCOUNT: { username: 'demo', password: 'demo-pw' },
    pushClientOptionsFor,
    startSimulator: (options) => {
      const d = deferred<SimulatorHandle>();
      starts.push({ release: d.resolve, options });
      return d.promise;
    },
  };
  const loader = async () => {
    await load.promise;
    return module;
  };
  return { loader, load, starts };
}

const tick = () => new Promise((r) => setImmediate(r));

test('close() during a pending start waits for it and closes the simulator it opened', async () => {
  const stub = stubModule();
  const sim = new LocalSimulator(silentLogger, () => 5, stub.loader);
  const ensured = sim.ensure();
  const ensuredOutcome = ensured.then(
    () => 'resolved',
    (e: Error) => e.message,
  );
  stub.load.resolve();
  await tick();
  assert.equal(stub.starts.length, 1, 'startSimulator called');

  let closeDone = false;
  const closing = sim.close().then(() => (closeDone = true));
  await tick();
  assert.equal(closeDone, false, 'close() waits for the start in progress');
  const { handle, state } = fakeHandle(1);
  stub.starts[0].release(handle);
  await closing;
  assert.equal(state.closed, 1, 'the simulator started under close() is closed');
  assert.equal(sim.running, undefined);
  assert.equal(sim.endpoint, undefined);
  assert.equal(await ensuredOutcome, 'the local simulator was closed while it was starting');
});

test('close() while the simulator module is still loading: nothing is started', async () => {
  const stub = stubModule();
  const sim = new LocalSimulator(silentLogger, () => 5, stub.loader);
  const ensured = sim.ensure().catch((e: Error) => e.message);
  const closing = sim.close();
  stub.load.resolve();
  await closing;
  assert.equal(stub.starts.length, 0);
  assert.equal(await ensured, 'the local simulator was closed while it was starting');
  assert.equal(sim.running, undefined);
});

test('ensure() after such a close starts a fresh simulator; start is shared; close closes it once', async () => {
  const stub = stubModule();
  stub.load.resolve();
  const sim = new LocalSimulator(silentLogger, () => 5, stub.loader);
  const first = sim.ensure().catch(() => undefined);
  await tick();
  const closing = sim.close();
  stub.starts[0].release(fakeHandle(1).handle);
  await closing;
  await first;

  const a = sim.ensure();
  const b = sim.ensure();
  await tick();
  assert.equal(stub.starts.length, 2, 'one new start for both callers');
  const { handle, state } = fakeHandle(2);
  stub.starts[1].release(handle);
  const [ea, eb] = await Promise.all([a, b]);
  assert.deepEqual(ea, eb);
  assert.equal(ea.restUrl, 'http://127.0.0.1:4002');
  // The account's PushClient options come from the simulator module's one pushClientOptionsFor.
  assert.deepEqual(ea.client, { restUrl: 'http://127.0.0.1:4002', host: '127.0.0.1', secure: true, pushPort: 5002, ca: 'PEM' });
  assert.equal(ea.username, 'demo');
  assert.equal(sim.running, handle);
  await sim.close();
  assert.equal(state.closed, 1);
  assert.equal(sim.running, undefined);
  await sim.close();
  assert.equal(state.closed, 1, 'a second close is a no-op');
});

test('ensure(fleet) starts the simulator with that fleet; another fleet while it runs is refused, the same or none is shared', async () => {
  const stub = stubModule();
  stub.load.resolve();
  const sim = new LocalSimulator(silentLogger, () => 0, stub.loader);
  const started = sim.ensure({ devices: 10_000, seed: 7 });
  await tick();
  assert.equal(stub.starts.length, 1);
  assert.equal(stub.starts[0].options.devices, 10_000);
  assert.equal(stub.starts[0].options.seed, 7);
  assert.equal(stub.starts[0].options.rate, 0);
  await assert.rejects(sim.ensure({ devices: 5 }), /already runs with \{"devices":10000,"seed":7\}, not \{"devices":5\}/);
  stub.starts[0].release(fakeHandle(3).handle);
  const [a, b, c] = await Promise.all([started, sim.ensure(), sim.ensure({ devices: 10_000, seed: 7 })]);
  assert.equal(a, b);
  assert.equal(a, c);
  assert.equal(stub.starts.length, 1, 'one start');
  await sim.close();
  // After a close, a plain ensure() starts the default fleet again.
  const again = sim.ensure();
  await tick();
  assert.equal(stub.starts[1].options.devices, undefined);
  stub.starts[1].release(fakeHandle(4).handle);
  await again;
  await sim.close();
});
