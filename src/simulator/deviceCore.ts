// A simulated device as a DeviceCore record (rest-devices-streams §2) — one builder for both
// the REST inventory and the DeviceCore push event (push-protocol §3.3), so what a monitor
// receives on a connect/disconnect is exactly what GET /ws/DeviceCore shows afterwards.
// Values keep their JSON types here (as in push events); the REST views turn every scalar
// into a string.

import type { SimDevice } from './deviceStore';
import { eventUuid } from './sequence';
import type { SimEvent } from './simEvent';

/** Digi's vendor id (0xFE000000). */
const DIGI_VENDOR_ID = 4261412864;
const iso = (ms: number) => new Date(ms).toISOString();

/** Every top-level field a record can have (optional ones are left out when empty), plus the id's parts. */
export const DEVICE_CORE_ATTRIBUTES: readonly string[] = [
  'id.devId', 'id.devVersion', 'devId', 'devVersion', 'devConnectwareId', 'devMac', 'devCellularModemId', 'cstId', 'grpId',
  'grpPath', 'devRecordStartDate', 'devEffectiveStartDate', 'devTerminated', 'dpDeviceType', 'dpFirmwareLevel',
  'dpFirmwareLevelDesc', 'dpConnectionStatus', 'dpLastConnectTime', 'dpLastDisconnectTime', 'dpLastKnownIp', 'dpGlobalIp',
  'dpDescription', 'dpContact', 'dpLocation', 'dpMapLat', 'dpMapLong', 'dpRestrictedStatus', 'dpCapabilities',
  'dpZigbeeCapabilities', 'dpServerId', 'dvVendorId', 'dpUserMetaData',
];

/** The device's DeviceCore record now. */
export function deviceCoreRecord(d: SimDevice, cstId: number): Record<string, unknown> {
  const start = iso(d.recordStart);
  const p = d.profile;
  return {
    id: { devId: d.devId, devVersion: 0 },
    devConnectwareId: d.deviceId,
    devMac: d.mac,
    devCellularModemId: d.modemId,
    cstId,
    grpId: d.group.id,
    grpPath: d.group.path,
    devRecordStartDate: start,
    devEffectiveStartDate: start,
    devTerminated: false,
    dpDeviceType: d.type,
    dpFirmwareLevel: d.firmware[0],
    dpFirmwareLevelDesc: d.firmware[1],
    dpConnectionStatus: d.connected ? 1 : 0,
    dpLastConnectTime: iso(d.lastConnect),
    dpLastDisconnectTime: d.lastDisconnect === undefined ? undefined : iso(d.lastDisconnect),
    dpLastKnownIp: d.ip,
    dpGlobalIp: d.globalIp,
    dpDescription: p.description,
    dpContact: p.contact,
    dpLocation: p.location,
    dpMapLat: p.lat,
    dpMapLong: p.long,
    dpRestrictedStatus: 0,
    dpCapabilities: 67174,
    dpZigbeeCapabilities: 0,
    dpServerId: d.connected ? 'ClientConnector@sim-1' : undefined,
    dvVendorId: DIGI_VENDOR_ID,
    dpUserMetaData: d.lastEventUuid,
  };
}

/** Field lookup for a `condition` on DeviceCore: top-level fields and `id.devId`/`devId`, as strings. */
export function deviceCoreLookup(record: Record<string, unknown>): (name: string) => string | undefined {
  const id = record.id as { devId: number; devVersion: number };
  return (name) => {
    const key = name.replace(/^id\./, '');
    const v = key === 'devId' || key === 'devVersion' ? id[key] : record[key];
    return v === undefined || v === null || typeof v === 'object' ? undefined : String(v as string | number | boolean);
  };
}

/**
 * The DeviceCore UPDATE announcing the device's current state (call after changing it):
 * its sequence UUID becomes the record's dpUserMetaData, so event and record stay equal.
 */
export function deviceCoreEvent(d: SimDevice, cstId: number, seq: number, now: number): SimEvent {
  const uuid = eventUuid(seq, now);
  d.lastEventUuid = uuid;
  const data = deviceCoreRecord(d, cstId);
  for (const k of Object.keys(data)) if (data[k] === undefined) delete data[k];
  return {
    type: 'DeviceCore',
    operation: 'UPDATE',
    topic: `${cstId}/DeviceCore/${d.devId}/0`,
    timestamp: iso(now),
    cstId,
    seq,
    uuid,
    data,
  };
}
