// DataPoint (rest-devices-streams §4): points from a history answer or a stream's
// currentValue, the XML list a write POSTs, and the locations the write answers with.

import { describeValue } from '../errors';
import { parseXml } from '../monitor';
import { buildXml } from '../xmlLib';
import { assignDefined, isPlainObject, malformed, type ItemReader } from './fields';
import { checkStreamId, checkXmlText, invalidArgument, isoTime } from './ids';
import { cursorPage, parseEnvelope } from './paging';
import { DATA_STREAM_TYPES, NUMERIC_STREAM_TYPES, type CursorPage, type DataPointInfo, type DataStreamType, type NewDataPoint } from './types';

/** `timestamp` (epoch ms text) first, then `timestampISO`; one of them is required. */
function timeOf(r: ItemReader, key: 'timestamp' | 'serverTimestamp'): number | undefined {
  return r.time(key) ?? r.time(`${key}ISO`);
}

/** One point; `data` is kept as the exact text stored ('' included). */
export function dataPointFromItem(r: ItemReader): DataPointInfo {
  const timestamp = timeOf(r, 'timestamp');
  if (timestamp === undefined) throw malformed(`${r.what}: field "timestamp" is missing (nor is there a timestampISO)`);
  const data = r.text('data');
  if (data === undefined) throw malformed(`${r.what}: field "data" is missing`);
  return assignDefined<DataPointInfo>(
    { timestamp, data },
    {
      id: r.optText('id')?.trim(),
      streamId: r.optText('streamId')?.trim(),
      customerId: r.int('cstId'),
      serverTimestamp: timeOf(r, 'serverTimestamp'),
      description: r.optText('description'),
      quality: r.int('quality'),
      location: r.optText('location'),
    },
  );
}

/** A page of `/ws/DataPoint/{streamId}` history. */
export function parseDataPointPage(text: string): CursorPage<DataPointInfo> {
  return cursorPage(parseEnvelope(text, 'DataPoint'), dataPointFromItem);
}

const INTEGER_TEXT = /^[-+]?\d+$/;
const NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const LOCATION = /^\s*[-+]?\d+(\.\d+)?\s*,\s*[-+]?\d+(\.\d+)?\s*,\s*[-+]?\d+(\.\d+)?\s*$/;

/** The data as text, or why it cannot be written to a stream of `type`. */
function dataText(data: unknown, type: DataStreamType | undefined, name: string): string {
  if (data === undefined || data === null) throw invalidArgument(`${name}.data is missing`);
  let text: string;
  if (typeof data === 'number') {
    if (!Number.isFinite(data)) throw invalidArgument(`${name}.data is ${data}, which no stream can store`);
    text = String(data);
  } else if (typeof data === 'string' || typeof data === 'boolean') {
    text = String(data);
  } else {
    throw invalidArgument(`${name}.data must be text, a number or a boolean, got ${describeValue(data)}`);
  }
  if (text === '') throw invalidArgument(`${name}.data is empty`);
  checkXmlText(text, `${name}.data`);
  if (type !== undefined && NUMERIC_STREAM_TYPES.includes(type)) {
    const integral = type === 'INTEGER' || type === 'LONG';
    const ok = typeof data !== 'boolean' && (integral ? INTEGER_TEXT : NUMBER_TEXT).test(text.trim());
    if (!ok) throw invalidArgument(`${name}.data ${describeValue(text)} is not ${integral ? 'an integer' : 'a number'}, which streamType ${type} needs`);
  }
  return text;
}

function optionalText(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  return checkXmlText(value as string, name);
}

/** The elements of one `<DataPoint>`, checked: what would not be stored as written is refused with the reason. */
export function dataPointElements(p: NewDataPoint, name = 'point'): Record<string, string> {
  if (!isPlainObject(p)) throw invalidArgument(`${name} must be an object, got ${describeValue(p)}`);
  const streamId = checkStreamId(p.streamId, `${name}.streamId`);
  if (p.streamType !== undefined && !DATA_STREAM_TYPES.includes(p.streamType)) {
    throw invalidArgument(`${name}.streamType ${describeValue(p.streamType)} is not one of ${DATA_STREAM_TYPES.join(', ')}`);
  }
  const out: Record<string, string> = { streamId, data: dataText(p.data, p.streamType, name) };
  const description = optionalText(p.description, `${name}.description`);
  if (description !== undefined) out.description = description;
  if (p.timestamp !== undefined) out.timestamp = isoTime(p.timestamp, `${name}.timestamp`);
  if (p.quality !== undefined) {
    if (!Number.isSafeInteger(p.quality)) throw invalidArgument(`${name}.quality must be an integer, got ${describeValue(p.quality)}`);
    out.quality = String(p.quality);
  }
  if (p.location !== undefined) {
    if (typeof p.location !== 'string' || !LOCATION.test(p.location)) {
      throw invalidArgument(`${name}.location must be "latitude,longitude,elevation" (three numbers), got ${describeValue(p.location)}`);
    }
    out.location = p.location.replace(/\s+/g, '');
  }
  if (p.streamType !== undefined) out.streamType = p.streamType;
  const units = optionalText(p.streamUnits, `${name}.streamUnits`);
  if (units !== undefined) out.streamUnits = units;
  return out;
}

/** The `<list><DataPoint>…</DataPoint>…</list>` body of a write; every value XML-escaped. */
export function dataPointsXml(points: readonly NewDataPoint[]): string {
  const elements = points.map((p, i) => dataPointElements(p, points.length === 1 ? 'point' : `points[${i}]`));
  return buildXml({ list: { DataPoint: elements } });
}

/**
 * The `location`s of a write's answer (`<result><location>DataPoint/{streamId}/{pointId}</location>…`,
 * or the same as JSON `{"location": [...]}`), in the order given.
 */
export function parseWriteLocations(text: string): string[] {
  const trimmed = text.trim();
  let raw: unknown;
  if (trimmed.startsWith('{')) {
    try {
      raw = (JSON.parse(trimmed) as Record<string, unknown>).location;
    } catch {
      throw malformed('DataPoint write answer is not valid JSON');
    }
  } else {
    const result = parseXml(trimmed)?.result;
    raw = isPlainObject(result) ? result.location : undefined;
  }
  const list = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  for (const [i, v] of list.entries()) {
    if (typeof v !== 'string' || v.trim() === '') throw malformed(`DataPoint write answer: location[${i}] is not text`);
    out.push(v.trim());
  }
  return out;
}
