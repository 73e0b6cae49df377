import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PushEvent } from '../../../src/core/events';
import { Emitter } from '../../../src/extension/lifecycle';
import { EventsOutput } from '../../../src/extension/output/eventsOutput';
import { LiveSession } from '../../../src/extension/sessions/liveSession';
import type { SessionChange } from '../../../src/extension/sessions/sessionManager';

const dp = (i: number): PushEvent => ({
  kind: 'event', topic: '1/DataPoint/s', type: 'DataPoint', operation: 'INSERTION', timestamp: new Date(1_700_000_000_000 + i).toISOString(),
  replay: false, data: { streamId: 'dev/temperature', data: i }, format: 'json', blockId: 1, monitorId: 3, receivedAt: 1_700_000_000_000,
});

function setup(limit: number) {
  let now = 1_700_000_000_000;
  const appended: string[] = [];
  const changes = new Emitter<SessionChange>();
  const out = new EventsOutput({ append: (t) => appended.push(t) }, changes.event, { maxLinesPerSecond: limit, flushMs: 5, now: () => now });
  const src = new LiveSession('acc', 3, '#3 DataPoint (sim)', { accountLabel: 'sim', host: 'h', monitorId: 3, topics: ['DataPoint'], format: 'json', compression: 'zlib' }, () => {});
  changes.fire({ kind: 'added', source: src });
  /** Every line appended to the sink so far (what the channel shows). */
  const lines = () => linesOf(appended);
  return { out, src, appended, lines, advance: (ms: number) => (now += ms) };
}

const linesOf = (appended: readonly string[]): string[] => appended.join('').split('\n').filter((l) => l !== '');

test('each event becomes one line; appends are batched', () => {
  const { out, src, appended } = setup(100);
  src.deliver([dp(1), dp(2), dp(3)]);
  assert.equal(appended.length, 0, 'not yet flushed');
  out.flush();
  assert.equal(appended.length, 1);
  const lines = appended[0].trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0], /\[DataPoint\] - INSERTION dev\/temperature=1 {2}#3$/);
  out.dispose();
});

test('a flood becomes summary lines', () => {
  const { out, src, advance, lines: written } = setup(10);
  const batch = Array.from({ length: 1000 }, (_, i) => dp(i));
  src.deliver(batch);
  advance(1000);
  src.deliver([dp(0)]);
  out.flush();
  const lines = written();
  assert.equal(out.linesWritten, 10);
  assert.equal(lines.filter((l) => l.includes('[DataPoint]')).length, 10);
  assert.ok(lines.some((l) => /\[summary\] 1000 events in 1 s, 990 not shown/.test(l)), lines.join('\n'));
  out.dispose();
});

test('state changes and gaps are written too', () => {
  const { out, src, lines: written } = setup(10);
  src.markConnecting();
  src.failBeforeStart(Object.assign(new Error('no stored credentials'), { code: 'AUTH' }) as never);
  out.flush();
  const lines = written();
  assert.match(lines[0], /\[session\] #3 connecting {2}\(#3 DataPoint \(sim\)\)/);
  assert.match(lines[1], /\[session\] #3 error: no stored credentials/);
  out.dispose();
});

test('session state lines cap the reason and the label; flood summaries name at most 10 types', () => {
  let now = 1_700_000_000_000;
  const changes = new Emitter<SessionChange>();
  const appended: string[] = [];
  const out = new EventsOutput({ append: (t) => appended.push(t) }, changes.event, { maxLinesPerSecond: 1, flushMs: 5, now: () => now });
  const src = new LiveSession('acc', 3, `label\n${'L'.repeat(100_000)}`, { accountLabel: 'sim', host: 'h', monitorId: 3, topics: ['DataPoint'], format: 'json', compression: 'zlib' }, () => {});
  changes.fire({ kind: 'added', source: src });
  src.markConnecting();
  src.failBeforeStart(new Error(`boom\n${'M'.repeat(100_000)}`) as never);
  src.deliver(Array.from({ length: 50 }, (_, i) => ({ ...dp(i), type: `T${i}\n${'t'.repeat(10_000)}` })));
  now += 1000;
  src.deliver([dp(0)]);
  out.flush();
  const lines = linesOf(appended);
  assert.ok(lines.length > 3);
  for (const l of lines) {
    assert.ok(l.length < 1000, `${l.length}: ${l.slice(0, 80)}`);
    assert.ok(!l.includes('\n'));
  }
  const summary = lines.find((l) => l.includes('[summary]')) ?? '';
  assert.match(summary, /, 39 other types\)/, summary.slice(0, 200));
  out.dispose();
});
