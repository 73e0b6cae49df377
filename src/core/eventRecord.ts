// The event as a plain record, the one shape used wherever an event leaves as JSON:
// CLI ndjson, the viewer's Copy as JSON and exports. Receive times as ISO strings.

import type { GapMarker, PushEvent } from './events';

export const isoLocal = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : '(unknown)');

/** The event as one would want it copied: receive time as ISO, then the envelope, then data. */
export function eventRecord(e: PushEvent, device?: string): Record<string, unknown> {
  const r: Record<string, unknown> = {
    receivedAt: isoLocal(e.receivedAt),
    monitorId: e.monitorId,
    blockId: e.blockId,
    type: e.type,
    operation: e.operation,
    timestamp: e.timestamp,
    topic: e.topic,
  };
  if (device) r.device = device;
  if (e.group !== undefined) r.group = e.group;
  if (e.replay) r.replay = true;
  r.format = e.format;
  r.data = e.data;
  return r;
}

export function gapRecord(g: GapMarker): Record<string, unknown> {
  return {
    kind: 'gap',
    monitorId: g.monitorId,
    disconnectedAt: isoLocal(g.disconnectedAt),
    reconnectedAt: isoLocal(g.reconnectedAt),
    reason: g.reason,
  };
}

