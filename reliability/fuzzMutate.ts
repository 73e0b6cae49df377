// Turns (seed, case index) into one fuzz case: bytes for the push socket, how they are
// chunked, and the recipe that made them (printed with a finding). Mutations of valid
// frames (bit flips, byte sets, truncation, extension, length-field and sub-header edits,
// type edits, splices, inner-zlib damage, text-level edits of the event document that are
// re-encoded into a well-framed message) and wholly random frames.

import { Compression, DEFAULT_MAX_FRAME_LENGTH, Format, HEADER_SIZE, PUBLISH_SUBHEADER_SIZE } from '../src/core/protocol/constants';
import { encodeFrame, encodePublishMessage } from '../src/core/protocol/frames';
import { compressPayload } from '../src/simulator/payloadEncoder';
import { documents, publishFrame, type SeedDocument, type SeedFrame } from './fuzzCorpus';
import { caseRng, type Prng } from './prng';

export interface FuzzCase {
  index: number;
  bytes: Buffer;
  /** Chunk sizes summing to bytes.length. */
  chunks: number[];
  maxFrameLength: number;
  includeRaw: boolean;
  recipe: string[];
}

const INTERESTING_U8 = [0, 1, 2, 3, 4, 0x7f, 0x80, 0xfe, 0xff];

const JSON_TOKENS = [
  '{', '}', '[', ']', '"', ':', ',', 'null', 'true', 'false', '1e999', '-0', '0.1e-400', '"\\u0000"', '"\\ud800"',
  '"__proto__"', '"constructor"', '"prototype"', '"Msg"', '"Document"', '{"Msg":[', '"topic":"1/constructor/x"',
  '"topic":"1/__proto__/x"', '"timestamp":{"toString":1}', '"group":{"valueOf":null}', '"replay":"true"', '"operation":[]',
  '{"a":'.repeat(64), '['.repeat(64), '"' + 'x'.repeat(300) + '"', '12345678901234567890', '\u2028', '\uFEFF',
];
const XML_TOKENS = [
  '<', '>', '/>', '</Msg>', '<Msg topic="1/A/x">', '</Document>', '<Document>', '<!DOCTYPE d [<!ENTITY e "xx">]>', '&e;',
  '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>', '&x;', '&lt;', '&#0;', '&#x110000;', '&#65;', '&amp;amp;',
  '<![CDATA[', ']]>', '<?xml version="1.0"?>', '<!--', '-->', '<__proto__>', '</__proto__>', '<constructor>', ' __proto__="1"',
  ' a="1" a="2"', ' xmlns:x="y"', ' topic="1/toString/x"', ' replay="true"', '<a>'.repeat(64), '</a>'.repeat(64), '\u0000',
];

function copy(b: Buffer): Buffer {
  return Buffer.from(b);
}

function bitFlip(rng: Prng, b: Buffer): Buffer {
  if (b.length === 0) return b;
  const out = copy(b);
  const n = rng.int(1, 9);
  for (let i = 0; i < n; i++) out[rng.int(0, out.length)] ^= 1 << rng.int(0, 8);
  return out;
}

function byteSet(rng: Prng, b: Buffer): Buffer {
  if (b.length === 0) return b;
  const out = copy(b);
  const n = rng.int(1, 5);
  for (let i = 0; i < n; i++) out[rng.int(0, out.length)] = rng.pick(INTERESTING_U8);
  return out;
}

function truncate(rng: Prng, b: Buffer): Buffer {
  return b.subarray(0, rng.int(0, b.length + 1));
}

function extend(rng: Prng, b: Buffer): Buffer {
  return Buffer.concat([b, rng.bytes(rng.int(1, 65))]);
}

function insertDelete(rng: Prng, b: Buffer): Buffer {
  const at = rng.int(0, b.length + 1);
  if (rng.chance(0.5) && b.length > 0) return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + rng.int(1, 32)))]);
  return Buffer.concat([b.subarray(0, at), rng.bytes(rng.int(1, 32)), b.subarray(at)]);
}

function u32Variant(rng: Prng, real: number, maxFrameLength: number): number {
  return rng.weighted<() => number>([
    [5, () => Math.max(0, real + rng.int(-16, 17))],
    [1, () => 0],
    [1, () => 1],
    [1, () => 0xffffffff],
    [1, () => 0x7fffffff],
    [1, () => maxFrameLength],
    [1, () => maxFrameLength + 1],
    [2, () => rng.u32()],
    [1, () => rng.int(0, 70000)],
  ])() >>> 0;
}

