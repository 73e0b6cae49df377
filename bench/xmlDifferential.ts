// Differential check of the XML fast path (src/core/protocol/xmlFast.ts) against
// fast-xml-parser built with payload.ts's own options (test/helpers/xmlReference.ts, checked
// against payload.ts by test/unit/xmlFast.test.ts): for every document, either the fast
// path declines (undefined) or fast-xml-parser accepts the document and both give the same
// value — same types, same numbers (Object.is), same keys in the same order.
//
// Documents: seeded random trees in and around the simple subset (tricky number texts,
// whitespace, self-closing tags, repeated children, attributes in both quote styles), the
// same with one mutation each (comments, CDATA, DOCTYPE, entities, \r\n, BOM, mismatched or
// missing closing tags, duplicate attributes, a second root, special names…), the
// simulator's own XML for every generated event type, and hostile documents.
//
// Run by `npm run bench` before measure 2 (it stops the bench on a mismatch), or alone:
// `node bench/run.mjs --only xmlcheck`.

import { parseSimpleXml } from '../src/core/protocol/xmlFast';
import { startSimulator } from '../src/simulator';
import { msgXml } from '../src/simulator/payloadEncoder';
import { referenceXmlParser } from '../test/helpers/xmlReference';
import { notify, serve } from './ipc';

