// The Monitor resource of /ws/Monitor (push-protocol §1.3): typed settings, the XML
// body clients POST, and parsing of the list envelope in its XML and JSON forms.
// Shared by the REST client and the simulator so both read and write one shape.

import { PushMonitorError } from './errors';
import { MONITOR_FIELD_TABLE, MONITOR_FIELDS, type MonitorFieldKey, type MonitorFieldSpec } from './monitorFields';
import { isMonitorId, MAX_MONITOR_ID } from './protocol/constants';
import { buildXml, lazyXml } from './xmlLib';

export * from './monitorFields';

export type MonitorFormat = 'json' | 'xml';
/** `gzip` is the legacy spelling the seed sends; the server stores and reads it back as `zlib`. */
export type MonitorCompression = 'none' | 'zlib' | 'gzip';
export type MonitorAckOption = 'off' | 'explicit';
export type MonitorStatus = 'CONNECTING' | 'ACTIVE' | 'INACTIVE' | 'SUSPENDED' | 'DISABLED' | string;

/** What a client sets when it creates a TCP monitor. */
export interface MonitorSettings {
  topics: string[];
  /** Max events per PublishMessage (monBatchSize). */
  batchSize?: number;
  /** Max seconds events are held before a batch goes out (monBatchDuration). */
  batchDuration?: number;
  compression?: MonitorCompression;
  format?: MonitorFormat;
  ackOption?: MonitorAckOption;
  autoReplayOnConnect?: boolean;
  description?: string;
}

/** A monitor as the server reports it. */
export interface MonitorInfo {
  id: number;
  customerId?: number;
  topics: string[];
  transport: string;
  format?: MonitorFormat;
  batchSize?: number;
  batchDuration?: number;
  compression?: string;
  ackOption?: string;
  autoReplayOnConnect?: boolean;
  description?: string;
  status?: MonitorStatus;
  lastConnect?: string;
  lastSent?: string;
  lastSentUuid?: string;
  /** Every element as sent, for fields this type does not name. */
  fields: Record<string, string>;
}

/** A TCP (push session) monitor; no transport at all is the server's default, TCP. */
export function isTcpMonitor(m: Pick<MonitorInfo, 'transport'>): boolean {
  return m.transport === '' || m.transport.toLowerCase() === 'tcp';
}

export interface MonitorPage {
  totalRows: number;
  start: number;
  size: number;
  remaining: number;
  items: MonitorInfo[];
}

/** Resource names the platform accepts in monTopic (§3.4); anything else is a 400. */
export const KNOWN_TOPIC_RESOURCES = [
  'alert_status', 'devices', 'jobs', 'Alarm', 'AlarmStatus', 'DataPoint', 'DataStream', 'DeviceCore',
  'FileData', 'FileDataCore', 'Job', 'JobResult', 'XbeeCore',
  'DiaChannelDataFull', 'XbeeAttributeDataCore', 'XbeeEventDataCore',
] as const;

/** Resource name of one topic spec: strips a `[operation=…]`/`[group=…]` prefix, a `[U]` suffix and any path. */
export function topicResource(topic: string): string {
  let t = topic.trim();
  while (t.startsWith('[')) {
    const end = t.indexOf(']');
    if (end < 0) break;
    t = t.slice(end + 1);
  }
  const slash = t.indexOf('/');
  if (slash >= 0) t = t.slice(0, slash);
  const bracket = t.indexOf('[');
  if (bracket >= 0) t = t.slice(0, bracket);
  return t;
}

/** Returns a message for the first invalid topic, or undefined when all are valid. */
export function validateTopics(topics: string[]): string | undefined {
  if (topics.length === 0) return 'at least one topic is required';
  for (const t of topics) {
    if (!t.trim()) return 'empty topic in the list';
    if (splitTopics(t).length > 1) return `topic "${t}" contains a comma outside [...] (topics are a comma-separated list)`;
    const r = topicResource(t);
    if (!(KNOWN_TOPIC_RESOURCES as readonly string[]).includes(r)) {
      return `unknown topic resource "${r}" in "${t}" (known: ${KNOWN_TOPIC_RESOURCES.join(', ')})`;
    }
  }
  return undefined;
}

/**
 * Splits a monTopic value at commas outside brackets, so `[operation=C,U]DeviceCore` stays
 * whole. Order is kept: the server compares the joined string exactly.
 */
export function splitTopics(monTopic: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of monTopic) {
    if (ch === '[') depth += 1;
    else if (ch === ']') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter(Boolean);
}

// fast-xml-parser's builder and parser are made on first use (xmlLib.ts).

/**
 * The elements of the create body for a TCP monitor (the only transport this library
 * creates), all as text (MONITOR_FIELD_TABLE): each setting that is present, under its element name.
 */
export function monitorCreateFields(s: MonitorSettings): Record<string, string> {
  const values: Partial<Record<MonitorFieldKey, unknown>> = { ...s, transport: 'tcp' };
  const out: Record<string, string> = {};
  for (const f of MONITOR_FIELD_TABLE) {
    if (!f.settable || !('key' in f)) continue;
    const v = values[f.key];
    if (v !== undefined) out[f.element] = f.type === 'topics' && Array.isArray(v) ? v.join(',') : String(v);
  }
  return out;
}

/** The `<Monitor>` document POSTed to /ws/Monitor for a TCP monitor. Values are XML-escaped. */
export function monitorCreateXml(s: MonitorSettings): string {
  return buildXml({ Monitor: monitorCreateFields(s) });
}

