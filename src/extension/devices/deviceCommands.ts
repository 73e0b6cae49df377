// The Devices view's commands: Refresh, Filter / Clear Filter, Load More, Watch Device
// Connections (a DeviceCore monitor that keeps the view live), Watch This Device (a monitor
// scoped to one device, started and shown in the viewer) and Copy Device ID.

import * as vscode from 'vscode';
import { PushMonitorError, type DeviceInfo } from '../../core';
import type { AccountRecord } from '../accounts/accountModel';
import { COMMANDS } from '../commandIds';
import { registerCommand, type ErrorReporter } from '../commands/reportError';
import { startSession, type SessionCommandDeps } from '../commands/sessionCommands';
import type { DisposableLike } from '../lifecycle';
import { ensureMonitor, type EnsureMonitorDeps } from '../monitors/ensureMonitor';
import type { EventViewerApi } from '../viewer/eventViewer';
import { pickAccount } from '../wizard/createMonitorWizard';
import { deviceLabel, shortDeviceId } from './deviceItems';
import { isDeviceNode } from './deviceNodes';
import { filterProblem } from './deviceList';
import type { DevicesController } from './devicesController';
import { FLEET_PURPOSE, fleetSettings, readWatchOptions, WATCH_OPTIONS_STATE_KEY, watchDeviceSettings, watchOptionItems, watchPurpose, watchTopics, type WatchOptions } from './watchTopics';

export interface DeviceCommandDeps extends SessionCommandDeps, Pick<EnsureMonitorDeps, 'created' | 'log' | 'delivery'> {
  devices: DevicesController;
  viewer: Pick<EventViewerApi, 'open'>;
  /** Where the Watch This Device options are remembered (the workspace's state). */
  workspaceState: Pick<vscode.Memento, 'get' | 'update'>;
}

/** What Watch This Device / Watch Device Connections started. */
export interface WatchResult {
  accountId: string;
  monitorId: number;
}

/** `{ accountId, devId? }` from a command argument: a node, a plain object, or an account id. */
function targetOf(arg: unknown): { accountId?: string; devId?: number } {
  if (typeof arg === 'string') return { accountId: arg };
  if (!arg || typeof arg !== 'object') return {};
  const a = arg as { accountId?: unknown; devId?: unknown; kind?: unknown };
  return {
    accountId: typeof a.accountId === 'string' ? a.accountId : undefined,
    devId: a.kind === undefined && typeof a.devId === 'number' ? a.devId : undefined,
  };
}

export async function refreshDevices(s: DeviceCommandDeps, arg?: unknown): Promise<void> {
  const { accountId, devId } = targetOf(arg);
  if (accountId !== undefined && devId !== undefined) return s.devices.retryStreams(accountId, devId);
  await s.devices.refresh(accountId);
}

export async function loadMoreDevices(s: DeviceCommandDeps, arg?: unknown): Promise<void> {
  const { accountId, devId } = targetOf(arg);
  if (accountId !== undefined && devId !== undefined) return s.devices.loadMoreStreams(accountId, devId);
  const ids = accountId !== undefined ? [accountId] : s.accounts.list().map((a) => a.id);
  await Promise.all(ids.map((id) => s.devices.loadMore(id)));
}

/** Asks for the filter text (or takes a string argument); an empty answer clears it. */
export async function filterDevices(s: DeviceCommandDeps, arg?: unknown): Promise<void> {
  const text =
    typeof arg === 'string'
      ? arg
      : await s.prompter.input({
          title: s.t('Filter Devices'),
          prompt: s.t('Devices whose ID or description contains this text (% matches any run of characters, _ one character). Empty clears the filter.'),
          value: s.devices.filter ?? '',
          validateInput: (v) => (v.trim() === '' ? undefined : filterProblem(v)),
        });
  if (text === undefined) return;
  const problem = text.trim() === '' ? undefined : filterProblem(text);
  if (problem) throw new PushMonitorError('INVALID_ARGUMENT', problem);
  await s.devices.setFilter(text);
}

