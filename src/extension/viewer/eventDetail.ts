// The detail of one selected row, built on request (never for every row): meta fields,
// compact JSON for the webview's collapsible tree, pretty JSON or XML, and the raw text.
// Everything is bounded, serialised without recursion, and bidi controls are escaped in
// a way that keeps the text exact JSON/XML.

import { eventRecord, gapRecord, isoLocal } from '../../core';
import type { DetailDto } from '../../shared/viewerProtocol';
import { displayLine, escapeBidiJson, escapeBidiXml } from '../../shared/displayText';
import { entryDevice, type ViewerEntry } from './entry';
import { stringifySafe } from '../../shared/jsonText';
import { objectToXml, prettyXml } from '../../shared/xmlText';
import { releasedRecord, RELEASED_NOTE } from './payloadPreview';

/** Largest text sent for one view of the payload (tree source, pretty, raw). */
export const DETAIL_TEXT_LIMIT = 8_000_000;
const INDENT_DEPTH_CAP = 40;

/** Pretty JSON of the whole entry for "Copy as JSON" (exact JSON; deep levels not indented further). */
export function copyText(entry: ViewerEntry): string {
  const item = entry.item;
  const value = item.kind === 'event' ? eventRecord(item, entryDevice(entry) || undefined) : gapRecord(item);
  if (entry.released) value.payloadReleased = releasedRecord(entry.released);
  return escapeBidiJson(stringifySafe(value, { indent: 2, maxIndentDepth: INDENT_DEPTH_CAP }).text);
}

function cut(r: { text: string; truncated: boolean }, notes: string[], what: string): string {
  if (r.truncated) notes.push(`${what} cut at ${DETAIL_TEXT_LIMIT.toLocaleString('en-US')} characters`);
  return r.text;
}

export function buildDetail(entry: ViewerEntry): DetailDto {
  const item = entry.item;
  const notes: string[] = [];
  if (item.kind === 'gap') {
    const secs = ((item.reconnectedAt - item.disconnectedAt) / 1000).toFixed(1);
    const json = stringifySafe(gapRecord(item)).text;
    return {
      seq: entry.seq,
      kind: 'gap',
      title: 'Session gap',
      meta: [
        ['Disconnected', isoLocal(item.disconnectedAt)],
        ['Reconnected', isoLocal(item.reconnectedAt)],
        ['Duration', `${secs} s`],
        ['Reason', displayLine(item.reason, 500)],
        ['Monitor', String(item.monitorId)],
        ['Session', displayLine(entry.source, 200)],
      ],
      format: 'json',
      json,
      pretty: escapeBidiJson(stringifySafe(gapRecord(item), { indent: 2 }).text),
      prettyLanguage: 'json',
      raw: escapeBidiJson(json),
    };
  }
  const e = item;
  const device = entryDevice(entry);
  const compact = cut(stringifySafe(e.data, { limit: DETAIL_TEXT_LIMIT }), notes, 'JSON');
  const meta: [string, string][] = [
    ['Topic', displayLine(String(e.topic), 1000)],
    ['Type', displayLine(String(e.type), 100)],
    ['Operation', displayLine(String(e.operation), 50)],
  ];
  if (device) meta.push(['Device', displayLine(device, 100)]);
  if (entry.history) {
    // Read from the stream's stored points (historyView.ts): no monitor, block or receive time.
    meta.push(
      ['Origin', 'stream history: read from the server, not pushed live'],
      ['Point time', isoLocal(e.receivedAt)],
      ['Server time', displayLine(String(e.timestamp), 100)],
      ['Source', displayLine(entry.source, 200)],
    );
  } else {
    meta.push(['Server time', displayLine(String(e.timestamp), 100)], ['Received', isoLocal(e.receivedAt)]);
    if (e.replay) meta.push(['Replay', 'yes: re-sent after a reconnect (monAutoReplayOnConnect)']);
    if (e.group !== undefined) meta.push(['Group', displayLine(String(e.group), 200)]);
    meta.push(['Monitor', String(e.monitorId)], ['Block', String(e.blockId)], ['Format', e.format === 'xml' ? 'XML' : 'JSON'], ['Session', displayLine(entry.source, 200)]);
  }

  let pretty: string;
  let raw: string;
  const released = entry.released;
  if (released) {
    // Only the preview is left: shown as text (a cut document would not parse for the tree).
    meta.push(['Payload', `about ${released.fullBytes.toLocaleString('en-US')} bytes; only the first ${released.preview.length.toLocaleString('en-US')} characters kept`]);
    const text = e.format === 'xml' && released.of === 'raw' ? escapeBidiXml(released.preview) : escapeBidiJson(released.preview);
    notes.push(`Preview only: ${RELEASED_NOTE}. The full event is gone from memory; an export or copy of it carries this preview`);
    pretty = text;
    raw = text;
  } else if (e.format === 'xml') {
    const rawXml = typeof e.raw === 'string' ? e.raw : undefined;
    if (rawXml !== undefined) {
      const text = rawXml.length > DETAIL_TEXT_LIMIT ? rawXml.slice(0, DETAIL_TEXT_LIMIT) : rawXml;
      if (text !== rawXml) notes.push('XML cut');
      pretty = prettyXml(text);
      raw = text;
    } else {
      pretty = cut(objectToXml(String(e.type) || 'Resource', e.data, DETAIL_TEXT_LIMIT), notes, 'XML');
      raw = pretty;
      notes.push('The raw XML was not kept for this event; shown rebuilt from the parsed document.');
    }
    pretty = escapeBidiXml(pretty);
    raw = escapeBidiXml(raw);
  } else {
    pretty = escapeBidiJson(cut(stringifySafe(e.data, { indent: 2, maxIndentDepth: INDENT_DEPTH_CAP, limit: DETAIL_TEXT_LIMIT }), notes, 'Pretty JSON'));
    raw = typeof e.raw === 'string' ? escapeBidiJson(e.raw.slice(0, DETAIL_TEXT_LIMIT)) : escapeBidiJson(compact);
  }
  const dto: DetailDto = {
    seq: entry.seq,
    kind: 'event',
    title: `${displayLine(String(e.type), 60)} ${displayLine(String(e.operation), 20)}${device ? ' · ' + displayLine(device, 64) : ''}`,
    meta,
    format: e.format === 'xml' ? 'xml' : 'json',
    // A cut JSON text would not parse: leave the tree empty and let the webview say why.
    json: released || notes.some((n) => n.startsWith('JSON')) ? '' : compact,
    pretty,
    prettyLanguage: e.format === 'xml' && released?.of !== 'json' ? 'xml' : 'json',
    raw,
  };
  if (notes.length) dto.note = notes.join('; ');
  return dto;
}
