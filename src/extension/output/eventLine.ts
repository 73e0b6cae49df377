// One greppable line per event for the events output channel:
//   HH:MM:SS.mmm [DataPoint] <device> INSERTION metrics/temperature=21.5 C  #12
// The time is the event's own timestamp (local time), so replayed events show when they
// happened; the monitor id at the end tells sessions apart in one channel. The clock, the
// device id and the summary are the shared event text (src/shared/eventText.ts).
//
// Every field comes from the device or the server, so every field is one line (whitespace
// runs become one space: a payload cannot start a line of its own), has invisible and
// bidi characters shown as ⟨U+XXXX⟩ marks, and is cut with an ellipsis at the length in
// LINE_FIELD_MAX (characters, before marks).

import type { GapMarker, PushEvent } from '../../core';
import { clock, eventDeviceId, eventSummary, lineField, SUMMARY_MAX } from '../../shared/eventText';

/** Longest text of each field of an events-output line (characters), before the ellipsis. */
export const LINE_FIELD_MAX = {
  type: 40,
  device: 64,
  operation: 24,
  /** The type-specific part as a whole (eventSummary caps it, marks included). */
  summary: SUMMARY_MAX,
  /** A gap's or a session state's reason. */
  reason: 200,
  /** A session label. */
  label: 80,
} as const;

function eventTime(e: PushEvent): number {
  const t = Date.parse(e.timestamp);
  return Number.isFinite(t) ? t : e.receivedAt;
}

export function formatEventLine(e: PushEvent): string {
  const device = lineField(eventDeviceId(e) ?? '-', LINE_FIELD_MAX.device);
  const summary = eventSummary(e);
  const replay = e.replay ? ' (replay)' : '';
  const type = lineField(e.type, LINE_FIELD_MAX.type);
  const op = lineField(e.operation, LINE_FIELD_MAX.operation);
  return `${clock(eventTime(e))} [${type}] ${device} ${op}${summary ? ` ${summary}` : ''}${replay}  #${e.monitorId}`;
}

export function formatGapLine(g: GapMarker): string {
  const secs = ((g.reconnectedAt - g.disconnectedAt) / 1000).toFixed(1);
  return `${clock(g.reconnectedAt)} [gap] disconnected at ${clock(g.disconnectedAt)} for ${secs} s: ${lineField(g.reason, LINE_FIELD_MAX.reason)}  #${g.monitorId}`;
}
