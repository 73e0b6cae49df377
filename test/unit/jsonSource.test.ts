// resourceSourceTexts (src/core/protocol/jsonSource.ts) and PushEvent.dataJson: a text is
// handed over only when it is exactly JSON.stringify of the parsed resource. Checked on the
// forms where a source text differs from that (each must be declined or still be exact), and
// differentially on seeded random documents, half of them written by JSON.stringify (the
// texts must be found) and half mutated (whatever is handed over must still be exact).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJsonDocument, decodePublishPayload } from '../../src/core/protocol/payload';
import { resourceSourceTexts } from '../../src/core/protocol/jsonSource';
import type { PushEvent } from '../../src/core/events';
import { PayloadError } from '../../src/core/errors';
import { Random } from '../../src/simulator/random';

const decode = (text: string, includeDataJson = true): PushEvent[] =>
  decodePublishPayload({ blockId: 1, count: 1, compression: 0, format: 1, payload: Buffer.from(text) }, { includeDataJson }).events;

/** Every dataJson handed over is JSON.stringify(data); returns how many were. */
function exactTexts(text: string): number {
  const events = decode(text);
  let found = 0;
  for (const e of events) {
    if (e.dataJson === undefined) continue;
    assert.equal(e.dataJson, JSON.stringify(e.data), `dataJson of ${JSON.stringify(text).slice(0, 200)}`);
    found += 1;
  }
  return found;
}

const msg = (resource: unknown, extra: Record<string, unknown> = {}) => ({ timestamp: '2026-01-01T00:00:00.000Z', topic: '1/DataPoint/d/s', operation: 'INSERTION', group: '*', ...extra, DataPoint: resource });
const doc = (...msgs: unknown[]) => JSON.stringify({ Document: { Msg: msgs.length === 1 ? msgs[0] : msgs } });

test('a document written by JSON.stringify hands over every resource text, as a slice equal to JSON.stringify(data)', () => {
  const resources: unknown[] = [
    { streamId: 'd/s', data: 21.25, quality: 0, timestamp: 1767225600000, units: '°C', note: 'ünïcödé 😀 \u2028 \u007f' },
    { a: [1, -2, 0.5, -0.000001, 123456789012345, 1e21, 5e-324, -1.5e-7, 0.1], b: { c: [], d: {}, e: null, f: true, g: false } },
    'a string resource',
    17,
    null,
    [{ x: 1 }, [2, [3]]],
    { __proto__key: 1, ['__proto__']: { polluted: 'no' }, constructor: 'c', toString: 't', '': 'empty key' },
  ];
  for (const r of resources) {
    const text = doc(msg(r), msg(r, { replay: true }));
    assert.equal(exactTexts(text), 2, text);
  }
  assert.equal(exactTexts(doc(msg({ only: 'one Msg, not a list' }))), 1);
  assert.equal(decode(doc(msg({ a: 1 })), false)[0].dataJson, undefined, 'only when asked for');
});

test('forms JSON.stringify does not write are declined (or, where the text is still exact, handed over exactly)', () => {
  const declined = [
    '{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint": {"a":1}}}}', // whitespace
    '{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":1.0}}}}', // 1.0 prints as 1
    '{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":1e3}}}}', // exponent
    '{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":-0}}}}', // -0 prints as 0
    '{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":12345678901234567890}}}}', // digits beyond a double
    '{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":"\\u00e9"}}}}', // escape JSON.stringify does not write
    '{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":"\\/"}}}}',
    '{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":"\\n"}}}}', // (any backslash: declined)
    '{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":1,"a":2}}}}', // repeated key: JSON.parse keeps the last
    '{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"b":1,"1":2}}}}', // index key: listed first
    '{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":1},"DataPoint":{"a":2}}}}', // repeated resource
    '{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":1}},"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":1}}}}',
    '{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":1}}},"Other":1}', // more than the Document
    '{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":1}},"Other":1}}',
    '{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":1}}}}\n', // trailing whitespace
    ' {"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":1}}}}',
  ];
  for (const text of declined) {
    assert.ok(decode(text).length > 0, text);
    assert.equal(exactTexts(text), 0, `declined: ${text}`);
  }
  // A lone surrogate cannot come from UTF-8, but decodeJsonDocument takes any string.
  const lone = decodeJsonDocument('{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":"\uD800"}}}}', 1, { includeDataJson: true });
  assert.equal(lone[0].dataJson, undefined);
  const pair = decodeJsonDocument('{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":"\uD83D\uDE00"}}}}', 1, { includeDataJson: true });
  assert.equal(pair[0].dataJson, '{"a":"\uD83D\uDE00"}');
});