function lengthEdit(rng: Prng, b: Buffer, maxFrameLength: number): Buffer {
  if (b.length < HEADER_SIZE) return extend(rng, b);
  const out = copy(b);
  out.writeUInt32BE(u32Variant(rng, out.readUInt32BE(2), maxFrameLength), 2);
  return out;
}

function payloadSizeEdit(rng: Prng, b: Buffer, maxFrameLength: number): Buffer {
  if (b.length < HEADER_SIZE + PUBLISH_SUBHEADER_SIZE) return lengthEdit(rng, b, maxFrameLength);
  const out = copy(b);
  out.writeUInt32BE(u32Variant(rng, out.readUInt32BE(12), maxFrameLength), 12);
  if (rng.chance(0.3)) out.writeUInt32BE(out.readUInt32BE(12) + PUBLISH_SUBHEADER_SIZE > 0xffffffff ? 0xffffffff : out.readUInt32BE(12) + PUBLISH_SUBHEADER_SIZE, 2);
  return out;
}

function subheaderEdit(rng: Prng, b: Buffer): Buffer {
  if (b.length < HEADER_SIZE + PUBLISH_SUBHEADER_SIZE) return byteSet(rng, b);
  const out = copy(b);
  switch (rng.int(0, 4)) {
    case 0:
      out.writeUInt16BE(rng.int(0, 0x10000), 6); // blockId
      break;
    case 1:
      out.writeUInt16BE(rng.pick([0, 1, 2, 0xffff, rng.int(0, 0x10000)]), 8); // count
      break;
    case 2:
      out[10] = rng.pick([0, 1, 2, 0xff, rng.int(0, 256)]); // compression
      break;
    default:
      out[11] = rng.pick([0, 1, 2, 0xff, rng.int(0, 256)]); // format
  }
  return out;
}

function typeEdit(rng: Prng, b: Buffer): Buffer {
  if (b.length < 2) return extend(rng, b);
  const out = copy(b);
  out.writeUInt16BE(rng.weighted<number>([[6, rng.int(0, 7)], [1, 0xffff], [1, rng.int(0, 0x10000)]]), 0);
  return out;
}

function splice(rng: Prng, a: Buffer, other: Buffer): Buffer {
  return Buffer.concat([a.subarray(0, rng.int(0, a.length + 1)), other.subarray(rng.int(0, other.length + 1))]);
}

function zlibInner(rng: Prng, b: Buffer): Buffer {
  const start = HEADER_SIZE + PUBLISH_SUBHEADER_SIZE;
  if (b.length <= start + 2) return bitFlip(rng, b);
  const out = copy(b);
  const n = rng.int(1, 4);
  for (let i = 0; i < n; i++) out[rng.int(start, out.length)] ^= 1 << rng.int(0, 8);
  return out;
}

const HOSTILE_RESOURCES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'DataPoint', '', 'x/y'];
const ODD_JSON_VALUES = ['{"toString":1}', '{"valueOf":null,"toString":null}', '[]', '[1,[2]]', '5', '-1e308', 'null', 'true', '{"a":{"b":1}}', '""', '"\\u0000"'];

