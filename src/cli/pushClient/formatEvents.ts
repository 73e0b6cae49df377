// How push-client prints what arrives: pretty (the seed's pretty-printed documents,
// with a one-line header), ndjson (one object per line, for jq and scripts) or raw.
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { GapMarker, PushEvent } from '../../core/events';

export type OutputMode = 'pretty' | 'ndjson' | 'raw';
export const OUTPUT_MODES: readonly OutputMode[] = ['pretty', 'ndjson', 'raw'];

const xmlIn = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, preserveOrder: true });
const xmlOut = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', preserveOrder: true });

export function clock(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

function prettyXml(raw: string): string {
  try {
    return (xmlOut.build(xmlIn.parse(raw)) as string).trimEnd();
  } catch {
    return raw;
  }
}

export function eventRecord(e: PushEvent): Record<string, unknown> {
  const r: Record<string, unknown> = {
    receivedAt: new Date(e.receivedAt).toISOString(),
    monitorId: e.monitorId,
    blockId: e.blockId,
    type: e.type,
    operation: e.operation,
    timestamp: e.timestamp,
    topic: e.topic,
  };
  if (e.group !== undefined) r.group = e.group;
  if (e.replay) r.replay = true;
  r.data = e.data;
  return r;
}

export function formatEvent(e: PushEvent, mode: OutputMode): string {
  switch (mode) {
    case 'ndjson':
      return JSON.stringify(eventRecord(e)) + '\n';
    case 'raw':
      return (e.raw ?? JSON.stringify(e.data)) + '\n';
    case 'pretty': {
      const head = `${clock(e.receivedAt)} [${e.type}] ${e.operation} ${e.topic}${e.replay ? ' (replay)' : ''}`;
      const body = e.format === 'xml' && e.raw ? prettyXml(e.raw) : JSON.stringify(e.data, null, 2);
      return `${head}\n${body}\n`;
    }
  }
}

export function formatGap(g: GapMarker, mode: OutputMode): string {
  if (mode === 'ndjson') {
    return JSON.stringify({ kind: 'gap', monitorId: g.monitorId, disconnectedAt: new Date(g.disconnectedAt).toISOString(), reconnectedAt: new Date(g.reconnectedAt).toISOString(), reason: g.reason }) + '\n';
  }
  const secs = ((g.reconnectedAt - g.disconnectedAt) / 1000).toFixed(1);
  return `--- gap: disconnected ${clock(g.disconnectedAt)}, back ${clock(g.reconnectedAt)} (${secs} s): ${g.reason} ---\n`;
}