test('a key repeated so that the lengths come out even is still caught (quotes are checked, not just counted)', () => {
  // JSON.parse keeps {"a":"}zzzzz"}; a walk that only skipped string lengths would end at the
  // second "a"'s opening quote and take `{"a":"}","a":"}` for it.
  const text = '{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":"}","a":"}zzzzz"}}}}';
  assert.equal(decode(text)[0].dataJson, undefined);
  // The same shape with a number spelled short to make up for the repeated member's length.
  const text2 = '{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":{"a":"","a":1e9}}}}';
  assert.equal(decode(text2)[0].dataJson, undefined);
});

test('nesting deeper than the walk goes, a polluted Object.prototype and a Msg count that does not match are declined', () => {
  let deep = '1';
  for (let i = 0; i < 100; i++) deep = `{"d":${deep}}`;
  assert.equal(exactTexts(`{"Document":{"Msg":{"topic":"1/DataPoint/x","DataPoint":${deep}}}}`), 0);
  const text = doc(msg({ a: 1 }), msg({ b: 2 }));
  const proto = Object.prototype as Record<string, unknown>;
  proto.injected = 1;
  try {
    assert.equal(exactTexts(text), 0);
  } finally {
    delete proto.injected;
  }
  assert.equal(exactTexts(text), 2);
  const parsed = JSON.parse(text) as { Document: { Msg: unknown[] } };
  assert.equal(resourceSourceTexts(text, parsed, parsed.Document.Msg.slice(1), ['DataPoint']), undefined);
  assert.equal(resourceSourceTexts(text, parsed, [...parsed.Document.Msg], ['DataPoint', 'DataPoint']), undefined, 'not the parsed list itself');
});

/** Seeded generator: the simulator's mulberry32. */
const rng = (seed: number): (() => number) => {
  const random = new Random(seed);
  return () => random.next();
};

const PIECES = ['a', 'b', 'Z', '0', '9', ' ', '/', 'é', '°', '😀', '\u2028', '\u007f', ':', ',', '{', '}', '[', ']', 'true', '-', '.', 'e'];
/** Characters JSON.stringify escapes (so the document has a backslash and is declined): rare. */
const ESCAPED = ['"', '\\', '\u001b', '\n'];
const piece = (r: () => number): string => (r() < 0.01 ? ESCAPED[Math.floor(r() * ESCAPED.length)] : PIECES[Math.floor(r() * PIECES.length)]);
const NUMBERS = [0, 1, -1, 7, 42, 1e15, -1e15, 2 ** 53, 21.25, -0.5, 0.000001, 0.0000001, 1e21, 1e-7, 123.456, 0.1 + 0.2, 1767225600000, 5e-324, 1.7976931348623157e308];

function randomValue(r: () => number, depth: number): unknown {
  const k = r();
  if (depth > 4 || k < 0.35) {
    const p = r();
    if (p < 0.45) return Array.from({ length: Math.floor(r() * 6) }, () => piece(r)).join('');
    if (p < 0.85) return NUMBERS[Math.floor(r() * NUMBERS.length)] * (r() < 0.2 ? -1 : 1);
    return [true, false, null][Math.floor(r() * 3)];
  }
  if (k < 0.6) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  const o: Record<string, unknown> = {};
  const keys = ['a', 'b', 'key', '1', '02', '__proto__', 'constructor', '', 'ü', 'x y', '"q"'];
  for (let i = Math.floor(r() * 5); i > 0; i--) Object.defineProperty(o, keys[Math.floor(r() * keys.length)], { value: randomValue(r, depth + 1), enumerable: true, configurable: true, writable: true });
  return o;
}

