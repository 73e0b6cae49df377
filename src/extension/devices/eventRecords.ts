// The records inside push events, read with the core's REST parsers: a DeviceCore event
// carries the /ws/DeviceCore record and a DataPoint event the /ws/DataPoint one (push
// records keep JSON types, so numbers may come bare; the readers take both). A record that
// does not parse is skipped, not thrown: one bad event must not stop the batch.

import { dataPointFromItem, deviceFromItem, ItemReader, type DataPointInfo, type DeviceInfo } from '../../core';

function recordReader<T>(what: string, parse: (r: ItemReader) => T): (record: unknown) => T | undefined {
  return (record) => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
    try {
      return parse(new ItemReader(record as Record<string, unknown>, what));
    } catch {
      return undefined;
    }
  };
}

export const deviceFromEvent = recordReader<DeviceInfo>('DeviceCore event', deviceFromItem);
export const pointFromEvent = recordReader<DataPointInfo>('DataPoint event', dataPointFromItem);
