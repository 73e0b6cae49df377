// The one-line display strings of a row: times, type, device, operation and the event's
// summary (the shared event text, src/shared/eventText.ts). Everything here reads untrusted
// payloads, so every string leaves through displayLine or the event text (controls and bidi
// characters made visible, length cut).

import type { GapMarker, SessionItem } from '../../core';
import type { RowDto } from '../../shared/viewerProtocol';
import { displayLine } from '../../shared/displayText';
import { clock, eventDeviceId, eventSummary, SUMMARY_MAX } from '../../shared/eventText';

export type RowStrings = Omit<RowDto, 'ord' | 'source'>;

/** Server timestamp for the list: local clock time when it parses as a date, else the text (cut). */
export function serverTime(ts: string): string {
  if (!ts) return '';
  const ms = Date.parse(ts);
  return Number.isFinite(ms) ? clock(ms) : displayLine(ts, 24);
}

export function gapSummary(g: GapMarker): string {
  const secs = Number.isFinite(g.reconnectedAt - g.disconnectedAt) ? ((g.reconnectedAt - g.disconnectedAt) / 1000).toFixed(1) : '?';
  return displayLine(`Disconnected ${clock(g.disconnectedAt)}, back ${clock(g.reconnectedAt)} (${secs} s): ${g.reason}`, SUMMARY_MAX);
}

/** Device id used for display and the device filter ('' when none is known). */
export function itemDevice(item: SessionItem): string {
  return item.kind === 'event' ? (eventDeviceId(item) ?? '') : '';
}

/** All display strings of one row. */
export function rowStrings(seq: number, item: SessionItem, device: string): RowStrings {
  if (item.kind === 'gap') {
    return {
      seq,
      kind: 'gap',
      recv: clock(item.reconnectedAt),
      server: '',
      type: 'gap',
      device: '',
      op: '',
      summary: gapSummary(item),
      replay: false,
    };
  }
  return {
    seq,
    kind: 'event',
    recv: clock(item.receivedAt),
    server: serverTime(String(item.timestamp ?? '')),
    type: displayLine(String(item.type ?? ''), 40),
    device: displayLine(device, 64),
    op: displayLine(String(item.operation ?? ''), 16),
    summary: eventSummary(item),
    replay: item.replay === true,
  };
}
