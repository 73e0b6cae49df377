// Response bodies of the /ws resources in both representations (push-protocol §1.3.2–§1.3.5,
// rest-devices-streams §1). XML: `<?xml … encoding="ISO-8859-1"?>` and `<result>…</result>`
// with the counters as children and one element per item (nested elements for nested
// objects); JSON: the same envelope with STRING counters and `items`, errors as {"error":["…"]}.

import type { SimAccount } from './accounts';
import { escapeXmlAscii } from './xml';

export type Representation = 'xml' | 'json';

export const XML_DECLARATION = '<?xml version="1.0" encoding="ISO-8859-1"?>\n';
export const CONTENT_TYPES: Record<Representation, string> = {
  xml: 'application/xml; charset=ISO-8859-1',
  json: 'application/json; charset=UTF-8',
};

/** A request to a resource route, authenticated. */
export interface ResourceRequest {
  method: string;
  /** Percent-decoded path segments after `/ws/<Resource>/` (none for the collection). */
  segments: readonly string[];
  query: URLSearchParams;
  body: string;
  account: SimAccount;
  rep: Representation;
}

/** What a resource route answers; `rep` overrides the negotiated representation. */
export interface RouteResponse {
  status: number;
  body: string;
  headers?: Record<string, string>;
  rep?: Representation;
}

/** The offset paging of Monitor and DeviceCore (`start`/`size`, `remainingSize`). */
export interface Paging {
  total: number;
  start: number;
  size: number;
}

/** An item's fields in order; a nested object is a nested row (DeviceCore `id`, DataStream `currentValue`). */
export type Row = readonly (readonly [string, string | Row])[];
export type Counters = readonly (readonly [string, string])[];

/** A resource object as a row, every scalar as a string (the service's JSON never has numbers); null/undefined left out. */
export function rowOf(record: Readonly<Record<string, unknown>>): Row {
  const out: [string, string | Row][] = [];
  for (const [k, v] of Object.entries(record)) {
    if (v === null || v === undefined) continue;
    out.push([k, typeof v === 'object' ? rowOf(v as Record<string, unknown>) : String(v as string | number | boolean)]);
  }
  return out;
}

function rowJson(row: Row): Record<string, unknown> {
  return Object.fromEntries(row.map(([k, v]) => [k, typeof v === 'string' ? v : rowJson(v)]));
}

function rowXml(name: string, row: Row, indent: string): string {
  let xml = `${indent}<${name}>\n`;
  for (const [k, v] of row) {
    xml += typeof v === 'string' ? `${indent}  <${k}>${escapeXmlAscii(v)}</${k}>\n` : rowXml(k, v, `${indent}  `);
  }
  return `${xml}${indent}</${name}>\n`;
}

/** A list envelope: `counters`, then one `<item>` element per row (JSON: `items`). */
export function envelopeBody(item: string, rows: readonly Row[], counters: Counters, rep: Representation): string {
  if (rep === 'json') {
    const env: Record<string, unknown> = Object.fromEntries(counters);
    env.items = rows.map(rowJson);
    return JSON.stringify(env, null, 2);
  }
  let xml = `${XML_DECLARATION}<result>\n`;
  for (const [k, v] of counters) xml += `  <${k}>${escapeXmlAscii(v)}</${k}>\n`;
  for (const r of rows) xml += rowXml(item, r, '  ');
  return `${xml}</result>\n`;
}

/** The Monitor / DeviceCore envelope: resultTotalRows, requestedStartRow, resultSize, requestedSize, remainingSize. */
export function listBody(rows: readonly Row[], p: Paging, rep: Representation, item = 'Monitor'): string {
  const counters: [string, string][] = [
    ['resultTotalRows', String(p.total)],
    ['requestedStartRow', String(p.start)],
    ['resultSize', String(rows.length)],
    ['requestedSize', String(p.size)],
    ['remainingSize', String(Math.max(0, p.total - p.start - rows.length))],
  ];
  return envelopeBody(item, rows, counters, rep);
}

/**
 * The DataStream / DataPoint envelope: resultSize, requestedSize, pageCursor (only when more
 * follow), then `extra` counters (DataPoint's requested times).
 */
export function cursorListBody(item: string, rows: readonly Row[], size: number, cursor: string | undefined, rep: Representation, extra: Counters = []): string {
  const counters: [string, string][] = [['resultSize', String(rows.length)], ['requestedSize', String(size)]];
  if (cursor !== undefined) counters.push(['pageCursor', cursor]);
  return envelopeBody(item, rows, [...counters, ...extra], rep);
}

export function errorBody(message: string, rep: Representation): string {
  return rep === 'json'
    ? JSON.stringify({ error: [message] })
    : `${XML_DECLARATION}<result>\n  <error>${escapeXmlAscii(message)}</error>\n</result>\n`;
}

/** `<result><location>…</location>…</result>`: one element per location; JSON a string for one, an array for several. */
export function createdBody(location: string | readonly string[], rep: Representation): string {
  const list = typeof location === 'string' ? [location] : location;
  if (rep === 'json') return JSON.stringify({ location: list.length === 1 ? list[0] : list });
  return `${XML_DECLARATION}<result>\n${list.map((l) => `  <location>${escapeXmlAscii(l)}</location>\n`).join('')}</result>\n`;
}

export function messageBody(message: string, rep: Representation): string {
  return rep === 'json'
    ? JSON.stringify({ message: [message] })
    : `${XML_DECLARATION}<result>\n  <message>${escapeXmlAscii(message)}</message>\n</result>\n`;
}

export function emptyResultBody(rep: Representation): string {
  return rep === 'json' ? '{}' : `${XML_DECLARATION}<result/>\n`;
}
