// The tree's redraw timing on a fake clock: a change redraws within its delay (the earliest
// pending request wins), and a 1 s tick runs only while sessions are active.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedrawSchedule } from '../../../src/extension/tree/redrawSchedule';
import { FakeClock } from '../../helpers/fakeClock';

function schedule() {
  const clock = new FakeClock();
  const redraws: number[] = [];
  const s = new RedrawSchedule(() => redraws.push(clock.now()), clock);
  return { clock, redraws, s };
}

test('a request redraws once its delay is up, not before', () => {
  const { clock, redraws, s } = schedule();
  s.request(150);
  clock.advance(149);
  assert.deepEqual(redraws, []);
  clock.advance(1);
  assert.deepEqual(redraws, [150]);
  clock.advance(10_000);
  assert.deepEqual(redraws, [150], 'one request, one redraw');
});

test('requests coalesce: a later, longer one waits on the pending one; a shorter one brings it forward', () => {
  const { clock, redraws, s } = schedule();
  s.request(1000); // event counts: at most once a second
  clock.advance(100);
  s.request(1000); // due at 1100: the pending redraw at 1000 covers it
  clock.advance(900);
  assert.deepEqual(redraws, [1000]);
  s.request(1000);
  clock.advance(50);
  s.request(100); // a state change: due at 1150, before the pending 2000
  clock.advance(100);
  assert.deepEqual(redraws, [1000, 1150]);
  clock.advance(5000);
  assert.deepEqual(redraws, [1000, 1150], 'the replaced request does not fire as well');
  assert.equal(clock.armed, 0);
});

test('cancel() drops the pending redraw (the owner redrew just now)', () => {
  const { clock, redraws, s } = schedule();
  s.request(100);
  s.cancel();
  clock.advance(1000);
  assert.deepEqual(redraws, []);
});

test('the tick redraws every second while on, and stops when turned off', () => {
  const { clock, redraws, s } = schedule();
  s.setTicking(true);
  s.setTicking(true); // idempotent: still one tick
  clock.advance(3000);
  assert.deepEqual(redraws, [1000, 2000, 3000]);
  s.setTicking(false);
  clock.advance(5000);
  assert.deepEqual(redraws, [1000, 2000, 3000]);
  assert.equal(clock.armed, 0);
});

test('dispose() leaves no timer behind', () => {
  const { clock, redraws, s } = schedule();
  s.setTicking(true);
  s.request(500);
  s.dispose();
  assert.equal(clock.armed, 0);
  clock.advance(10_000);
  assert.deepEqual(redraws, []);
});
