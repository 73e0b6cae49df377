// The host side of the viewer's Chart tab, without vscode: the chart points of a store's
// DataPoint rows after a seq (the webview pulls them as rows arrive, like it pulls rows),
// and a backfill of stored points per stream read through the session's account.

import type { DataPointInfo } from '../../core';
import { chartPointOf, type ChartPoint } from '../../shared/chart/chartPoint';
import { MAX_CHART_POINTS, type ChartHistoryResult, type ChartPointsResult } from '../../shared/viewerProtocol';
import { entryDevice } from './entry';
import type { EventStore } from './eventStore';
import { historyEvent } from './historyView';

/** Rows looked at per answer at most (most may not be DataPoints). */
const MAX_SCAN = 100_000;

/** The chart points of the rows with seq > `after`, oldest first (whatever the viewer's filter: the chart has its own picker). */
export function chartPointsAfter(store: EventStore, after: number, max = MAX_CHART_POINTS): ChartPointsResult {
  const points: ChartPoint[] = [];
  let next = Math.max(after, store.firstSeq - 1);
  const end = store.length;
  let i = store.lowerBound(after + 1);
  for (let scanned = 0; i < end && points.length < max && scanned < MAX_SCAN; i++, scanned++) {
    const e = store.at(i);
    if (!e) break;
    next = e.seq;
    const item = e.item;
    if (item.kind !== 'event' || item.type !== 'DataPoint') continue;
    const p = chartPointOf(item, { seq: e.seq });
    if (p) {
      // Some streams do not carry the device in their id: keep the row's device.
      if (!p.device) p.device = entryDevice(e);
      points.push(p);
    }
  }
  return { points, next, more: i < end };
}

/** Reads a stream's stored points for the chart (the newest of the last `minutes`, at most `maxPoints`). */
export type ChartHistoryReader = (accountId: string, streamId: string) => Promise<{ points: readonly DataPointInfo[]; maxPoints: number; minutes: number }>;

/** The backfill of `streams` (one read each, in turn); what failed is a note, not an error. */
export async function readChartHistory(read: ChartHistoryReader | undefined, accountId: string | undefined, streams: readonly string[]): Promise<ChartHistoryResult> {
  const out: ChartHistoryResult = { points: [], available: false, notes: [], maxPoints: 0, minutes: 0 };
  if (!read || !accountId) return out;
  out.available = true;
  for (const streamId of streams) {
    try {
      const r = await read(accountId, streamId);
      out.maxPoints = r.maxPoints;
      out.minutes = r.minutes;
      for (const dp of r.points) {
        if (dp === null || typeof dp !== 'object') continue;
        const p = chartPointOf(historyEvent(dp, { streamId }));
        if (p) out.points.push(p);
      }
    } catch (e) {
      out.notes.push(`${streamId}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}