const slow = referenceXmlParser();

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['Document', 'Msg', 'DataPoint', 'DeviceCore', 'id', 'data', 'value', 'streamId', 'a', 'b', 'c', 'x-y', 'x.y', '_u', 'A1', 'Msg2'];
const ODD_NAMES = ['ns:tag', 'toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'prototype', '1bad', 'é', 'a b'];
const ATTRS = ['topic', 'operation', 'timestamp', 'replay', 'group', 'a', 'b', 'x-y', '_z', 'id'];
const ODD_ATTRS = ['toString', '__proto__', 'constructor', 'xmlns:a', 'ns:b', '1a', 'hasOwnProperty'];
const TEXTS = [
  '0', '-0', '00', '007', '0.0', '-0.0', '0.5', '-0.50', '.5', '5.', '+5', '-5', '12', '-12', '12.50', '12.0', '1.10000000000000000001',
  '1e5', '1E5', '1e-5', '-1.5e3', '0e0', '00e1', '0.e1', '.e1', '1e400', '-1e-400', '1e', 'e5', '0x1F', '0X1f', '-0x1', '0b101', '0o17',
  '1_000', '1,000', '1.2.3', '--1', '- 1', 'Infinity', '-Infinity', 'NaN', '9007199254740993', '123456789012345678901234567890',
  '0.1234567890123456789', '1795702618934', '00000000-00000000-00409DFF-FF00B387', 'true', 'false', 'True', 'FALSE', 'null',
  'insertion', 'INSERTION', 'hello world', 'a\tb', 'line1\nline2', ' padded ', '\u00a012\u00a0', '\ufeff7', '١٢', 'é中文',
  '', ' ', '\n  ', 'x>y', 'a]]>b', "it's", 'say "hi"', '&amp;', '&lt;b&gt;', '&#65;', '&bogus;', '&', 'AT&T',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function ws(r: () => number): string {
  const x = r();
  return x < 0.6 ? '' : x < 0.8 ? ' ' : x < 0.9 ? '\n  ' : '\t';
}

function element(r: () => number, depth: number, name: string): string {
  const attrs: string[] = [];
  const nAttrs = r() < 0.5 ? 0 : Math.floor(r() * 4);
  for (let i = 0; i < nAttrs; i++) {
    const n = r() < 0.05 ? pick(r, ODD_ATTRS) : pick(r, ATTRS);
    const v = pick(r, TEXTS);
    const q = r() < 0.2 ? "'" : '"';
    if (v.includes(q)) continue;
    attrs.push(`${r() < 0.1 ? '\n   ' : ' '}${n}=${q}${v}${q}`);
  }
  const open = `<${name}${attrs.join('')}${r() < 0.1 ? ' ' : ''}`;
  const close = `</${name}${r() < 0.05 ? ' ' : ''}>`;
  const kind = r();
  if (kind < 0.1) return `${open}${r() < 0.5 ? ' ' : ''}/>`;
  if (depth >= 4 || kind < 0.5) return `${open}>${ws(r)}${pick(r, TEXTS)}${ws(r)}${close}`;
  const n = Math.floor(r() * 4);
  let body = '';
  for (let i = 0; i < n; i++) {
    const childName = r() < 0.04 ? pick(r, ODD_NAMES) : pick(r, NAMES);
    const times = r() < 0.2 ? 2 + Math.floor(r() * 2) : 1; // repeated children become arrays
    for (let t = 0; t < times; t++) body += ws(r) + element(r, depth + 1, childName);
  }
  if (r() < 0.05) body += pick(r, TEXTS); // mixed content
  return `${open}>${body}${ws(r)}${close}`;
}

function document(r: () => number): string {
  const msgs: string[] = [];
  const n = Math.floor(r() * 4);
  for (let i = 0; i < n; i++) msgs.push(element(r, 1, r() < 0.8 ? 'Msg' : pick(r, NAMES)));
  const rootName = r() < 0.9 ? 'Document' : pick(r, NAMES);
  return `<${rootName}>${msgs.map((m) => ws(r) + m).join('')}${ws(r)}</${rootName}>`;
}

const MUTATIONS: ((d: string, r: () => number) => string)[] = [
  (d, r) => insert(d, r, '<!-- c -->'),
  (d, r) => insert(d, r, '<![CDATA[<x>]]>'),
  (d) => `<?xml version="1.0"?>${d}`,
  (d) => `<!DOCTYPE d [<!ENTITY e "v">]>${d}`,
  (d, r) => insert(d, r, '&amp;'),
  (d) => d.replace(/\n/g, '\r\n').replace(/></, '>\r\n<'),
  (d) => `\ufeff${d}`,
  (d) => ` ${d} `,
  (d) => d.replace(/<\/[^>]+>/, ''),
  (d) => d.replace(/<\/([A-Za-z]+)>/, '</$1x>'),
  (d) => d.replace(/<([A-Za-z]+)( |>)/, '<$1 a="1" a="2"$2'),
  (d) => `${d}<Document/>`,
  (d) => `${d}trailing`,
  (d) => d.replace(/="/, '= "'),
  (d) => d.replace(/"/, ''),
  (d, r) => insert(d, r, '<toString>1</toString>'),
  (d, r) => insert(d, r, '<__proto__><x>1</x></__proto__>'),
  (d) => d.replace(/<([A-Za-z]+)>/, '<$1 flag>'),
  (d) => d.replace(/<([A-Za-z]+)>/, '<$1 x="a<b">'),
  (d) => d.replace(/<([A-Za-z]+)>/, '<$1 x="a>b">'),
  (d, r) => insert(d, r, '<a>' + '<b>'.repeat(80) + '1' + '</b>'.repeat(80) + '</a>'),
  (d) => d.slice(0, Math.max(1, d.length - 3)),
  (d) => d.replace('<', '< '),
];

function insert(d: string, r: () => number, what: string): string {
  const spots: number[] = [];
  for (let i = d.indexOf('>'); i >= 0; i = d.indexOf('>', i + 1)) spots.push(i + 1);
  const at = spots.length ? pick(r, spots.slice(0, -1).length ? spots.slice(0, -1) : spots) : 0;
  return d.slice(0, at) + what + d.slice(at);
}

function same(a: unknown, b: unknown, path: string): string | undefined {
  if (typeof a !== typeof b) return `${path}: ${typeof a} vs ${typeof b}`;
  if (typeof a === 'number') return Object.is(a, b) ? undefined : `${path}: ${a} vs ${b as number}`;
  if (a === null || typeof a !== 'object') return a === b ? undefined : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  if (b === null) return `${path}: object vs null`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs not`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: different prototypes`;
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  if (ka.join('\u0000') !== kb.join('\u0000')) return `${path}: keys ${JSON.stringify(ka)} vs ${JSON.stringify(kb)}`;
  for (const k of ka) {
    const d = same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}

interface Tally {
  documents: number;
  fastAccepted: number;
  slowAccepted: number;
  mismatches: { doc: string; why: string }[];
  simulatorDocs: number;
  simulatorAccepted: number;
}

function check(doc: string, t: Tally): boolean {
  t.documents += 1;
  let slowValue: unknown;
  let slowThrew = false;
  try {
    slowValue = slow.parse(doc, true);
    t.slowAccepted += 1;
  } catch {
    slowThrew = true;
  }
  const fast = parseSimpleXml(doc);
  if (fast === undefined) return false;
  t.fastAccepted += 1;
  const why = slowThrew ? 'fast path accepted a document fast-xml-parser rejects' : same(fast, slowValue, '$');
  if (why && t.mismatches.length < 20) t.mismatches.push({ doc: doc.length > 400 ? `${doc.slice(0, 400)}…` : doc, why });
  else if (why) t.mismatches.push({ doc: '', why });
  return true;
}

async function run(m: Record<string, unknown>): Promise<Tally> {
  const count = (m.count as number | undefined) ?? 20_000;
  const r = rng((m.seed as number | undefined) ?? 7);
  const t: Tally = { documents: 0, fastAccepted: 0, slowAccepted: 0, mismatches: [], simulatorDocs: 0, simulatorAccepted: 0 };
  for (let i = 0; i < count; i++) {
    const d = document(r);
    check(d, t);
    check(pick(r, MUTATIONS)(d, r), t);
  }
  // The simulator's own XML for every event type it generates, in batches of 1 to 100.
  const sim = await startSimulator({ seed: 3, tls: false });
  try {
    const events = sim.generate(2_000);
    for (let i = 0; i < events.length; ) {
      const n = 1 + Math.floor(r() * 100);
      const doc = `<Document>${events.slice(i, i + n).map((e) => msgXml(e, r() < 0.2)).join('')}</Document>`;
      t.simulatorDocs += 1;
      if (check(doc, t)) t.simulatorAccepted += 1;
      i += n;
    }
  } finally {
    await sim.close();
  }
  for (const doc of [
    `<Document>${'<Msg topic="1/A/x"><A>1</A></Msg>'.repeat(2_000)}</Document>`,
    `<Document><Msg topic="1/A/x" ${Array.from({ length: 40 }, (_, i) => `a${i}="${i}"`).join(' ')}><A>1</A></Msg></Document>`,
    `<Document><Msg topic="1/A/x"><A>${'<a>'.repeat(150)}${'</a>'.repeat(150)}</A></Msg></Document>`,
    '<Document><Msg topic="1/constructor/x"><constructor>1</constructor></Msg></Document>',
    '<Document><Msg topic="1/A/x" __proto__="p"><A>1</A></Msg></Document>',
    '<Document></Document>',
    '<Document/>',
    '<Document><Msg/></Document>',
    '<Document>  </Document>',
    '<Document><Msg topic="t"></Msg><Msg topic="u"/></Document>',
  ]) check(doc, t);
  return t;
}

serve({
  run,
  close: () => {
    setImmediate(() => process.exit(0));
    return true;
  },
});
notify('ready');
