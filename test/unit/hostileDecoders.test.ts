// Hostile inputs for the core decoders (issue 8, part 4): XML entity tricks, prototype
// keys, huge attribute counts, deep nesting. The rule for all of them: the decoder either
// returns plain data or throws a PayloadError, in bounded time and memory, and never
// touches a prototype. (How the viewer renders hostile strings: test/e2e/viewerBrowser.test.ts
// with the corpus in test/fixtures/hostile-payloads.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { decodePublishPayload } from '../../src/core/protocol/payload';
import { PayloadError, PushMonitorError } from '../../src/core/errors';
import type { PushEvent } from '../../src/core/events';

const JSON_FORMAT = 1;
const XML_FORMAT = 0;
const msg = (payload: string | Buffer, format: number, compression = 0) => ({
  blockId: 9,
  count: 1,
  compression,
  format,
  payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
});

/** Decodes, asserting a PayloadError (never another class) when it throws; bounded in time. */
function decode(payload: string | Buffer, format: number, opts: { includeRaw?: boolean; maxMs?: number } = {}): PushEvent[] | PayloadError {
  const started = performance.now();
  try {
    return decodePublishPayload(msg(payload, format), { includeRaw: opts.includeRaw }).events;
  } catch (e) {
    assert.ok(e instanceof PayloadError, `expected a PayloadError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    return e;
  } finally {
    const ms = performance.now() - started;
    assert.ok(ms < (opts.maxMs ?? 5000), `decode took ${ms.toFixed(0)} ms`);
  }
}

const notPolluted = () => {
  for (const k of ['polluted', 'isAdmin', 'toJSON']) assert.equal((Object.prototype as Record<string, unknown>)[k], undefined, `Object.prototype.${k}`);
};

test('XML billion laughs: nested entity references are not expanded', () => {
  const lol = (n: number) => `&lol${n};`.repeat(10);
  const decl = `<!DOCTYPE lolz [<!ENTITY lol0 "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${lol(i)}">`).join('')}]>`;
  const out = decode(`<?xml version="1.0"?>${decl}<Document><Msg topic="1/A/x"><A>&lol9;</A></Msg></Document>`, XML_FORMAT, { maxMs: 2000, includeRaw: true });
  if (out instanceof PayloadError) {
    assert.match(out.message, /entit|limit/i, 'refused for its entities, not for something else');
    return;
  }
  // Measured on the whole decoded event (String() of an object is "[object Object]" whatever
  // it holds): one event, its data the unexpanded reference as text, raw small too.
  assert.equal(out.length, 1);
  const size = JSON.stringify(out[0]).length;
  assert.ok(size < 1000, `the decoded event is ${size} chars`);
  assert.equal(typeof out[0].data, 'string', `data is ${JSON.stringify(out[0].data).slice(0, 80)}`);
  assert.doesNotMatch(out[0].data as string, /(lol){2}/, 'no entity was expanded');
  assert.ok((out[0].raw ?? '').length < 1000, `raw is ${(out[0].raw ?? '').length} chars`);
});

test('XML quadratic blowup (one large entity referenced many times) is refused by the expansion limit', () => {
  const big = 'a'.repeat(9999);
  for (const body of [`<A>${'&big;'.repeat(20_000)}</A>`, `<A ${Array.from({ length: 2000 }, (_, i) => `b${i}="${'&big;'.repeat(10)}"`).join(' ')}>1</A>`]) {
    const out = decode(`<!DOCTYPE d [<!ENTITY big "${big}">]><Document><Msg topic="1/A/x">${body}</Msg></Document>`, XML_FORMAT, { maxMs: 2000 });
    assert.ok(out instanceof PayloadError && /limit exceeded/i.test(out.message), String(out));
  }
});

test('XML external entities (XXE) are refused, nothing is read', () => {
  const out = decode('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Document><Msg topic="1/A/x"><A>&xxe;</A></Msg></Document>', XML_FORMAT);
  assert.ok(out instanceof PayloadError && /external entities/i.test(out.message), String(out));
});

test('XML __proto__ / constructor element and attribute names pollute nothing', () => {
  for (const xml of [
    '<Document><Msg topic="1/__proto__/x"><__proto__><polluted>1</polluted></__proto__></Msg></Document>',
    '<Document><Msg topic="1/A/x" __proto__="polluted"><A><constructor><prototype><polluted>1</polluted></prototype></constructor></A></Msg></Document>',
    '<Document><Msg topic="1/A/x"><A __proto__="x" constructor="y">1</A></Msg></Document>',
  ]) {
    const out = decode(xml, XML_FORMAT);
    if (!(out instanceof PayloadError)) for (const e of out) assert.notEqual(typeof e.data, 'function');
    notPolluted();
  }
});

test('a topic naming an inherited member (constructor, __proto__, toString) never yields the prototype as data', () => {
  // Found by the decoder tests of issue 8: `name in msg` matched Object.prototype members.
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    for (const [payload, format] of [
      [`{"Document":{"Msg":{"topic":"1/${name}/x","operation":"CREATE"}}}`, JSON_FORMAT],
      [`<Document><Msg topic="1/${name}/x" operation="create"></Msg></Document>`, XML_FORMAT],
      [`<Document><Msg topic="1/${name}/x"><B>1</B></Msg></Document>`, XML_FORMAT],
    ] as const) {
      const out = decode(payload, format);
      if (out instanceof PayloadError) continue;
      for (const e of out) {
        assert.notEqual(typeof e.data, 'function', `${name}: data is a function`);
        assert.ok(e.data !== Object.prototype && e.data !== Function.prototype, `${name}: data is a prototype`);
      }
    }
  }
});

test('JSON __proto__ / constructor keys anywhere stay plain data', () => {
  const out = decode(
    '{"__proto__":{"polluted":1},"Document":{"__proto__":{"isAdmin":true},"Msg":[{"topic":"1/DataPoint/x","constructor":{"prototype":{"polluted":1}},"DataPoint":{"__proto__":{"polluted":1},"data":1}}]}}',
    JSON_FORMAT,
  );
  assert.ok(!(out instanceof PayloadError));
  assert.equal(out.length, 1);
  notPolluted();
  const data = out[0].data as Record<string, unknown>;
  assert.equal(data.data, 1);
  assert.equal((data as { polluted?: unknown }).polluted, undefined, 'an own __proto__ key does not become the prototype');
  // A Document that exists only behind a __proto__ key is not a Document.
  assert.ok(decode('{"__proto__":{"Document":{"Msg":{"topic":"1/A/x"}}}}', JSON_FORMAT) instanceof PayloadError);
});

test('envelope values of any JSON type cannot make the decoder throw a TypeError', () => {
  // {"toString":1} made String(timestamp) throw "Cannot convert object to primitive value".
  const out = decode('{"Document":{"Msg":{"topic":5,"operation":{"toUpperCase":1},"timestamp":{"toString":1},"group":{"valueOf":1,"toString":2},"replay":{"x":1}}}}', JSON_FORMAT);
  assert.ok(!(out instanceof PayloadError));
  assert.equal(out[0].timestamp, '{"toString":1}');
  assert.equal(out[0].group, '{"valueOf":1,"toString":2}');
  assert.equal(out[0].operation, '');
  assert.equal(out[0].topic, '');
  assert.equal(out[0].replay, false);
  for (const v of ['[1,2]', 'true', '12.5', '"x"']) {
    const r = decode(`{"Document":{"Msg":{"topic":"1/A/x","timestamp":${v},"group":${v},"A":1}}}`, JSON_FORMAT);
    assert.ok(!(r instanceof PayloadError) && typeof r[0].timestamp === 'string' && typeof r[0].group === 'string');
  }
});

test('huge attribute counts decode in bounded time; duplicate attributes are refused', () => {
  const attrs = Array.from({ length: 20_000 }, (_, i) => `a${i}="${i}"`).join(' ');
  const out = decode(`<Document><Msg topic="1/A/x" ${attrs}><A ${attrs}>1</A></Msg></Document>`, XML_FORMAT, { maxMs: 5000 });
  assert.ok(!(out instanceof PayloadError) && out.length === 1);
  const dup = decode(`<Document><Msg topic="1/A/x" ${'a="1" '.repeat(5000)}><A>1</A></Msg></Document>`, XML_FORMAT);
  assert.ok(dup instanceof PayloadError && /repeated/.test(dup.message));
});

test('deeply nested XML is refused by the nesting limit, not by a stack overflow', () => {
  for (const depth of [150, 20_000, 200_000]) {
    const out = decode(`<Document><Msg topic="1/A/x"><A>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</A></Msg></Document>`, XML_FORMAT, { includeRaw: true });
    assert.ok(out instanceof PayloadError && /nested/i.test(out.message), String(out));
  }
});

test('deeply nested JSON decodes as data; re-serialising it for `raw` is a PayloadError, not a RangeError', () => {
  const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  const doc = `{"Document":{"Msg":{"topic":"1/A/x","A":${deep(100_000)}}}}`;
  const plain = decode(doc, JSON_FORMAT);
  assert.ok(!(plain instanceof PayloadError) && plain.length === 1);
  const raw = decode(doc, JSON_FORMAT, { includeRaw: true });
  assert.ok(raw instanceof PayloadError && /cannot be re-serialised/.test(raw.message), String(raw));
  const arrays = decode(`{"Document":{"Msg":{"topic":"1/A/x","A":${'['.repeat(200_000)}${']'.repeat(200_000)}}}}`, JSON_FORMAT);
  assert.ok(!(arrays instanceof PayloadError));
  // Compressed, the same document is a few hundred bytes on the wire.
  const small = deflateSync(doc);
  assert.ok(small.length < 5000);
  assert.throws(() => decodePublishPayload(msg(small, JSON_FORMAT, 1), { includeRaw: true }), (e: unknown) => e instanceof PayloadError);
});

test('many Msgs, long strings, invalid UTF-8 and lone surrogates are plain data', () => {
  const many = decode(`<Document>${'<Msg topic="1/A/x"><A>1</A></Msg>'.repeat(20_000)}</Document>`, XML_FORMAT);
  assert.ok(!(many instanceof PayloadError) && many.length === 20_000);
  const bytes = Buffer.concat([Buffer.from('{"Document":{"Msg":{"topic":"1/A/\xff","A":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('\\ud800 x","timestamp":"\\u0000"}}}')]);
  const odd = decode(bytes, JSON_FORMAT);
  assert.ok(!(odd instanceof PayloadError) && typeof odd[0].data === 'string');
  const long = decode(`{"Document":{"Msg":{"topic":"1/A/x","A":"${'x'.repeat(4_000_000)}"}}}`, JSON_FORMAT);
  assert.ok(!(long instanceof PayloadError) && (long[0].data as string).length === 4_000_000);
});

test('CDATA and entities in XML stay text; markup never becomes structure', () => {
  const out = decode('<Document><Msg topic="1/A/x"><A><![CDATA[<script>alert(1)</script>]]>&lt;b&gt;</A></Msg></Document>', XML_FORMAT, { includeRaw: true });
  assert.ok(!(out instanceof PayloadError));
  assert.equal(typeof out[0].data, 'string');
  assert.ok(!/<script>/.test(out[0].raw ?? ''), 'raw re-escapes the text');
  assert.ok(out instanceof Array && !(out[0] instanceof PushMonitorError));
});
