// The REST re-read that follows a session reaching `live`, on a fake clock: at most once per
// monitor per 30 s, however often a session that is accepted and dropped goes live again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIVE_REFRESH_INTERVAL_MS, LiveRefreshThrottle } from '../../../src/extension/monitors/liveRefresh';
import { FakeClock } from '../../helpers/fakeClock';

function throttle() {
  const clock = new FakeClock();
  const refreshes: string[] = [];
  const t = new LiveRefreshThrottle((accountId, monitorId) => refreshes.push(`${clock.now()} ${accountId}:${monitorId}`), undefined, clock);
  return { clock, refreshes, t };
}

test('the interval is 30 s', () => {
  assert.equal(LIVE_REFRESH_INTERVAL_MS, 30_000);
});

test('the first go-live re-reads at once; 95 go-lives a second apart make 5 re-reads (0, 30, 60, 90 s, and 120 s for those after 90 s), not 95', () => {
  const { clock, refreshes, t } = throttle();
  for (let s = 0; s < 95; s++) {
    t.wentLive('acct', 42);
    clock.advance(1000);
  }
  clock.advance(60_000);
  assert.deepEqual(refreshes, ['0 acct:42', '30000 acct:42', '60000 acct:42', '90000 acct:42', '120000 acct:42']);
});

test('go-lives inside the interval become one re-read at its end (the tree gets the latest status)', () => {
  const { clock, refreshes, t } = throttle();
  t.wentLive('acct', 42);
  clock.advance(0);
  clock.advance(5000);
  t.wentLive('acct', 42);
  t.wentLive('acct', 42);
  clock.advance(24_999);
  assert.deepEqual(refreshes, ['0 acct:42'], 'nothing before 30 s');
  clock.advance(1);
  assert.deepEqual(refreshes, ['0 acct:42', '30000 acct:42']);
  clock.advance(120_000);
  assert.equal(refreshes.length, 2, 'no go-live since: no further re-read');
  t.wentLive('acct', 42);
  clock.advance(0);
  assert.deepEqual(refreshes.at(-1), '150000 acct:42', 'a go-live after a quiet interval re-reads at once');
});

test('each monitor of each account has its own interval', () => {
  const { clock, refreshes, t } = throttle();
  t.wentLive('acct', 42);
  t.wentLive('acct', 43);
  t.wentLive('other', 42);
  clock.advance(0);
  assert.deepEqual(refreshes.sort(), ['0 acct:42', '0 acct:43', '0 other:42']);
});

test('dispose drops a pending re-read', () => {
  const { clock, refreshes, t } = throttle();
  t.wentLive('acct', 42);
  clock.advance(1000);
  t.wentLive('acct', 42);
  t.dispose();
  clock.advance(60_000);
  assert.deepEqual(refreshes, ['0 acct:42']);
  assert.equal(clock.armed, 0);
});
