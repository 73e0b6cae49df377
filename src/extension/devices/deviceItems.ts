// What the Devices view shows for each node, as plain data (labels, descriptions, Markdown
// tooltips, icons, context values, click commands); devicesView.ts only turns these into
// TreeItems. Device and stream fields come from the service and are untrusted text: one
// line, invisible characters shown, cut, and Markdown-escaped in tooltips (mdField).

import { NUMERIC_STREAM_TYPES, type DataStreamInfo, type DeviceInfo } from '../../core';
import { COMMANDS } from '../commandIds';
import type { Translate } from '../l10n';
import { formatAge } from '../sessions/liveState';
import { displayLine } from '../../shared/displayText';
import { mdField, type ItemFields, type NodeCommand, type NodeIcon } from '../tree/treeModel';
import type { DeviceList } from './deviceList';
import type { StreamNode } from './deviceNodes';

/** Context values: menus match `viewItem =~ /^device/` (a device), `== stream`, `=~ /^deviceAccount/`. */
export const DEVICE_CONTEXT = {
  device: (connected: boolean) => (connected ? 'device.connected' : 'device.disconnected'),
  stream: 'stream',
  account: (live: boolean) => (live ? 'deviceAccount.live' : 'deviceAccount.notLive'),
  loadMore: 'devices.loadMore',
  message: 'devices.message',
  error: 'devices.error',
} as const;

const LABEL_MAX = 80;
const n = (x: number) => x.toLocaleString('en-US');

/** `00409DFF-FF58175B` for `00000000-00000000-00409DFF-FF58175B` (the part that differs between devices). */
export function shortDeviceId(deviceId: string): string {
  const groups = deviceId.split('-');
  return groups.length === 4 && groups[0] === '00000000' ? groups.slice(2).join('-') : deviceId;
}

/** Description, else type, else the device id. */
export function deviceLabel(d: DeviceInfo): string {
  const name = d.description?.trim() || d.type?.trim();
  return displayLine(name || d.deviceId, LABEL_MAX);
}

/** `connected 3 min ago`, `disconnected 2 h ago`, or the bare state when the time is unknown. */
export function connectionText(d: DeviceInfo, now: number, t: Translate): string {
  const at = d.connected ? d.lastConnectTime : d.lastDisconnectTime;
  if (at === undefined) return d.connected ? t('connected') : t('disconnected');
  const age = formatAge(now - at, t);
  return d.connected ? t('connected {0}', age) : t('disconnected {0}', age);
}

const iso = (ms: number) => new Date(ms).toISOString();

export function deviceItem(accountId: string, d: DeviceInfo, now: number, t: Translate): ItemFields {
  const label = deviceLabel(d);
  const named = Boolean(d.description?.trim() || d.type?.trim());
  const description = [named ? displayLine(shortDeviceId(d.deviceId), 60) : undefined, connectionText(d, now, t)].filter(Boolean).join(' · ');
  const md: string[] = [`**${mdField(label)}**`, ''];
  const row = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== '') md.push(`${name}: ${value}`);
  };
  row(t('Device ID'), mdField(d.deviceId));
  row(t('State'), mdField(connectionText(d, now, t)));
  if (d.description?.trim() && d.type) row(t('Type'), mdField(d.type));
  else if (!d.description?.trim()) row(t('Type'), d.type ? mdField(d.type) : undefined);
  const firmware = [d.firmwareLevelDesc, d.firmwareLevel !== undefined ? `(${d.firmwareLevel})` : undefined].filter(Boolean).join(' ');
  row(t('Firmware'), firmware ? mdField(firmware) : undefined);
  const ips = [d.lastKnownIp, d.globalIp && d.globalIp !== d.lastKnownIp ? t('global {0}', d.globalIp) : undefined].filter(Boolean).join(' · ');
  row(t('IP'), ips ? mdField(ips) : undefined);
  row(t('Group'), d.groupPath !== undefined ? (d.groupPath === '' ? t('(root)') : mdField(d.groupPath)) : undefined);
  row(t('MAC'), d.mac ? mdField(d.mac) : undefined);
  row(t('Last connect'), d.lastConnectTime !== undefined ? `${iso(d.lastConnectTime)} (${formatAge(now - d.lastConnectTime, t)})` : undefined);
  row(t('Last disconnect'), d.lastDisconnectTime !== undefined ? `${iso(d.lastDisconnectTime)} (${formatAge(now - d.lastDisconnectTime, t)})` : undefined);
  row(t('Location'), d.location ? mdField(d.location) : undefined);
  row(t('Contact'), d.contact ? mdField(d.contact) : undefined);
  row(t('Record id'), String(d.devId));
  return {
    id: `device:${accountId}/${d.devId}`,
    label,
    description,
    tooltip: md.join('  \n'),
    contextValue: DEVICE_CONTEXT.device(d.connected),
    icon: d.connected ? { id: 'vm-running', color: 'charts.green' } : { id: 'vm-outline', color: 'disabledForeground' },
    collapsible: 'collapsed',
  };
}

/** The stream's path after `<device id>/` (the whole id when it does not start so). */
export function streamPath(streamId: string, deviceId: string): string {
  const prefix = `${deviceId}/`;
  return streamId.toUpperCase().startsWith(prefix.toUpperCase()) && streamId.length > prefix.length ? streamId.slice(prefix.length) : streamId;
}

