// The monitor topics of "Watch This Device" and of "Watch Device Connections", as data.
// DeviceCore's event topic path is the numeric record id (`DeviceCore/<devId>`,
// push-protocol.md §3.2), DataPoint's the stream id (`<device id>/…`), FileData's the
// storage path (`~` = the account's storage root, where device uploads go under the device
// id). AlarmStatus topics carry the alarm id, not the device: it cannot be scoped to one device.

import type { MonitorSettings } from '../../core';
import type { Translate } from '../l10n';
import { displayLine } from '../../shared/displayText';

export interface WatchOptions {
  fileData: boolean;
  alarmStatus: boolean;
}

/** What a new user gets: the device's connection changes and data points. */
export const DEFAULT_WATCH_OPTIONS: Readonly<WatchOptions> = Object.freeze({ fileData: false, alarmStatus: false });

/** workspaceState key of the last choice. */
export const WATCH_OPTIONS_STATE_KEY = 'digiPushMonitor.watchDevice.options';

/** A stored choice, or the defaults when it is missing or malformed. */
export function readWatchOptions(stored: unknown): WatchOptions {
  if (!stored || typeof stored !== 'object') return { ...DEFAULT_WATCH_OPTIONS };
  const s = stored as Partial<Record<keyof WatchOptions, unknown>>;
  return {
    fileData: typeof s.fileData === 'boolean' ? s.fileData : DEFAULT_WATCH_OPTIONS.fileData,
    alarmStatus: typeof s.alarmStatus === 'boolean' ? s.alarmStatus : DEFAULT_WATCH_OPTIONS.alarmStatus,
  };
}

/** Device ids look like `00000000-00000000-00409DFF-FF58175B`; a character that would change what a topic matches is refused. */
const TOPIC_UNSAFE = /[/,[\]*%~\s]/;

export function watchTopics(device: { deviceId: string; devId: number }, o: WatchOptions): string[] {
  if (device.deviceId === '' || TOPIC_UNSAFE.test(device.deviceId)) throw new Error(`"${displayLine(device.deviceId, 80)}" is not a device id that can go into a monitor topic (no / , [ ] * % ~ or spaces)`);
  if (!Number.isSafeInteger(device.devId) || device.devId < 0) throw new Error(`device record id ${device.devId} is not a whole number`);
  // One fixed order, so the same choice finds the same monitor again (ensureMonitor compares in order).
  const topics = [`DeviceCore/${device.devId}`, `DataPoint/${device.deviceId}`];
  if (o.fileData) topics.push(`FileData/~/${device.deviceId}`);
  if (o.alarmStatus) topics.push('AlarmStatus');
  return topics;
}

/**
 * Events show up within a second; high rates still travel in batches (the Create Monitor
 * defaults). No ackOption / autoReplayOnConnect: ensureMonitor gives the `monitors.lossless` delivery.
 */
const LIVE_SETTINGS: Omit<MonitorSettings, 'topics'> = { format: 'json', compression: 'zlib', batchSize: 100, batchDuration: 1 };

export const watchDeviceSettings = (topics: string[]): MonitorSettings => ({ topics, ...LIVE_SETTINGS });

/**
 * Every device's connects and disconnects: what keeps the Devices view current. Not held
 * (batch duration 0), so a row flips well within a second; a burst still travels in batches.
 */
export const fleetSettings = (): MonitorSettings => ({ topics: ['DeviceCore'], ...LIVE_SETTINGS, batchDuration: 0 });

export const watchPurpose = (deviceId: string) => `watch ${deviceId}`;
export const FLEET_PURPOSE = 'device connections';

/** The two optional topics as quick-pick rows. */
export function watchOptionItems(o: WatchOptions, t: Translate): { label: string; description: string; picked: boolean; option: keyof WatchOptions }[] {
  return [
    { label: t('File uploads (FileData)'), description: t("files the device uploads to the account's storage"), picked: o.fileData, option: 'fileData' },
    { label: t('Alarms (AlarmStatus)'), description: t("every alarm of the account: AlarmStatus topics can't be scoped to one device"), picked: o.alarmStatus, option: 'alarmStatus' },
  ];
}
