// Turns a PublishMessage payload into normalised events (push-protocol §2.7, §3).
// Compression 1 is a zlib stream (RFC 1950) even when the monitor setting says "gzip".
// JSON: {"Document":{"Msg": obj | [obj…]}}; XML: <Document><Msg topic=… operation=…
// timestamp=… [replay="true"]><Resource>…</Resource></Msg>…</Document>.

import { inflateSync } from 'node:zlib';
import type { X2jOptions } from 'fast-xml-parser';
import { PayloadError } from '../errors';
import type { EventFormat, PushEvent } from '../events';
import { Compression, DEFAULT_MAX_INFLATED_LENGTH, Format } from './constants';
import type { PublishMessage } from './frames';
import { parseSimpleXml } from './xmlFast';
import { resourceSourceTexts } from './jsonSource';
import { lazyXml } from '../xmlLib';

export interface PayloadDecodeOptions {
  /** Attach each event's own document text as `raw`. Costs a re-serialisation per event. */
  includeRaw?: boolean;
  /**
   * JSON documents: attach `dataJson` (exactly JSON.stringify(data)) where the document's own
   * text of the resource is that already, so a consumer printing JSON need not serialise it
   * again. Costs one pass over the document; the texts keep the batch's document in memory
   * while their events live.
   */
  includeDataJson?: boolean;
  /** Cap on the inflated size of one payload. */
  maxInflatedLength?: number;
  monitorId?: number;
  receivedAt?: number;
}

export interface DecodedBatch {
  events: PushEvent[];
  /** The frame's `count` differed from the number of Msg elements found. */
  countMismatch: boolean;
}

const ENVELOPE_KEYS = new Set(['timestamp', 'topic', 'operation', 'group', 'replay']);
/** Resource member of a JSON Msg: any member that is not part of the envelope. */
const isJsonResourceKey = (k: string): boolean => !ENVELOPE_KEYS.has(k);
/** Resource element of an XML Msg: not an attribute, not text. */
const isXmlResourceKey = (k: string): boolean => !k.startsWith('@_') && k !== '#text';

/**
 * Output chunk for inflating a batch of `count` events: room for ≈512 bytes per event (a
 * DataPoint is ≈420 bytes of JSON), a power of two from zlib's default 16 KiB up to 256 KiB.
 * A batch of 100 then inflates into one 64 KiB chunk instead of three 16 KiB chunks and a
 * concatenating copy. Larger documents still inflate correctly, in more chunks.
 */
function inflateChunkSize(count: number): number {
  let size = 16 * 1024;
  while (size < count * 512 && size < 256 * 1024) size *= 2;
  return size;
}

/**
 * The XML parser's settings. parseSimpleXml (xmlFast.ts) answers exactly as a parser built
 * from them; the tests' copy (test/helpers/xmlReference.ts) is checked against this parser.
 */
const XML_PARSER_OPTIONS: X2jOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseAttributeValue: false,
  parseTagValue: true,
  // Keep ids such as "0013" or "0x1F" as text; only plain decimals become numbers.
  numberParseOptions: { hex: false, leadingZeros: false, eNotation: true },
  isArray: (_name, jpath) => jpath === 'Document.Msg',
  processEntities: true,
  htmlEntities: false,
};

// Made on first use (xmlLib.ts: fast-xml-parser is loaded only when an XML payload needs it).
const xmlParser = lazyXml((x) => new x.XMLParser(XML_PARSER_OPTIONS));

const xmlBuilder = lazyXml((x) => new x.XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true }));

/** Inflates (when compressed) and returns the payload text. */
export function payloadText(msg: PublishMessage, maxInflatedLength = DEFAULT_MAX_INFLATED_LENGTH): string {
  let bytes = msg.payload;
  if (msg.compression === Compression.Zlib) {
    try {
      bytes = inflateSync(bytes, { maxOutputLength: maxInflatedLength, chunkSize: inflateChunkSize(msg.count) });
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
        ? `inflated payload exceeds ${maxInflatedLength} bytes`
        : `zlib payload could not be inflated (${(e as Error).message})`;
      throw new PayloadError(msg.blockId, why, { cause: e });
    }
  } else if (msg.compression !== Compression.None) {
    throw new PayloadError(msg.blockId, `unknown compression code ${msg.compression} (0 none, 1 zlib)`);
  }
  return bytes.toString('utf8');
}

export function decodePublishPayload(msg: PublishMessage, options: PayloadDecodeOptions = {}): DecodedBatch {
  const text = payloadText(msg, options.maxInflatedLength);
  let events: PushEvent[];
  if (msg.format === Format.Json) events = decodeJsonDocument(text, msg.blockId, options);
  else if (msg.format === Format.Xml) events = decodeXmlDocument(text, msg.blockId, options);
  else throw new PayloadError(msg.blockId, `unknown format code ${msg.format} (0 XML, 1 JSON)`);
  return { events, countMismatch: events.length !== msg.count };
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function resourceOf(topic: string, msg: Record<string, unknown>, isKey: (k: string) => boolean): string {
  // Topic form is <cstId>/<Resource>/<path>; fall back to the first non-envelope member.
  const first = topic.indexOf('/');
  if (first >= 0) {
    const second = topic.indexOf('/', first + 1);
    const name = topic.slice(first + 1, second < 0 ? undefined : second);
    // Own members only: `in` would also find Object.prototype's (topic 1/constructor/x).
    if (name && Object.hasOwn(msg, name)) return name;
  }
  for (const k of Object.keys(msg)) if (isKey(k)) return k;
  return first >= 0 ? topic.slice(first + 1).split('/')[0] : 'unknown';
}

/** The resource object of a Msg; never an inherited member such as `constructor` or `__proto__`. */
const member = (msg: Record<string, unknown>, key: string): unknown => (Object.hasOwn(msg, key) ? msg[key] : undefined);

/**
 * Envelope text of any JSON value. String() would throw on an object whose toString is not
 * a function ({"toString":1}), which a hostile sender controls; objects become their JSON.
 */
function envelopeText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v !== 'object') return String(v);
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '';
  }
}