export const clearDeviceFilter = (s: DeviceCommandDeps) => s.devices.setFilter(undefined);

const ensureDeps = (s: DeviceCommandDeps): EnsureMonitorDeps => ({ clientFor: (a) => s.clients.get(a), created: s.created, catalog: s.catalog, log: s.log, delivery: s.delivery });

/** Starts the monitor's session and returns what was started; a start that failed was reported already. */
async function startAndOpen(s: DeviceCommandDeps, account: AccountRecord, monitorId: number, open: boolean): Promise<WatchResult | undefined> {
  const ref = { accountId: account.id, monitorId };
  const session = await startSession(s, ref);
  if (!session) return undefined;
  if (open) await s.viewer.open(ref);
  return ref;
}

/** A DeviceCore monitor for the account (created or reused), started: the Devices view becomes live. */
export async function watchDeviceConnections(s: DeviceCommandDeps, arg?: unknown): Promise<WatchResult | undefined> {
  const account = await pickAccount(s, s.t('Watch Device Connections'), targetOf(arg).accountId);
  if (!account) return undefined;
  const { monitor } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: s.t('Preparing a DeviceCore monitor on {0}…', account.label) }, () =>
    ensureMonitor(ensureDeps(s), account, fleetSettings(), FLEET_PURPOSE),
  );
  return startAndOpen(s, account, monitor.id, false);
}

type DeviceTarget = { account: AccountRecord; device: DeviceInfo };

/** The device a command acts on: a tree node, `{ accountId, deviceId }`, or a quick pick. */
async function resolveDevice(s: DeviceCommandDeps, arg: unknown, title: string): Promise<DeviceTarget | undefined> {
  if (isDeviceNode(arg)) {
    const account = s.accounts.get(arg.accountId);
    return account ? { account, device: arg.device } : undefined;
  }
  const a = arg && typeof arg === 'object' ? (arg as { accountId?: unknown; deviceId?: unknown }) : {};
  if (typeof a.deviceId === 'string') {
    const account = await pickAccount(s, title, typeof a.accountId === 'string' ? a.accountId : undefined);
    if (!account) throw new PushMonitorError('INVALID_ARGUMENT', s.t('unknown account {0}', String(a.accountId)));
    return { account, device: await findDevice(s, account, a.deviceId) };
  }
  return pickDevice(s, title);
}

async function findDevice(s: DeviceCommandDeps, account: AccountRecord, deviceId: string): Promise<DeviceInfo> {
  const known = s.devices.list(account.id).findByDeviceId(deviceId);
  if (known) return known.device;
  const client = await s.clients.get(account);
  const found = await client.devices.findDevice(deviceId);
  if (!found) throw new PushMonitorError('NOT_FOUND', s.t('no device {0} in {1}', deviceId, account.label));
  return found;
}

/** A quick pick of the devices read so far (reading every account not read yet first), or one typed by id. */
async function pickDevice(s: DeviceCommandDeps, title: string): Promise<DeviceTarget | undefined> {
  const accounts = s.accounts.list();
  const unread = accounts.filter((a) => s.devices.list(a.id).status === 'idle');
  if (unread.length > 0) {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: s.t('Reading devices…') }, () => Promise.all(unread.map((a) => s.devices.load(a.id))));
  }
  type Item = vscode.QuickPickItem & { target?: DeviceTarget };
  const items: Item[] = [];
  for (const account of accounts) {
    for (const e of s.devices.list(account.id).devices) {
      const d = e.device;
      items.push({
        label: `$(${d.connected ? 'vm-running' : 'vm-outline'}) ${deviceLabel(d)}`,
        description: [shortDeviceId(d.deviceId), d.connected ? s.t('connected') : s.t('disconnected'), accounts.length > 1 ? account.label : undefined].filter(Boolean).join(' · '),
        detail: d.deviceId,
        target: { account, device: d },
      });
    }
  }
  items.push({ label: `$(edit) ${s.t('Enter a device ID…')}` });
  const pick = await s.prompter.pick(items, { title, placeHolder: s.t('Device'), matchOnDescription: true, matchOnDetail: true });
  if (!pick) return undefined;
  if (pick.target) return pick.target;
  const deviceId = await s.prompter.input({ title, prompt: s.t('Device ID, e.g. 00000000-00000000-00409DFF-FF58175B'), validateInput: (v) => (v.trim() ? undefined : s.t('Enter a device ID')) });
  if (!deviceId) return undefined;
  const account = await pickAccount(s, title);
  return account ? { account, device: await findDevice(s, account, deviceId.trim()) } : undefined;
}

