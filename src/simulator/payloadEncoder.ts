// Event documents in the exact shapes of push-protocol §3.1:
//   JSON  {"Document":{"Msg":{…}}} for one event, {"Document":{"Msg":[{…},{…}]}} for several;
//         Msg keys timestamp, topic, operation (upper case), group "*", [replay true], <Resource>.
//   XML   <Document><Msg topic="…" operation="…" timestamp="…" [replay="true"]><Resource>…</Resource></Msg>…</Document>
//         Operations are lower case in XML, as in the platform's XML examples (§6.13); no
//         group attribute and no XML declaration (the PublishMessage example has neither).
// Compression 1 is a zlib stream (RFC 1950, first byte 0x78), never gzip (§2.7).

import { deflateSync } from 'node:zlib';
import { Compression, Format } from '../core';
import type { SimEvent } from './simEvent';
import { escapeXml, toXml } from './xml';

export interface Outgoing {
  event: SimEvent;
  replay: boolean;
}

export type PayloadFormat = 'json' | 'xml';

export function msgJson(event: SimEvent, replay: boolean): string {
  const c = (event.cache ??= {});
  if (c.jsonHead === undefined || c.jsonTail === undefined) {
    c.jsonHead =
      `{"timestamp":${JSON.stringify(event.timestamp)},"topic":${JSON.stringify(event.topic)},` +
      `"operation":${JSON.stringify(event.operation)},"group":"*"`;
    c.jsonTail = `,${JSON.stringify(event.type)}:${JSON.stringify(event.data ?? {})}}`;
  }
  return c.jsonHead + (replay ? ',"replay":true' : '') + c.jsonTail;
}

export function msgXml(event: SimEvent, replay: boolean): string {
  const c = (event.cache ??= {});
  if (c.xmlHead === undefined || c.xmlBody === undefined) {
    c.xmlHead =
      `<Msg topic="${escapeXml(event.topic)}" operation="${escapeXml(event.operation.toLowerCase())}"` +
      ` timestamp="${escapeXml(event.timestamp)}"`;
    c.xmlBody = `>${toXml(event.type, event.data ?? {})}</Msg>`;
  }
  return c.xmlHead + (replay ? ' replay="true"' : '') + c.xmlBody;
}

export function msgText(event: SimEvent, replay: boolean, format: PayloadFormat): string {
  return format === 'xml' ? msgXml(event, replay) : msgJson(event, replay);
}

/** Wraps already-encoded Msg texts into one Document. */
export function wrapDocument(msgs: readonly string[], format: PayloadFormat): string {
  if (format === 'xml') return `<Document>${msgs.join('')}</Document>`;
  return msgs.length === 1 ? `{"Document":{"Msg":${msgs[0]}}}` : `{"Document":{"Msg":[${msgs.join(',')}]}}`;
}

export function documentText(batch: readonly Outgoing[], format: PayloadFormat): string {
  return wrapDocument(batch.map((o) => msgText(o.event, o.replay, format)), format);
}

/** The PublishMessage payload bytes; zlib at the default level unless `level` is given. */
export function compressPayload(text: string | Buffer, compressed: boolean, level?: number): Buffer {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return compressed ? deflateSync(bytes, level === undefined ? {} : { level }) : bytes;
}

export const formatCode = (f: PayloadFormat): number => (f === 'xml' ? Format.Xml : Format.Json);
export const compressionCode = (zlib: boolean): number => (zlib ? Compression.Zlib : Compression.None);
