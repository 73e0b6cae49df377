// DeviceInfo records for the Devices view's tests: device `devId` has the id
// `00000000-00000000-00409DFF-FF<devId in hex>`, disconnected unless told otherwise.
import type { DeviceInfo } from '../../src/core';

export function device(devId: number, over: Partial<DeviceInfo> = {}): DeviceInfo {
  const hex = devId.toString(16).toUpperCase().padStart(6, '0');
  return { devId, deviceId: `00000000-00000000-00409DFF-FF${hex}`, connected: false, raw: {}, ...over };
}
