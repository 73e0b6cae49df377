// The DataPoint INSERTION push event (push-protocol §3.3: timestamps in epoch ms inside the
// resource, ISO in the envelope), for generated, burst and REST-written points alike.

import type { SimAccount } from './accounts';
import { eventUuid } from './sequence';
import type { SimEvent } from './simEvent';

/** A point as the event carries it. `data` is a number for numeric streams (as real pushes show), else text. */
export interface DataPointFields {
  id: string;
  streamId: string;
  streamType: string;
  streamUnits: string;
  data: string | number;
  description: string;
  quality: number;
  /** Client time, epoch ms. */
  timestamp: number;
  /** Arrival time, epoch ms (also the envelope's time). */
  serverTimestamp: number;
  location?: string;
}

export function dataPointEventOf(cstId: number, p: DataPointFields, seq: number | undefined): SimEvent {
  const data: Record<string, unknown> = {
    id: p.id,
    cstId,
    streamId: p.streamId,
    streamType: p.streamType,
    streamUnits: p.streamUnits,
    data: p.data,
    description: p.description,
    quality: p.quality,
    timestamp: p.timestamp,
    serverTimestamp: p.serverTimestamp,
  };
  if (p.location !== undefined) data.location = p.location;
  return {
    type: 'DataPoint',
    operation: 'INSERTION',
    topic: `${cstId}/DataPoint/${p.streamId}`,
    timestamp: new Date(p.serverTimestamp).toISOString(),
    cstId,
    ...(seq === undefined ? {} : { seq }),
    uuid: p.id,
    data,
  };
}

export interface DataPointSpec {
  deviceId: string;
  stream: string;
  value: number;
  units: string;
  kind: string;
}

/**
 * A generated point on `<deviceId>/metrics/<stream>` with sequence number `seq` (its id is
 * the sequence UUID). Burst mode uses it as its template.
 */
export function dataPointEvent(account: SimAccount, p: DataPointSpec, seq: number, now: number): SimEvent {
  const fields: DataPointFields = {
    id: eventUuid(seq, now),
    streamId: `${p.deviceId}/metrics/${p.stream}`,
    streamType: p.kind,
    streamUnits: p.units,
    data: p.value,
    description: '',
    quality: 0,
    timestamp: now,
    serverTimestamp: now,
  };
  return dataPointEventOf(account.customerId, fields, seq);
}
