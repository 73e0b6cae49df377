import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatEvent, formatGap } from '../../src/cli/pushClient/formatEvents';
import { decodePublishPayload } from '../../src/core/protocol/payload';
import { XML_BATCH } from '../helpers/vectors';
import type { PushEvent } from '../../src/core/events';

const base: PushEvent = {
  kind: 'event', topic: '1/DataPoint/dev/temp', type: 'DataPoint', operation: 'INSERTION', timestamp: 't', replay: false,
  data: { streamId: 'dev/temp', data: 21.5 }, format: 'json', blockId: 3, monitorId: 9, receivedAt: Date.UTC(2026, 0, 1),
};

test('ndjson is one parseable line per event with the envelope and data', () => {
  const line = formatEvent({ ...base, replay: true, group: '*' }, 'ndjson');
  assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'));
  assert.deepEqual(JSON.parse(line), {
    receivedAt: '2026-01-01T00:00:00.000Z', monitorId: 9, blockId: 3, type: 'DataPoint', operation: 'INSERTION', timestamp: 't',
    topic: '1/DataPoint/dev/temp', group: '*', replay: true, format: 'json', data: { streamId: 'dev/temp', data: 21.5 },
  });
});

test('a payload nested 10,000 deep prints in every mode instead of overflowing the stack', () => {
  let deep: unknown = 'bottom';
  for (let i = 0; i < 10_000; i++) deep = { d: deep };
  const text = JSON.stringify({ Document: { Msg: { topic: '1/DataPoint/x', operation: 'INSERTION', DataPoint: 0 } } }).replace('"DataPoint":0', `"DataPoint":${'{"d":'.repeat(10_000)}"bottom"${'}'.repeat(10_000)}`);
  const [e] = decodePublishPayload({ blockId: 0, count: 1, compression: 0, format: 1, payload: Buffer.from(text) }).events;
  assert.throws(() => JSON.stringify(e.data), RangeError, 'the premise: JSON.stringify cannot do it');
  for (const mode of ['ndjson', 'pretty', 'raw'] as const) {
    const out = formatEvent(e, mode);
    assert.ok(out.includes('"bottom"'), mode);
  }
  assert.equal(JSON.parse(formatEvent(e, 'ndjson')).data.d.d.d.d !== undefined, true);
});

test('pretty XML re-indents the raw Msg; gaps print as a marker line or an ndjson record', () => {
  const [e] = decodePublishPayload({ blockId: 0, count: 2, compression: 0, format: 0, payload: Buffer.from(XML_BATCH) }, { includeRaw: true }).events;
  const out = formatEvent(e, 'pretty');
  assert.match(out, /\[DeviceCore\] UPDATE 1234\/DeviceCore\/5678\/0 disconnected\n<Msg/);
  assert.match(out, /\n {2,}<devConnectwareId>00000000-00000000-00409DFF-FF000000<\/devConnectwareId>/);
  const gap = { kind: 'gap' as const, monitorId: 9, disconnectedAt: 1000, reconnectedAt: 3500, reason: 'closed' };
  assert.match(formatGap(gap, 'pretty'), /^--- gap: disconnected .* \(2\.5 s\): closed ---\n$/);
  assert.deepEqual(JSON.parse(formatGap(gap, 'ndjson')), { kind: 'gap', monitorId: 9, disconnectedAt: '1970-01-01T00:00:01.000Z', reconnectedAt: '1970-01-01T00:00:03.500Z', reason: 'closed' });
});

test('pretty and raw output escape control characters from the wire: no terminal escape sequence reaches the terminal', () => {
  // Anything the terminal could act on: C0 controls (ESC, BEL, CR, BS), DEL and C1 controls (CSI, OSC).
  // eslint-disable-next-line no-control-regex
  const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
  const clear = '\u001b[2J\u001b[H';
  const title = '\u001b]0;owned\u0007';
  const hostile: PushEvent = {
    ...base,
    topic: `1/DataPoint/dev${clear}/temp\r`,
    type: `DataPoint${title}`,
    operation: `INSERTION\u009b31m\b\b`,
    data: { streamId: 'dev/temp', data: `red\u009b31m ${title} \u007f` },
    raw: `{"streamId":"dev/temp","data":"${clear}\u009b0m"}`,
  };
  const xml = `<Msg><topic>1/DataPoint/x${title}</topic><DataPoint><data>a\u001b[31mb\u0085c\r\n</data></DataPoint></Msg>`;
  for (const e of [hostile, { ...hostile, format: 'xml' as const, raw: xml }]) {
    for (const mode of ['pretty', 'raw'] as const) {
      const out = formatEvent(e, mode);
      assert.doesNotMatch(out, CONTROL, `${e.format} ${mode}: ${JSON.stringify(out)}`);
      assert.match(out, /⟨U\+001B⟩|\\u001b/, `${e.format} ${mode}: the escape is shown, not dropped`);
    }
  }
  const head = formatEvent(hostile, 'pretty').split('\n')[0];
  assert.match(head, /\[DataPoint⟨U\+001B⟩\]0;owned⟨U\+0007⟩\] INSERTION⟨U\+009B⟩31m⟨U\+0008⟩⟨U\+0008⟩ 1\/DataPoint\/dev⟨U\+001B⟩\[2J⟨U\+001B⟩\[H\/temp⏎ streamId=dev\/temp data=red⟨U\+009B⟩31m ⟨U\+001B⟩\]0;owned⟨U\+0007⟩ ⟨U\+007F⟩$/);
  // Line structure of multi-line payloads is kept (a CRLF is a newline); one-line fields show a newline as ⏎.
  assert.match(formatEvent({ ...hostile, format: 'xml', raw: xml }, 'raw'), /b⟨U\+0085⟩c\n<\/data>/);
  // ndjson is JSON: its control characters are escapes already.
  assert.ok(!formatEvent({ ...hostile, data: { s: clear } }, 'ndjson').includes('\u001b'));
});

test('a Msg without its resource member prints in every mode (it used to throw in pretty and drop the whole batch)', () => {
  const text = '{"Document":{"Msg":[{"topic":"1/DataPoint/none","operation":"INSERTION"},{"topic":"1/DataPoint/x","operation":"INSERTION","DataPoint":{"data":"1"}}]}}';
  for (const includeRaw of [false, true]) {
    const [bare, next] = decodePublishPayload({ blockId: 0, count: 2, compression: 0, format: 1, payload: Buffer.from(text) }, { includeRaw }).events;
    assert.equal(bare.data, undefined);
    assert.match(formatEvent(bare, 'pretty'), /^\d\d:\d\d:\d\d\.\d{3} \[DataPoint\] INSERTION 1\/DataPoint\/none none\n$/);
    assert.equal(formatEvent(bare, 'raw'), includeRaw ? '{"topic":"1/DataPoint/none","operation":"INSERTION"}\n' : '\n');
    assert.ok(!('data' in JSON.parse(formatEvent(bare, 'ndjson'))));
    assert.match(formatEvent(next, 'pretty'), /\n\{\n {2}"data": "1"\n\}\n$/);
  }
});