function streamIcon(type: string): NodeIcon {
  if ((NUMERIC_STREAM_TYPES as readonly string[]).includes(type)) return { id: 'symbol-number' };
  switch (type) {
    case 'STRING':
      return { id: 'symbol-string' };
    case 'JSON':
      return { id: 'json' };
    case 'GEOJSON':
      return { id: 'location' };
    case 'BINARY':
      return { id: 'file-binary' };
    default:
      return { id: 'symbol-misc' };
  }
}

/** The command a stream node runs when clicked: its history in the viewer. */
export const STREAM_CLICK_COMMAND = COMMANDS.openStreamHistory;

export function streamItem(node: StreamNode, now: number, t: Translate): ItemFields {
  const s: DataStreamInfo = node.stream;
  const cv = s.currentValue;
  const value = cv ? [displayLine(cv.data, 40), s.units ? displayLine(s.units, 20) : undefined].filter(Boolean).join(' ') : undefined;
  const description = cv ? `${value} · ${formatAge(now - cv.timestamp, t)}` : t('no data yet');
  const md: string[] = [`**${mdField(streamPath(s.streamId, node.deviceId))}**`, ''];
  md.push(`${t('Stream')}: ${mdField(s.streamId)}`);
  md.push(`${t('Type')}: ${mdField(s.dataType)}${s.units ? ` · ${t('units')} ${mdField(s.units, 40)}` : ''}`);
  if (s.description) md.push(`${t('Description')}: ${mdField(s.description)}`);
  if (cv) {
    md.push(`${t('Current value')}: ${mdField(cv.data)}`);
    md.push(`${t('Value time')}: ${iso(cv.timestamp)} (${formatAge(now - cv.timestamp, t)})`);
    if (cv.serverTimestamp !== undefined) md.push(`${t('Arrived at the server')}: ${iso(cv.serverTimestamp)}`);
  }
  if (s.forwardTo?.length) md.push(`${t('Forwarded to')}: ${s.forwardTo.map((f) => mdField(f)).join(', ')}`);
  return {
    id: `stream:${node.accountId}/${s.streamId}`,
    label: displayLine(streamPath(s.streamId, node.deviceId), LABEL_MAX),
    description,
    tooltip: md.join('  \n'),
    contextValue: DEVICE_CONTEXT.stream,
    icon: streamIcon(s.dataType),
    collapsible: 'none',
    command: { command: STREAM_CLICK_COMMAND, title: t('Open Stream History'), arguments: [node] },
  };
}

/** `3/10 connected`, or for a list read in part `3 of 100 shown connected · 10,000 devices`. */
export function countsText(l: Pick<DeviceList, 'connected' | 'shown' | 'total' | 'complete'>, t: Translate): string {
  if (l.complete || l.total === undefined || l.total <= l.shown) return t('{0}/{1} connected', n(l.connected), n(l.shown));
  return t('{0} of {1} shown connected · {2} devices', n(l.connected), n(l.shown), n(l.total));
}

/** The counts over several accounts' lists together. */
export function sumCounts(lists: readonly Pick<DeviceList, 'connected' | 'shown' | 'total' | 'complete'>[]): Pick<DeviceList, 'connected' | 'shown' | 'total' | 'complete'> {
  let connected = 0;
  let shown = 0;
  let total = 0;
  let complete = true;
  for (const l of lists) {
    connected += l.connected;
    shown += l.shown;
    total += l.total ?? l.shown;
    complete &&= l.complete;
  }
  return { connected, shown, total, complete };
}

/** The "Load more…" row: how many are shown of how many. */
export function loadMoreItem(l: DeviceList, t: Translate): ItemFields {
  const more = l.total !== undefined ? t('{0} of {1} shown', n(l.shown), n(l.total)) : undefined;
  return {
    id: `loadMore:${l.accountId}`,
    label: l.loadingMore ? t('Loading more…') : t('Load more…'),
    description: more,
    contextValue: DEVICE_CONTEXT.loadMore,
    icon: { id: l.loadingMore ? 'loading~spin' : 'ellipsis' },
    collapsible: 'none',
    command: l.loadingMore ? undefined : { command: COMMANDS.loadMoreDevices, title: t('Load More Devices'), arguments: [{ accountId: l.accountId }] },
  };
}

/** A failed read as a row that retries when clicked (`retry`: the refresh command's argument). */
export function errorItem(id: string, retry: { accountId: string; devId?: number }, message: string, t: Translate, what: string): ItemFields {
  return {
    id,
    label: `${what}: ${displayLine(message, 200)}`,
    description: t('click to retry'),
    tooltip: mdField(message, 1000),
    contextValue: DEVICE_CONTEXT.error,
    icon: { id: 'warning', color: 'list.errorForeground' },
    collapsible: 'none',
    command: { command: COMMANDS.refreshDevices, title: t('Retry'), arguments: [retry] },
  };
}

export function messageItem(id: string, label: string, icon: NodeIcon, command?: NodeCommand): ItemFields {
  return { id, label, contextValue: DEVICE_CONTEXT.message, icon, collapsible: 'none', command };
}
