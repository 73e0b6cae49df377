// The simulator on a fake clock (SimulatorOptions.clock): the background generator makes
// `rate` events per second of fake time, with no real waiting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../src/simulator';
import { FakeClock } from '../helpers/fakeClock';

test('rate: 20 makes 20 events per second of fake time', async () => {
  const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
  const sim = await startSimulator({ seed: 1, clock, rate: 20 });
  try {
    const start = sim.stats().lastSequence;
    await clock.advanceAsync(999);
    assert.equal(sim.stats().lastSequence - start, 19, 'one event per 50 ms tick so far');
    await clock.advanceAsync(1);
    assert.equal(sim.stats().lastSequence - start, 20);
    await clock.advanceAsync(4000);
    assert.equal(sim.stats().lastSequence - start, 100);
  } finally {
    await sim.close();
  }
});
