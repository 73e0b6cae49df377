// Response bodies of /ws/Monitor in both representations (push-protocol §1.3.2–§1.3.5).
// XML: `<?xml … encoding="ISO-8859-1"?>` and `<result>…</result>`; JSON: the list envelope
// with STRING counters and `items`, errors as {"error":["…"]}.

import { escapeXmlAscii } from './xml';

export type Representation = 'xml' | 'json';

export const XML_DECLARATION = '<?xml version="1.0" encoding="ISO-8859-1"?>\n';
export const CONTENT_TYPES: Record<Representation, string> = {
  xml: 'application/xml; charset=ISO-8859-1',
  json: 'application/json; charset=UTF-8',
};

export interface Paging {
  total: number;
  start: number;
  size: number;
}

export type Row = readonly (readonly [string, string])[];

export function listBody(rows: readonly Row[], p: Paging, rep: Representation): string {
  const counters: [string, string][] = [
    ['resultTotalRows', String(p.total)],
    ['requestedStartRow', String(p.start)],
    ['resultSize', String(rows.length)],
    ['requestedSize', String(p.size)],
    ['remainingSize', String(Math.max(0, p.total - p.start - rows.length))],
  ];
  if (rep === 'json') {
    const env: Record<string, unknown> = Object.fromEntries(counters);
    env.items = rows.map((r) => Object.fromEntries(r));
    return JSON.stringify(env, null, 2);
  }
  const el = ([k, v]: readonly [string, string], indent: string) => `${indent}<${k}>${escapeXmlAscii(v)}</${k}>\n`;
  let xml = `${XML_DECLARATION}<result>\n`;
  for (const c of counters) xml += el(c, '  ');
  for (const r of rows) xml += `  <Monitor>\n${r.map((f) => el(f, '    ')).join('')}  </Monitor>\n`;
  return `${xml}</result>\n`;
}

export function errorBody(message: string, rep: Representation): string {
  return rep === 'json'
    ? JSON.stringify({ error: [message] })
    : `${XML_DECLARATION}<result>\n  <error>${escapeXmlAscii(message)}</error>\n</result>\n`;
}

export function createdBody(location: string, rep: Representation): string {
  return rep === 'json'
    ? JSON.stringify({ location })
    : `${XML_DECLARATION}<result>\n  <location>${escapeXmlAscii(location)}</location>\n</result>\n`;
}

export function messageBody(message: string, rep: Representation): string {
  return rep === 'json'
    ? JSON.stringify({ message: [message] })
    : `${XML_DECLARATION}<result>\n  <message>${escapeXmlAscii(message)}</message>\n</result>\n`;
}

export function emptyResultBody(rep: Representation): string {
  return rep === 'json' ? '{}' : `${XML_DECLARATION}<result/>\n`;
}