/** The same body as JSON, `{"Monitor":{…}}` with every value a string (as the service writes its JSON). */
export function monitorCreateJson(s: MonitorSettings): string {
  return JSON.stringify({ Monitor: monitorCreateFields(s) });
}

/** The body that resets ("kicks") a monitor: a PUT with only its id. */
export function monitorResetXml(id: number): string {
  return buildXml({ Monitor: { [MONITOR_FIELDS.id]: id } });
}

const parser = lazyXml((x) => new x.XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name, jpath) => jpath === 'result.Monitor' || (name === 'error' && jpath === 'result.error'),
  processEntities: true,
  // Also decodes character references (&#233;): ISO-8859-1 answers, the simulator's among
  // them, write every other character that way. (It decodes HTML's named entities too.)
  htmlEntities: true,
}));

/** Parses any XML body; returns undefined if it is not XML. */
export function parseXml(text: string): Record<string, unknown> | undefined {
  try {
    const v = parser().parse(text, true) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Flattens a Monitor element or JSON item into string fields. */
function stringFields(item: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(item)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

const toInt = (v: string | undefined): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/** How the client reads an element's text (MONITOR_FIELD_TABLE): undefined when it is no value of the field's type. */
function fieldValue(f: MonitorFieldSpec, text: string): unknown {
  switch (f.type) {
    case 'int':
    case 'decimal':
      return toInt(text);
    case 'bool':
      return text === 'true';
    case 'topics':
      return splitTopics(text);
    case 'enum':
      return f.open || f.values?.includes(text) ? text : undefined;
    case 'string':
      return text;
  }
}

/** A monitor from its elements as text; elements the table does not know stay in `fields` only. */
export function monitorFromFields(fields: Record<string, string>): MonitorInfo {
  // id, topics and transport are always there ('' is the server's default transport, tcp).
  const info: MonitorInfo = { id: 0, topics: [], transport: '', fields };
  const typed = info as unknown as Record<MonitorFieldKey, unknown>;
  for (const f of MONITOR_FIELD_TABLE) {
    const text = Object.hasOwn(fields, f.element) ? fields[f.element] : undefined;
    if (!('key' in f) || text === undefined) continue;
    const v = fieldValue(f, text);
    if (v !== undefined) typed[f.key] = v;
  }
  return info;
}

export class MalformedListError extends Error {}

/** Parses the list envelope (§1.3.3) from a JSON or XML body. */
export function parseMonitorPage(text: string): MonitorPage {
  const trimmed = text.trimStart();
  let envelope: Record<string, unknown>;
  let items: Record<string, unknown>[];
  if (trimmed.startsWith('{')) {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      throw new MalformedListError(`monitor list is not valid JSON (${(e as Error).message})`);
    }
    if (!v || typeof v !== 'object') throw new MalformedListError('monitor list is not a JSON object');
    envelope = v as Record<string, unknown>;
    const raw = envelope.items;
    if (raw !== undefined && !Array.isArray(raw)) throw new MalformedListError('monitor list "items" is not an array');
    items = (raw ?? []) as Record<string, unknown>[];
  } else {
    const doc = parseXml(text);
    const result = doc?.result;
    if (!result || typeof result !== 'object') throw new MalformedListError('monitor list has no <result> element');
    envelope = result as Record<string, unknown>;
    items = (envelope.Monitor ?? []) as Record<string, unknown>[];
  }
  const num = (k: string) => toInt(envelope[k] === undefined ? undefined : String(envelope[k]));
  const list = items.filter((i) => i && typeof i === 'object').map((i) => monitorFromFields(stringFields(i)));
  return {
    totalRows: num('resultTotalRows') ?? list.length,
    start: num('requestedStartRow') ?? 0,
    size: num('resultSize') ?? list.length,
    remaining: num('remainingSize') ?? 0,
    items: list,
  };
}

/**
 * Monitor id from a `Location: Monitor/N` header or `<result><location>Monitor/N</location></result>` body.
 * undefined when neither names one; a PushMonitorError (MALFORMED_RESPONSE) when the id is
 * outside 1…MAX_MONITOR_ID, which no session could use (it travels as a u32).
 */
export function parseCreatedId(locationHeader: string | undefined, body: string): number | undefined {
  const fromPath = (p: string | undefined, where: string) => {
    if (!p) return undefined;
    const last = p.trim().split('/').pop() ?? '';
    if (!/^\d+$/.test(last)) return undefined;
    const id = Number(last);
    if (!isMonitorId(id)) {
      const shown = last.length > 30 ? `${last.slice(0, 30)}… (${last.length} digits)` : last;
      throw new PushMonitorError('MALFORMED_RESPONSE', `monitor id ${shown} in the ${where} is not an integer from 1 to ${MAX_MONITOR_ID}`);
    }
    return id;
  };
  const h = fromPath(locationHeader, 'Location header');
  if (h !== undefined) return h;
  const loc = (parseXml(body)?.result as Record<string, unknown> | undefined)?.location;
  return fromPath(typeof loc === 'string' ? loc : undefined, 'response body');
}

/** Error text from `<result><error>…</error></result>` or `{"error":["…"]}`. */
export function parseServerError(text: string): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (t.startsWith('{')) {
    try {
      const v = JSON.parse(t) as { error?: unknown };
      if (Array.isArray(v.error)) return v.error.map(String).join('; ');
      if (typeof v.error === 'string') return v.error;
    } catch {
      /* fall through */
    }
    return undefined;
  }
  const errs = (parseXml(t)?.result as Record<string, unknown> | undefined)?.error;
  if (Array.isArray(errs)) return errs.map(String).join('; ');
  return undefined;
}
