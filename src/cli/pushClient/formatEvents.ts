// How push-client prints what arrives: pretty (the seed's pretty-printed documents,
// with a one-line header: receive time, type, operation, topic and the event's summary
// from src/shared/eventText.ts), ndjson (one object per line, for jq and scripts) or raw.
// Topic, type, operation and payload text come from the wire: in pretty and raw output
// their control characters (ESC, CSI, BEL, CR, …) and invisible or bidi characters are
// shown as visible marks, so no escape sequence reaches the terminal. ndjson is JSON,
// whose strings carry control characters as escapes already.
import { eventRecord, gapRecord, type GapMarker, type PushEvent } from '../../core';
import { stringifySafe } from '../../shared/jsonText';
import { prettyXml } from '../../shared/xmlText';
import { displayBlock, displayLine } from '../../shared/displayText';
import { clock, eventSummary } from '../../shared/eventText';
import { fastNdjsonLine, writeNdjsonLines } from './ndjsonLine';
import type { OutputBuffer } from './utf8Bytes';

/** One-line field (topic, type, operation), never cut. */
const field = (s: string): string => displayLine(s, Infinity);
/** Payload text: its lines are kept (CRLF read as a newline), everything else made visible. */
const block = (s: string): string => displayBlock(s.includes('\r\n') ? s.replace(/\r\n/g, '\n') : s);

// Payloads are untrusted: a document nested 10,000 deep parses fine but makes
// JSON.stringify overflow the stack. The native writer is several times faster, so it
// does the usual case and the non-recursive one takes over only when it gives up.
// undefined for undefined (a Msg without its resource member).
const json = (v: unknown, indent = 0): string | undefined => {
  try {
    return JSON.stringify(v, null, indent);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return stringifySafe(v, { indent, maxIndentDepth: 40 }).text;
  }
};

/** clock() of the last receive time asked for: every event of a batch has the same one. */
let clockMs = Number.NaN;
let clockText = clock(Number.NaN);
const receivedClock = (ms: number): string => {
  if (!Object.is(ms, clockMs)) {
    clockText = clock(ms);
    clockMs = ms;
  }
  return clockText;
};

export type OutputMode = 'pretty' | 'ndjson' | 'raw';
export const OUTPUT_MODES: readonly OutputMode[] = ['pretty', 'ndjson', 'raw'];

export function formatEvent(e: PushEvent, mode: OutputMode): string {
  switch (mode) {
    case 'ndjson':
      return fastNdjsonLine(e) ?? json(eventRecord(e))! + '\n';
    case 'raw':
      return block(e.raw ?? json(e.data) ?? '') + '\n';
    case 'pretty': {
      const summary = eventSummary(e);
      const head = `${receivedClock(e.receivedAt)} [${field(e.type)}] ${field(e.operation)} ${field(e.topic)}${summary ? ` ${summary}` : ''}${e.replay ? ' (replay)' : ''}`;
      const body = e.format === 'xml' && e.raw ? prettyXml(e.raw).trimEnd() : json(e.data, 2);
      // No resource member: the header line alone (the batch's other events still print).
      return body === undefined ? `${head}\n` : `${head}\n${block(body)}\n`;
    }
  }
}

/** Appends the output of events[0..count) in `mode` to `out` as UTF-8: the bytes of formatEvent's text. */
export function writeEvents(events: readonly PushEvent[], count: number, mode: OutputMode, out: OutputBuffer): void {
  if (mode === 'ndjson') {
    writeNdjsonLines(events, count, out, (e) => formatEvent(e, 'ndjson'));
    return;
  }
  let text = '';
  for (let i = 0; i < count; i++) text += formatEvent(events[i], mode);
  out.writeText(text);
}

export function formatGap(g: GapMarker, mode: OutputMode): string {
  if (mode === 'ndjson') {
    return json(gapRecord(g))! + '\n';
  }
  const secs = ((g.reconnectedAt - g.disconnectedAt) / 1000).toFixed(1);
  return `--- gap: disconnected ${clock(g.disconnectedAt)}, back ${clock(g.reconnectedAt)} (${secs} s): ${field(g.reason)} ---\n`;
}
