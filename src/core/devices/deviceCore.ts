// DeviceCore records (rest-devices-streams §2) from a /ws/DeviceCore answer, JSON or XML.

import { assignDefined, flattenFields, malformed, type ItemReader } from './fields';
import { parseEnvelope, rowPage } from './paging';
import type { DeviceInfo, RowPage } from './types';

/** One DeviceCore item: `id.devId` and `devConnectwareId` are required, the rest stays absent when not sent. */
export function deviceFromItem(r: ItemReader): DeviceInfo {
  // The record id is the nested `id` object; a flat devId is taken too (same meaning).
  const id = r.object('id');
  const devId = id?.int('devId') ?? r.int('devId');
  if (devId === undefined) throw malformed(`${r.what}: field "id.devId" is missing`);
  const status = r.int('dpConnectionStatus');
  const device: DeviceInfo = {
    devId,
    deviceId: r.requiredText('devConnectwareId').trim(),
    connected: status === 1,
    raw: flattenFields(r.item),
  };
  return assignDefined(device, {
    devVersion: id?.int('devVersion') ?? r.int('devVersion'),
    customerId: r.int('cstId'),
    groupId: r.int('grpId'),
    // '' is the root group, a value of its own.
    groupPath: r.text('grpPath'),
    mac: r.optText('devMac'),
    cellularModemId: r.optText('devCellularModemId'),
    type: r.optText('dpDeviceType'),
    firmwareLevel: r.int('dpFirmwareLevel'),
    firmwareLevelDesc: r.optText('dpFirmwareLevelDesc'),
    lastConnectTime: r.time('dpLastConnectTime'),
    lastDisconnectTime: r.time('dpLastDisconnectTime'),
    lastKnownIp: r.optText('dpLastKnownIp'),
    globalIp: r.optText('dpGlobalIp'),
    description: r.optText('dpDescription'),
    contact: r.optText('dpContact'),
    location: r.optText('dpLocation'),
    terminated: r.bool('devTerminated'),
  });
}

/** A page of `/ws/DeviceCore` (a single-device GET answers the same envelope with one item). */
export function parseDevicePage(text: string): RowPage<DeviceInfo> {
  return rowPage(parseEnvelope(text, 'DeviceCore'), deviceFromItem);
}
