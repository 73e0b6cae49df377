// Valid frames the fuzzer mutates: the test vectors of push-protocol §5 and PublishMessages
// made by the simulator's own generator and encoder (every resource type, JSON and XML,
// zlib and none, batches of 1 to 20 events), plus handshake and ack frames. Built from the
// run's seed with a fixed clock, so a seed always yields the same corpus.

import { Compression, Format } from '../src/core/protocol/constants';
import { encodeAck, encodeConnectRequest, encodeConnectResponse, encodePublishMessage } from '../src/core/protocol/frames';
import { DEMO_ACCOUNT } from '../src/simulator/accounts';
import { EventGenerator } from '../src/simulator/generator';
import { compressPayload, documentText, type PayloadFormat } from '../src/simulator/payloadEncoder';
import { encodeLegacyAck } from '../test/helpers/legacyAck';
import { JSON_PAYLOAD, VECTORS, XML_BATCH, hex } from '../test/helpers/vectors';

/** A PublishMessage document that text-level mutations re-encode into a well-framed message. */
export interface SeedDocument {
  text: string;
  format: number;
  compression: number;
  blockId: number;
  count: number;
}

export interface SeedFrame {
  name: string;
  bytes: Buffer;
  doc?: SeedDocument;
}

export const FIXED_CLOCK = Date.UTC(2026, 0, 1);

export function publishFrame(doc: SeedDocument): Buffer {
  const payload = compressPayload(doc.text, doc.compression === Compression.Zlib);
  return encodePublishMessage({ blockId: doc.blockId, count: doc.count, compression: doc.compression, format: doc.format, payload });
}

function docFrame(name: string, doc: SeedDocument): SeedFrame {
  return { name, bytes: publishFrame(doc), doc };
}

export function buildCorpus(seed: number): SeedFrame[] {
  const out: SeedFrame[] = [];
  for (const [name, h] of Object.entries(VECTORS)) out.push({ name: `vector:${name}`, bytes: hex(h) });
  out.push(docFrame('vector:json-doc', { text: JSON_PAYLOAD, format: Format.Json, compression: Compression.None, blockId: 1, count: 1 }));
  out.push(docFrame('vector:xml-batch', { text: XML_BATCH, format: Format.Xml, compression: Compression.Zlib, blockId: 3, count: 2 }));
  out.push(docFrame('keepalive:json', { text: '{"Document":{}}', format: Format.Json, compression: Compression.None, blockId: 7, count: 0 }));
  out.push(docFrame('keepalive:xml', { text: '<Document/>', format: Format.Xml, compression: Compression.Zlib, blockId: 8, count: 0 }));

  let seq = 0;
  const gen = new EventGenerator({ account: DEMO_ACCOUNT, devices: 4, seed, clock: () => FIXED_CLOCK, nextSeq: () => ++seq });
  let block = 0;
  for (const size of [1, 2, 5, 20]) {
    for (const format of ['json', 'xml'] as PayloadFormat[]) {
      for (const zlib of [false, true]) {
        const batch = Array.from({ length: size }, (_, i) => ({ event: gen.next(), replay: i % 3 === 1 }));
        const doc: SeedDocument = {
          text: documentText(batch, format),
          format: format === 'xml' ? Format.Xml : Format.Json,
          compression: zlib ? Compression.Zlib : Compression.None,
          blockId: block++ & 0xffff,
          count: size,
        };
        out.push(docFrame(`sim:${format}:${zlib ? 'zlib' : 'none'}:${size}`, doc));
      }
    }
  }
  out.push({ name: 'connectResponse:200', bytes: encodeConnectResponse(200) });
  out.push({ name: 'connectResponse:403', bytes: encodeConnectResponse(403) });
  out.push({ name: 'connectRequest', bytes: encodeConnectRequest({ username: 'demo', password: 'pässwörd', monitorId: 0x104 }) });
  out.push({ name: 'ack', bytes: encodeAck(0x1a7) });
  out.push({ name: 'legacyAck', bytes: encodeLegacyAck(1) });
  return out;
}

/** The documents of the corpus (for text-level mutation). */
export function documents(corpus: readonly SeedFrame[]): SeedDocument[] {
  return corpus.flatMap((f) => (f.doc ? [f.doc] : []));
}