/** Envelope fields (topic, timestamp, operation, group, replay) set to hostile values. */
function envelopeEdit(rng: Prng, t: string, format: number): string {
  const resource = () => rng.pick(HOSTILE_RESOURCES);
  if (format === Format.Xml) {
    return t
      .replace(/topic="[^"]*"/g, (m) => (rng.chance(0.5) ? `topic="1/${resource()}/x"` : m))
      .replace(/ (operation|timestamp|replay)="[^"]*"/g, (m) => rng.pick([m, '', ` ${m.trim().split('=')[0]}="${rng.pick(['', '&lt;', 'true', 'constructor'])}"`]));
  }
  return t
    .replace(/"topic":"[^"]*"/g, (m) => (rng.chance(0.5) ? rng.pick([`"topic":"1/${resource()}/x"`, `"topic":${rng.pick(ODD_JSON_VALUES)}`]) : m))
    .replace(/"(timestamp|operation|group|replay)":("[^"]*"|true|false)/g, (m, k: string) => (rng.chance(0.5) ? `"${k}":${rng.pick(ODD_JSON_VALUES)}` : m));
}

function mutateText(rng: Prng, doc: SeedDocument, recipe: string[]): SeedDocument {
  let t = doc.text;
  const tokens = doc.format === Format.Xml ? XML_TOKENS : JSON_TOKENS;
  const rounds = rng.int(1, 4);
  for (let r = 0; r < rounds; r++) {
    const at = rng.int(0, t.length + 1);
    const kind = rng.int(0, 8);
    switch (kind) {
      case 0:
        t = t.slice(0, at) + t.slice(Math.min(t.length, at + rng.int(1, 40)));
        recipe.push(`text:delete@${at}`);
        break;
      case 1: {
        const len = rng.int(1, 200);
        t = t.slice(0, at) + t.slice(at, at + len) + t.slice(at);
        recipe.push(`text:duplicate@${at}+${len}`);
        break;
      }
      case 2:
      case 3: {
        const tok = rng.pick(rng.chance(0.85) ? tokens : JSON_TOKENS.concat(XML_TOKENS));
        t = t.slice(0, at) + tok + t.slice(at);
        recipe.push(`text:insert@${at}:${JSON.stringify(tok.slice(0, 24))}`);
        break;
      }
      case 4:
        t = t.slice(0, at) + String.fromCharCode(rng.pick([0, 0x22, 0x3c, 0x3e, 0x26, 0x7b, 0x7d, 0x5c, 0xd800, 0xfffe, rng.int(0, 0x10000)])) + t.slice(at + 1);
        recipe.push(`text:replace@${at}`);
        break;
      case 5: {
        const depth = rng.weighted<number>([[6, 50], [6, 101], [3, 1000], [1, 20000], [0.3, 100000]]);
        t = doc.format === Format.Xml
          ? t.replace(/<Document>/, `<Document><Msg topic="1/A/x"><A>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</A></Msg>`)
          : t.replace(/"Document":\{/, `"Document":{"Msg":{"topic":"1/A/x","A":${'['.repeat(depth)}${']'.repeat(depth)}},"X":{`);
        recipe.push(`text:nest${depth}`);
        break;
      }
      case 6:
        t = envelopeEdit(rng, t, doc.format);
        recipe.push('text:envelope');
        break;
      default: {
        const n = rng.int(1, 6);
        t = t.replace(/(\d)/g, (d) => (rng.chance(0.1) ? String(n) + d : d));
        recipe.push('text:digits');
      }
    }
  }
  const flipFormat = rng.chance(0.05);
  const flipCompression = rng.chance(0.1);
  if (flipFormat) recipe.push('text:format-swap');
  if (flipCompression) recipe.push('text:compression-swap');
  return {
    text: t,
    format: flipFormat ? (doc.format === Format.Xml ? Format.Json : Format.Xml) : doc.format,
    compression: flipCompression ? (doc.compression === Compression.Zlib ? Compression.None : Compression.Zlib) : doc.compression,
    blockId: doc.blockId,
    count: rng.chance(0.1) ? rng.int(0, 0x10000) : doc.count,
  };
}

function randomFrame(rng: Prng, recipe: string[]): Buffer {
  switch (rng.int(0, 4)) {
    case 0:
      recipe.push('random:bytes');
      return rng.bytes(rng.int(0, 300));
    case 1: {
      recipe.push('random:framed');
      return encodeFrame(rng.int(0, 7), rng.bytes(rng.int(0, 200)));
    }
    case 2: {
      recipe.push('random:publish');
      const compression = rng.pick([0, 1, 1, 2]);
      const raw = rng.bytes(rng.int(0, 300));
      const payload = compression === 1 && rng.chance(0.7) ? compressPayload(raw, true) : raw;
      return encodePublishMessage({ blockId: rng.int(0, 0x10000), count: rng.int(0, 5), compression, format: rng.pick([0, 1, 2]), payload });
    }
    default: {
      recipe.push('random:document');
      const json = rng.chance(0.5);
      const parts = Array.from({ length: rng.int(1, 12) }, () => rng.pick(json ? JSON_TOKENS : XML_TOKENS));
      return publishFrame({ text: parts.join(''), format: json ? Format.Json : Format.Xml, compression: rng.pick([0, 1]), blockId: 1, count: 1 });
    }
  }
}

function mutateOnce(rng: Prng, corpus: readonly SeedFrame[], docs: readonly SeedDocument[], maxFrameLength: number, recipe: string[]): Buffer {
  const seed = rng.pick(corpus);
  const op = rng.weighted<string>([
    [10, 'bitflip'], [4, 'byteset'], [5, 'truncate'], [3, 'extend'], [3, 'insdel'], [7, 'length'], [6, 'payloadSize'],
    [5, 'subheader'], [4, 'type'], [4, 'splice'], [6, 'zlib'], [22, 'text'], [8, 'random'], [3, 'havoc'],
  ]);
  recipe.push(`${op}(${seed.name})`);
  switch (op) {
    case 'bitflip': return bitFlip(rng, seed.bytes);
    case 'byteset': return byteSet(rng, seed.bytes);
    case 'truncate': return truncate(rng, seed.bytes);
    case 'extend': return extend(rng, seed.bytes);
    case 'insdel': return insertDelete(rng, seed.bytes);
    case 'length': return lengthEdit(rng, seed.bytes, maxFrameLength);
    case 'payloadSize': return payloadSizeEdit(rng, seed.bytes, maxFrameLength);
    case 'subheader': return subheaderEdit(rng, seed.bytes);
    case 'type': return typeEdit(rng, seed.bytes);
    case 'splice': return splice(rng, seed.bytes, rng.pick(corpus).bytes);
    case 'zlib': {
      const z = docs.filter((d) => d.compression === Compression.Zlib);
      return zlibInner(rng, publishFrame(rng.pick(z)));
    }
    case 'text': return publishFrame(mutateText(rng, rng.pick(docs), recipe));
    case 'random': return randomFrame(rng, recipe);
    default: {
      let b = seed.bytes;
      const n = rng.int(2, 5);
      for (let i = 0; i < n; i++) b = rng.pick([bitFlip, byteSet, truncate, extend, insertDelete, typeEdit, subheaderEdit])(rng, b);
      return b;
    }
  }
}

function chunking(rng: Prng, total: number, recipe: string[]): number[] {
  const mode = rng.weighted<string>([[50, 'whole'], [15, 'drip'], [35, 'cuts']]);
  if (total === 0) return [0];
  if (mode === 'drip' && total <= 4096) {
    recipe.push('chunks:drip');
    return new Array<number>(total).fill(1);
  }
  if (mode === 'whole') return [total];
  const cuts = new Set<number>();
  const n = rng.int(1, 9);
  for (let i = 0; i < n; i++) cuts.add(rng.int(1, total));
  const sorted = [...cuts].sort((a, b) => a - b);
  const sizes: number[] = [];
  let prev = 0;
  for (const c of sorted) {
    sizes.push(c - prev);
    prev = c;
  }
  sizes.push(total - prev);
  recipe.push(`chunks:${sizes.length}`);
  return sizes;
}

export class CaseFactory {
  private readonly docs: SeedDocument[];

  constructor(
    readonly seed: number,
    readonly corpus: readonly SeedFrame[],
  ) {
    this.docs = documents(corpus);
  }

  make(index: number): FuzzCase {
    const rng = caseRng(this.seed, index);
    const recipe: string[] = [];
    const maxFrameLength = rng.chance(0.2) ? rng.int(16, 4096) : DEFAULT_MAX_FRAME_LENGTH;
    if (maxFrameLength !== DEFAULT_MAX_FRAME_LENGTH) recipe.push(`maxFrameLength=${maxFrameLength}`);
    let bytes: Buffer;
    if (rng.chance(0.15)) {
      // A stream of several frames, some valid, some mutated.
      const parts: Buffer[] = [];
      const n = rng.int(2, 7);
      for (let i = 0; i < n; i++) parts.push(rng.chance(0.5) ? rng.pick(this.corpus).bytes : mutateOnce(rng, this.corpus, this.docs, maxFrameLength, recipe));
      recipe.unshift(`stream:${n}`);
      bytes = Buffer.concat(parts);
    } else {
      bytes = mutateOnce(rng, this.corpus, this.docs, maxFrameLength, recipe);
    }
    const chunks = chunking(rng, bytes.length, recipe);
    return { index, bytes, chunks, maxFrameLength, includeRaw: rng.chance(0.3), recipe };
  }
}