/** Changes a JSON text the ways a producer other than JSON.stringify might write it. */
function mutate(text: string, r: () => number): string {
  const at = Math.floor(r() * text.length);
  switch (Math.floor(r() * 8)) {
    case 0: return text.slice(0, at) + ' ' + text.slice(at);
    case 1: return text.replace(/:(-?\d+)([,}\]])/, ':$1.0$2');
    case 2: return text.replace(/:(\d+)([,}\]])/, (_, d: string, c: string) => `:${Number(d)}e0${c}`);
    case 3: return text.replace(/\{"/, '{"dup":1,"dup":2,"');
    case 4: return text.replace(/é/, '\\u00e9');
    case 5: return text.replace(/"a":/, '"1":0,"a":');
    case 6: return text.replace(/\/"/, '\\/"');
    default: return text.replace(/"b":("[^"]*"|-?[\d.e+-]+|true|false|null)/, '"b":$1,"b":$1');
  }
}

test('differential: seeded random documents — found wherever JSON.stringify wrote them, and exact wherever found', () => {
  let written = 0;
  let mutatedFound = 0;
  for (let seed = 1; seed <= 1500; seed++) {
    const r = rng(seed);
    const msgs = Array.from({ length: 1 + Math.floor(r() * 4) }, () => msg(randomValue(r, 0)));
    const text = doc(...msgs);
    const events = decode(text);
    // Written by JSON.stringify: every resource is handed over unless the document has an
    // escape anywhere or a key starting with a digit (the two things the walk declines).
    const declinable = text.includes('\\') || /"\d[^"]*":/.test(text);
    for (const e of events) {
      if (e.dataJson === undefined) assert.ok(declinable, `not found in a JSON.stringify document: ${text}`);
      else assert.equal(e.dataJson, JSON.stringify(e.data));
      if (e.dataJson !== undefined) written += 1;
    }
    let mutated = text;
    for (let i = 1 + Math.floor(r() * 2); i > 0; i--) mutated = mutate(mutated, r);
    let found: number;
    try {
      found = exactTexts(mutated);
    } catch (e) {
      if (e instanceof PayloadError) continue; // a mutation that broke the document
      throw e;
    }
    mutatedFound += found;
  }
  assert.ok(written > 1000, `texts found in JSON.stringify documents: ${written}`);
  assert.ok(mutatedFound > 100, `texts still handed over in mutated documents (the unchanged ones): ${mutatedFound}`);
});

test('adversarial: random small documents with repeated keys, short and long number spellings and whitespace — whatever is handed over is exact', () => {
  // No backslashes (those are declined outright): what is left to get wrong is alignment.
  const keys = ['"a"', '"b"', '"ab"', '"}"', '":"', '","'];
  const numbers = ['1', '1e1', '10', '1.0', '100', '1e2', '-0', '0', '2e0', '1E+1', '0.5', '5e-1'];
  const strings = ['""', '"a"', '"}"', '","', '":1,"', '"}}"', '"1e1"', '" "'];
  let handed = 0;
  for (let seed = 1; seed <= 4000; seed++) {
    const r = rng(seed * 7919);
    const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)];
    const ws = () => (r() < 0.1 ? ' ' : '');
    const value = (depth: number): string => {
      const k = r();
      if (depth > 2 || k < 0.5) return r() < 0.5 ? pick(numbers) : pick(strings);
      if (k < 0.65) return `[${Array.from({ length: Math.floor(r() * 3) }, () => ws() + value(depth + 1)).join(',')}]`;
      return `{${Array.from({ length: Math.floor(r() * 4) }, () => `${ws()}${pick(keys)}${ws()}:${ws()}${value(depth + 1)}`).join(',')}}`;
    };
    const msgs = Array.from({ length: 1 + Math.floor(r() * 3) }, () => `{"topic":"1/DataPoint/x","DataPoint":${value(0)}${r() < 0.2 ? `,"DataPoint":${value(0)}` : ''}}`);
    const text = `{"Document":{"Msg":[${msgs.join(',')}]}}`;
    try {
      JSON.parse(text);
    } catch {
      continue;
    }
    handed += exactTexts(text);
  }
  assert.ok(handed > 1000, `texts handed over: ${handed}`);
});

test('the remembered envelope (a burst\'s Msgs share it) is used only where the text is the same, across documents too', () => {
  const envelopeOf = (i: number) => ({ timestamp: '2026-01-01T00:00:00.000Z', topic: '1/DataPoint/d/s', operation: 'INSERTION', group: '*', DataPoint: { seq: i } });
  const canonical = doc(envelopeOf(1), envelopeOf(2), envelopeOf(3));
  assert.equal(exactTexts(canonical), 3);
  // The same members spelled differently in a later Msg (or a later document): not taken as the remembered text.
  const spaced = canonical.replace('},{"timestamp":"2026-01-01T00:00:00.000Z","topic"', '},{"timestamp":"2026-01-01T00:00:00.000Z", "topic"');
  assert.notEqual(spaced, canonical);
  assert.equal(exactTexts(spaced), 0);
  assert.equal(exactTexts(canonical), 3);
  // A repeated envelope member in a later Msg, the lengths evened out by a shorter key elsewhere.
  const repeated = canonical.replace('},{"timestamp":"2026-01-01T00:00:00.000Z","topic":"1/DataPoint/d/s"', '},{"timestamp":"2026-01-01T00:00:00.000Z","topic":"x","topic":"1/DataPoint/d/s"');
  assert.equal(exactTexts(repeated), 0);
  // Other values: the walk, not the remembered text.
  assert.equal(exactTexts(doc(envelopeOf(1), { ...envelopeOf(2), topic: '1/DataPoint/d/t' }, envelopeOf(3))), 3);
  assert.equal(exactTexts(doc(envelopeOf(1), { ...envelopeOf(2), group: 5 }, envelopeOf(3))), 3);
});
