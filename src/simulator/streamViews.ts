// DataStream and DataPoint items as rows (rest-devices-streams §3–§4): every scalar a
// string, times as epoch-ms text plus their ISO form, currentValue nested and absent for a
// stream without data.

import type { Row } from './restViews';
import { pointId, type SimStream, type StoredPoint } from './streamStore';

const iso = (ms: number) => new Date(ms).toISOString();

/** A point; `owner` adds cstId and streamId (history items have them, a currentValue does not). */
export function pointRow(p: StoredPoint, owner: boolean): Row {
  const row: [string, string][] = [['id', pointId(p)]];
  if (owner) row.push(['cstId', String(p.stream.cstId)], ['streamId', p.stream.streamId]);
  row.push(
    ['timestamp', String(p.timestamp)],
    ['timestampISO', iso(p.timestamp)],
    ['serverTimestamp', String(p.serverTimestamp)],
    ['serverTimestampISO', iso(p.serverTimestamp)],
    ['data', p.data],
    ['description', p.description],
    ['quality', String(p.quality)],
  );
  if (p.location !== undefined) row.push(['location', p.location]);
  return row;
}

export function streamRow(s: SimStream): Row {
  const row: [string, string | Row][] = [
    ['cstId', String(s.cstId)],
    ['streamId', s.streamId],
    ['dataType', s.settings.dataType],
    ['units', s.settings.units],
    ['description', s.settings.description],
    ['forwardTo', s.settings.forwardTo.join(',')],
    ['dataTtl', String(s.settings.dataTtl)],
    ['rollupTtl', String(s.settings.rollupTtl)],
  ];
  const current = s.current;
  if (current) row.push(['currentValue', pointRow(current, false)]);
  return row;
}
