// push-client's output, pinned byte for byte: ndjson, pretty and raw lines of a fixed set of
// events (decoded from JSON and XML payloads the way the CLI's session decodes them, plus the
// hostile-payload corpus and gap markers). Written from the formatter as it was before the
// throughput work of issue 14 §5, so any faster writer has to produce the same bytes — both
// formatEvent and writeEvents, the byte writer push-client uses.
//
// Regenerate (only when the output is meant to change, and say so in the commit):
//   UPDATE_GOLDEN=1 node scripts/test-all.mjs test/unit/cliOutputGolden.test.ts
//
// Pretty output shows local wall-clock time: the test runs in a half-hour time zone so that
// a writer that formats UTC (or caches the wrong thing) fails.
process.env.TZ = 'Asia/Kolkata';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatEvent, formatGap, writeEvents, type OutputMode } from '../../src/cli/pushClient/formatEvents';
import { OutputBuffer } from '../../src/cli/pushClient/utf8Bytes';
import { decodePublishPayload } from '../../src/core/protocol/payload';
import type { GapMarker, PushEvent } from '../../src/core/events';
import { HOSTILE_STRINGS, hostileEvents, hostileGap } from '../fixtures/hostile-payloads';
import { JSON_PAYLOAD, XML_BATCH } from '../helpers/vectors';
import { GOLDEN_JSON_PAYLOADS, GOLDEN_XML_PAYLOADS } from '../fixtures/cliOutputCases';

const GOLDEN = path.resolve(__dirname, '../fixtures/cliOutputGolden.json');
const MODES: readonly OutputMode[] = ['ndjson', 'pretty', 'raw'];
/** Outputs longer than this are pinned by hash and length (the corpus has a 1 MB string and 10,000-deep nesting). */
const INLINE_MAX = 4000;

type Pinned = string | { sha256: string; length: number };
const pin = (text: string): Pinned => (text.length <= INLINE_MAX ? text : { sha256: createHash('sha256').update(text).digest('hex'), length: text.length });

/** Decodes as push-client's session does: raw text only for raw output or XML, the resource's JSON text for ndjson (run.ts). */
function decode(payload: string, format: 0 | 1, mode: OutputMode, receivedAt: number, blockId: number): PushEvent[] {
  const includeRaw = mode === 'raw' || format === 0;
  const options = { includeRaw, includeDataJson: mode === 'ndjson', monitorId: 77, receivedAt };
  return decodePublishPayload({ blockId, count: 1, compression: 0, format, payload: Buffer.from(payload) }, options).events;
}

const RECEIVED = [Date.UTC(2026, 0, 1, 0, 0, 0, 0), Date.UTC(2026, 5, 30, 23, 59, 59, 999), Date.UTC(1999, 11, 31, 18, 29, 59, 5), Number.NaN];

/** What push-client writes for a batch: writeEvents' bytes (run.ts), as text; they must be formatEvent's. */
const buffer = new OutputBuffer();
function written(events: PushEvent[], mode: OutputMode): string {
  buffer.begin();
  writeEvents(events, events.length, mode, buffer);
  const bytes = buffer.end();
  const text = events.map((e) => formatEvent(e, mode)).join('');
  assert.ok(bytes.equals(Buffer.from(text)), `writeEvents gives formatEvent's bytes (${mode})`);
  buffer.release();
  return text;
}

function outputs(): Record<string, Record<string, Pinned>> {
  const out: Record<string, Record<string, Pinned>> = {};
  const add = (name: string, mode: OutputMode, text: string) => ((out[name] ??= {})[mode] = pin(text));
  const payloads: [string, string, 0 | 1][] = [
    ['vector JSON_PAYLOAD', JSON_PAYLOAD, 1],
    ...GOLDEN_JSON_PAYLOADS.map(([n, p]) => [`json ${n}`, p, 1] as [string, string, 0 | 1]),
    ['vector XML_BATCH', XML_BATCH, 0],
    ...GOLDEN_XML_PAYLOADS.map(([n, p]) => [`xml ${n}`, p, 0] as [string, string, 0 | 1]),
  ];
  payloads.forEach(([name, payload, format], i) => {
    for (const mode of MODES) {
      const events = decode(payload, format, mode, RECEIVED[i % RECEIVED.length], 1000 + i);
      add(name, mode, written(events, mode));
    }
  });
  hostileEvents().forEach((e, i) => {
    for (const mode of MODES) add(`hostile ${i}`, mode, written([e], mode));
  });
  for (const h of HOSTILE_STRINGS) {
    const e: PushEvent = {
      kind: 'event', topic: `1001/DataPoint/${h.value}`, type: `DataPoint${h.value}`, operation: h.value, timestamp: h.value, group: h.value, replay: true,
      data: { streamId: h.value, data: h.value }, format: 'json', blockId: 65535, monitorId: 4294967295, receivedAt: RECEIVED[1], raw: h.value,
    };
    for (const mode of MODES) add(`hostile envelope ${h.name}`, mode, written([e], mode));
  }
  const gaps: GapMarker[] = [hostileGap(), { kind: 'gap', monitorId: 9, disconnectedAt: RECEIVED[0], reconnectedAt: RECEIVED[0] + 123_456, reason: 'socket closed' }, { kind: 'gap', monitorId: 9, disconnectedAt: Number.NaN, reconnectedAt: RECEIVED[2], reason: '' }];
  gaps.forEach((g, i) => {
    for (const mode of MODES) add(`gap ${i}`, mode, formatGap(g, mode));
  });
  return out;
}

test('push-client prints exactly the pinned ndjson, pretty and raw lines for a fixed set of events', () => {
  const actual = outputs();
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) {
    assert.ok(process.env.UPDATE_GOLDEN === '1', `missing ${GOLDEN}: run with UPDATE_GOLDEN=1 to write it`);
    writeFileSync(GOLDEN, JSON.stringify(actual, null, 1) + '\n');
  }
  const expected = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Record<string, Pinned>>;
  const names = Object.keys(expected);
  assert.ok(names.length > 50, 'the golden file has the cases');
  assert.deepEqual(Object.keys(actual), names, 'the same cases');
  for (const name of names) {
    for (const mode of MODES) {
      assert.ok(expected[name][mode] !== undefined, `${name} ${mode} pinned`);
      assert.deepEqual(actual[name][mode], expected[name][mode], `${name} ${mode}`);
    }
  }
});

test('the pinned cases print something in every mode (the pins are not empty)', () => {
  const expected = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Record<string, Pinned>>;
  const nonEmpty = Object.entries(expected).filter(([name]) => !name.includes('keep-alive'));
  assert.ok(nonEmpty.length > 50);
  for (const [name, modes] of nonEmpty) {
    for (const mode of MODES) {
      const p = modes[mode];
      assert.ok(typeof p === 'string' ? p.length > 0 : p.length > 0, `${name} ${mode}`);
    }
  }
});