/** Upper-cased operation; the last spelling is remembered (batches repeat one or two). */
let lastOperation = '';
let lastOperationUpper = '';
function upperOperation(operation: unknown): string {
  if (typeof operation !== 'string') return '';
  if (operation !== lastOperation) {
    lastOperationUpper = operation.toUpperCase();
    lastOperation = operation;
  }
  return lastOperationUpper;
}

/** What every event of one batch shares; receivedAt is one value per batch (events.ts). */
interface BatchContext {
  format: EventFormat;
  blockId: number;
  monitorId: number;
  receivedAt: number;
}

function batchContext(format: EventFormat, blockId: number, options: PayloadDecodeOptions): BatchContext {
  return { format, blockId, monitorId: options.monitorId ?? 0, receivedAt: options.receivedAt ?? Date.now() };
}

function makeEvent(
  b: BatchContext,
  topic: string,
  type: string,
  operation: unknown,
  timestamp: unknown,
  group: unknown,
  replay: boolean,
  data: unknown,
): PushEvent {
  const op = upperOperation(operation);
  const ts = envelopeText(timestamp);
  // Two literals (with and without group, keys in the same order as ever) instead of
  // adding `group` afterwards: no hidden-class transition per event.
  if (group != null) {
    return {
      kind: 'event', topic, type, operation: op, timestamp: ts, replay, data,
      format: b.format, blockId: b.blockId, monitorId: b.monitorId, receivedAt: b.receivedAt,
      group: envelopeText(group),
    };
  }
  return {
    kind: 'event', topic, type, operation: op, timestamp: ts, replay, data,
    format: b.format, blockId: b.blockId, monitorId: b.monitorId, receivedAt: b.receivedAt,
  };
}

export function decodeJsonDocument(text: string, blockId: number, options: PayloadDecodeOptions = {}): PushEvent[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PayloadError(blockId, `JSON payload does not parse (${(e as Error).message})`, { cause: e });
  }
  const root = asRecord(asRecord(doc)?.Document);
  if (asRecord(doc)?.Document === undefined) throw new PayloadError(blockId, 'JSON payload has no "Document" member');
  // An empty Document is a keep-alive (function-drm-monitor treats it so): no events.
  const msgs = root?.Msg;
  if (msgs == null) return [];
  const list = Array.isArray(msgs) ? msgs : [msgs];
  const events: PushEvent[] = new Array(list.length);
  const b = batchContext('json', blockId, options);
  for (let i = 0; i < list.length; i++) {
    const m = asRecord(list[i]);
    if (!m) throw new PayloadError(blockId, `Msg ${i} is not an object`);
    const topic = typeof m.topic === 'string' ? m.topic : '';
    const type = resourceOf(topic, m, isJsonResourceKey);
    const ev = makeEvent(b, topic, type, m.operation, m.timestamp, m.group, m.replay === true || m.replay === 'true', member(m, type));
    if (options.includeRaw) {
      try {
        ev.raw = JSON.stringify(m);
      } catch (e) {
        // JSON.parse accepts nesting that JSON.stringify cannot recurse through (RangeError).
        throw new PayloadError(blockId, `Msg ${i} cannot be re-serialised (${(e as Error).message})`, { cause: e });
      }
    }
    events[i] = ev;
  }
  if (options.includeDataJson) {
    const texts = resourceSourceTexts(text, doc, list, events.map((e) => e.type));
    if (texts) for (let i = 0; i < events.length; i++) if (texts[i] !== undefined) events[i].dataJson = texts[i];
  }
  return events;
}

export function decodeXmlDocument(text: string, blockId: number, options: PayloadDecodeOptions = {}): PushEvent[] {
  let doc: Record<string, unknown> | undefined;
  try {
    // The simple subset (what the platform and the simulator send) takes the fast path;
    // anything else, valid or not, goes to fast-xml-parser with validation, as before.
    doc = asRecord(parseSimpleXml(text) ?? xmlParser().parse(text, true));
  } catch (e) {
    throw new PayloadError(blockId, `XML payload does not parse (${(e as Error).message})`, { cause: e });
  }
  if (!doc || !('Document' in doc)) throw new PayloadError(blockId, 'XML payload has no <Document> element');
  const msgs = asRecord(doc.Document)?.Msg;
  if (!Array.isArray(msgs)) return [];
  const events: PushEvent[] = new Array(msgs.length);
  const b = batchContext('xml', blockId, options);
  for (let i = 0; i < msgs.length; i++) {
    const m = asRecord(msgs[i]);
    if (!m) throw new PayloadError(blockId, `<Msg> ${i} has no content`);
    const topic = typeof m['@_topic'] === 'string' ? m['@_topic'] : '';
    const type = resourceOf(topic, m, isXmlResourceKey);
    const ev = makeEvent(b, topic, type, m['@_operation'], m['@_timestamp'], m['@_group'], m['@_replay'] === 'true', member(m, type));
    if (options.includeRaw) ev.raw = xmlBuilder().build({ Msg: m }) as string;
    events[i] = ev;
  }
  return events;
}
