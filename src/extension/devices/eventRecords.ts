// The records inside push events, read with the core's REST parsers: a DeviceCore event
// carries the /ws/DeviceCore record and a DataPoint event the /ws/DataPoint one (push
// records keep JSON types, so numbers may come bare; the readers take both). A record that
// does not parse is skipped, not thrown: one bad event must not stop the batch.

import { dataPointFromItem, deviceFromItem, ItemReader, type DataPointInfo, type DeviceInfo } from '../../core';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function deviceFromEvent(record: unknown): DeviceInfo | undefined {
  if (!isObject(record)) return undefined;
  try {
    return deviceFromItem(new ItemReader(record, 'DeviceCore event'));
  } catch {
    return undefined;
  }
}

export function pointFromEvent(record: unknown): DataPointInfo | undefined {
  if (!isObject(record)) return undefined;
  try {
    return dataPointFromItem(new ItemReader(record, 'DataPoint event'));
  } catch {
    return undefined;
  }
}