/** The optional topics: from the argument (`{ fileData, alarmStatus }`), else asked with the last choice checked. */
async function chooseOptions(s: DeviceCommandDeps, arg: unknown, title: string): Promise<WatchOptions | undefined> {
  const given = arg && typeof arg === 'object' ? (arg as { options?: unknown }).options : undefined;
  if (given !== undefined) return readWatchOptions(given);
  const last = readWatchOptions(s.workspaceState.get(WATCH_OPTIONS_STATE_KEY));
  const chosen = await s.prompter.pickMany(watchOptionItems(last, s.t), {
    title,
    placeHolder: s.t('Connection changes and data points are always watched; also watch…'),
  });
  if (!chosen) return undefined;
  const options: WatchOptions = { fileData: chosen.some((c) => c.option === 'fileData'), alarmStatus: chosen.some((c) => c.option === 'alarmStatus') };
  await s.workspaceState.update(WATCH_OPTIONS_STATE_KEY, options);
  return options;
}

/**
 * Watch This Device: a monitor of ours with exactly this device's topics (created or
 * reused), its session started and the viewer opened on it.
 */
export async function watchDevice(s: DeviceCommandDeps, arg?: unknown): Promise<WatchResult | undefined> {
  const title = s.t('Watch This Device');
  const target = await resolveDevice(s, arg, title);
  if (!target) return undefined;
  const { account, device } = target;
  const options = await chooseOptions(s, arg, s.t('Watch {0}', deviceLabel(device)));
  if (!options) return undefined;
  const topics = watchTopics(device, options);
  const { monitor } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: s.t('Preparing a monitor for {0}…', device.deviceId) }, () =>
    ensureMonitor(ensureDeps(s), account, watchDeviceSettings(topics), watchPurpose(device.deviceId)),
  );
  return startAndOpen(s, account, monitor.id, true);
}

export async function copyDeviceId(s: DeviceCommandDeps, arg?: unknown): Promise<string | undefined> {
  const target = await resolveDevice(s, arg, s.t('Copy Device ID'));
  if (!target) return undefined;
  await vscode.env.clipboard.writeText(target.device.deviceId);
  vscode.window.setStatusBarMessage(s.t('Copied device ID {0}', target.device.deviceId), 3000);
  return target.device.deviceId;
}

/** Registers the Devices view's commands through the error-reporting wrapper. */
export function registerDeviceCommands(s: DeviceCommandDeps & { errors: ErrorReporter }): DisposableLike[] {
  const { t, errors } = s;
  return [
    registerCommand(errors, COMMANDS.refreshDevices, t('Could not refresh the devices'), (arg) => refreshDevices(s, arg)),
    registerCommand(errors, COMMANDS.filterDevices, t('Could not filter the devices'), (arg) => filterDevices(s, arg)),
    registerCommand(errors, COMMANDS.clearDeviceFilter, t('Could not clear the device filter'), () => clearDeviceFilter(s)),
    registerCommand(errors, COMMANDS.loadMoreDevices, t('Could not load more'), (arg) => loadMoreDevices(s, arg)),
    registerCommand(errors, COMMANDS.watchDeviceConnections, t('Could not watch device connections'), (arg) => watchDeviceConnections(s, arg)),
    registerCommand(errors, COMMANDS.watchDevice, t('Could not watch the device'), (arg) => watchDevice(s, arg)),
    registerCommand(errors, COMMANDS.copyDeviceId, t('Could not copy the device ID'), (arg) => copyDeviceId(s, arg)),
  ];
}
