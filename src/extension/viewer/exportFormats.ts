// Export of the filtered events: NDJSON (one PushEvent per line, exactly as the library
// defines it, so it round-trips and Open capture reads it back) and CSV (RFC 4180 quoting,
// and cells that a spreadsheet would run as a formula are prefixed with an apostrophe).
// An event whose payload the memory budget released is written with `data: null` and a
// `payloadReleased` record (NDJSON) or its preview marked as such (CSV).

import type { PushEvent } from '../../core';
import type { ViewerEntry } from './entry';
import { entryDevice, entryRow } from './entry';
import { stringifySafe } from '../../shared/jsonText';
import { exportedItem } from './payloadPreview';

export const CSV_COLUMNS = [
  'receivedAt', 'timestamp', 'type', 'operation', 'device', 'topic', 'replay', 'group', 'monitorId', 'blockId', 'source', 'summary', 'data',
] as const;

import { csvRow } from '../../shared/csvText';
export { csvCell, csvRow } from '../../shared/csvText';

const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : '');

function csvValues(e: ViewerEntry, ev: PushEvent): string[] {
  return [
    iso(ev.receivedAt),
    String(ev.timestamp ?? ''),
    String(ev.type ?? ''),
    String(ev.operation ?? ''),
    entryDevice(e),
    String(ev.topic ?? ''),
    ev.replay ? 'true' : 'false',
    ev.group === undefined ? '' : String(ev.group),
    String(ev.monitorId ?? ''),
    String(ev.blockId ?? ''),
    e.source,
    entryRow(e).summary,
    e.released ? `[payload released, preview only, about ${e.released.fullBytes} bytes] ${e.released.preview}` : stringifySafe(ev.data).text,
  ];
}

/** CSV text (with a UTF-8 BOM so spreadsheets pick the encoding) of the events among `entries`. */
export function toCsv(entries: Iterable<ViewerEntry>): { text: string; count: number } {
  const parts: string[] = ['\uFEFF' + csvRow(CSV_COLUMNS)];
  let count = 0;
  for (const e of entries) {
    if (e.item.kind !== 'event') continue;
    parts.push(csvRow(csvValues(e, e.item)));
    count++;
  }
  return { text: parts.join(''), count };
}

/** One JSON line per event (gap markers are left out: export is about events). */
export function toNdjson(entries: Iterable<ViewerEntry>): { text: string; count: number } {
  const parts: string[] = [];
  for (const e of entries) {
    if (e.item.kind !== 'event') continue;
    parts.push(stringifySafe(exportedItem(e)).text + '\n');
  }
  return { text: parts.join(''), count: parts.length };
}
