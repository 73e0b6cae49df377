// The Devices view's state and its sources of change, without vscode: each account's
// DeviceList is read from DeviceCore when the view first asks for it (the Local simulator's
// only once the simulator runs, or when asked by name), and afterwards changed only by the
// DeviceCore and DataPoint push events of that account's sessions — never by polling. Events
// update the lists at once; the view is told at most every ~250 ms, for the rows that changed.
// One read besides: when an account's DeviceCore events start reaching a live session, the
// rows read before (while nothing carried them) are read again, events since kept on top.

import {
  describeError, isPushMonitorError, systemClock, topicResource,
  type Clock, type CursorPage, type DataPointInfo, type DataStreamInfo, type DeviceInfo, type ListDevicesOptions, type ListStreamsOptions, type Logger, type RowPage, type SessionItem, type TimerHandle,
} from '../../core';
import { isSimulator, type AccountRecord } from '../accounts/accountModel';
import type { AccountStore } from '../accounts/accountStore';
import { DisposableStore, Emitter, type DisposableLike } from '../lifecycle';
import type { LiveSession } from '../sessions/liveSession';
import type { SessionManager } from '../sessions/sessionManager';
import { RedrawSchedule } from '../tree/redrawSchedule';
import { deviceLabel } from './deviceItems';
import { DeviceEntry, DeviceList, filterCondition, filterProblem } from './deviceList';
import { StreamEntry, StreamLists } from './streamList';

/** What the view reads devices and streams through (the account's PushClient has both). */
export interface DeviceClients {
  devices: { listDevices(opts: ListDevicesOptions): Promise<RowPage<DeviceInfo>> };
  streams: { listStreams(opts: ListStreamsOptions): Promise<CursorPage<DataStreamInfo>> };
}

export interface DevicesControllerDeps {
  accounts: Pick<AccountStore, 'list' | 'get' | 'onDidChange'>;
  /** The account's clients (for the simulator account this starts the simulator). */
  clientsFor(account: AccountRecord): Promise<DeviceClients>;
  manager: Pick<SessionManager, 'list' | 'onDidChange'>;
  simulatorRunning(): boolean;
  /** The core's DeviceCore record parser (push records carry the REST shape, maybe with numbers). */
  parseDevice(record: unknown): DeviceInfo | undefined;
  /** The core's DataPoint record parser. */
  parsePoint(record: unknown): DataPointInfo | undefined;
  /** Runs a read with the view's progress indicator. */
  progress<T>(task: () => Promise<T>): Promise<T>;
  /** Error texts shown in the view are redacted of every secret. */
  redact(text: string): string;
  log: Logger;
}

export interface DevicesOptions {
  clock?: Clock;
  /** Devices per page (the first page is shown as soon as it arrives). */
  pageSize?: number;
  streamPageSize?: number;
  /** Longest wait between an event and the rows it changed being redrawn. */
  redrawMs?: number;
  /** Ages ("connected 3 min ago") are redrawn this often while devices are shown. */
  ageRefreshMs?: number;
}

/** An account's node (shown when there is more than one account). */
export interface AccountElement {
  readonly kind: 'deviceAccount';
  readonly accountId: string;
}

/** What the view is told changed: some rows, or everything (undefined). */
export type DevicesChange = readonly (AccountElement | DeviceEntry | StreamEntry)[] | undefined;

/** Which welcome the view shows when it has no rows. */
export type DevicesState = 'noAccount' | 'simulatorIdle' | 'noDevices' | 'ready';

/** One account's rows as the test API reports them. */
export type DevicesSnapshot = {
  accountId: string;
  status: DeviceList['status'];
  filter: string | undefined;
  total: number | undefined;
  shown: number;
  connected: number;
  live: boolean;
  devices: { deviceId: string; devId: number; connected: boolean; label: string }[];
}[];

/** True for a topic that carries every device's DeviceCore events (`DeviceCore`, `[operation=U]DeviceCore`…). */
export function carriesFleetDeviceCore(topic: string): boolean {
  if (topicResource(topic) !== 'DeviceCore') return false;
  const rest = topic.trim().replace(/^(\[[^\]]*\])+/, '');
  return !rest.includes('/');
}

const epochMs = (iso: string): number | undefined => {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
};

export class DevicesController implements DisposableLike {
  private readonly lists = new Map<string, DeviceList>();
  private readonly accountElements = new Map<string, AccountElement>();
  readonly streams = new StreamLists();
  private filterText: string | undefined;
  private readonly changes = new Set<AccountElement | DeviceEntry | StreamEntry>();
  private structural = false;
  private readonly changed = new Emitter<DevicesChange>();
  readonly onDidChange = this.changed.event;
  private readonly schedule: RedrawSchedule;
  private readonly sessionWiring = new Map<string, DisposableLike>();
  /** Accounts that were live when last looked at: going live re-reads what is shown. */
  private readonly liveAccounts = new Set<string>();
  private readonly disposables = new DisposableStore();
  private ageTimer: TimerHandle | undefined;
  private shown = false;
  private readonly clock: Clock;
  private readonly pageSize: number;
  private readonly streamPageSize: number;
  private readonly redrawMs: number;
  private readonly ageRefreshMs: number;
  /** DeviceCore events applied (for the log and tests). */
  eventsApplied = 0;

  constructor(
    private readonly d: DevicesControllerDeps,
    o: DevicesOptions = {},
  ) {
    this.clock = o.clock ?? systemClock;
    this.pageSize = o.pageSize ?? 100;
    this.streamPageSize = o.streamPageSize ?? 100;
    this.redrawMs = o.redrawMs ?? 250;
    this.ageRefreshMs = o.ageRefreshMs ?? 30_000;
    this.schedule = new RedrawSchedule(() => this.flush(), this.clock);
  }

  /** Subscribes to accounts and sessions (no reads: those start when the view is shown). */
  start(): void {
    const d = this.d;
    for (const s of d.manager.list()) this.watchSession(s);
    this.noteLiveness();
    this.disposables.add(
      d.manager.onDidChange((e) => {
        if (e.kind === 'added') this.watchSession(e.source);
        else if (e.kind === 'removed') this.unwatchSession(e.source.id);
        else if (e.kind === 'state') this.sessionStateChanged(e.source);
        this.noteLiveness();
      }),
    );
    this.disposables.add(d.accounts.onDidChange(() => this.accountsChanged()));
  }

  // ---- what the view reads ----

  get filter(): string | undefined {
    return this.filterText;
  }

  accounts(): AccountRecord[] {
    return this.d.accounts.list();
  }

  accountElement(accountId: string): AccountElement {
    let e = this.accountElements.get(accountId);
    if (!e) {
      e = { kind: 'deviceAccount', accountId };
      this.accountElements.set(accountId, e);
    }
    return e;
  }

  list(accountId: string): DeviceList {
    let l = this.lists.get(accountId);
    if (!l) {
      l = new DeviceList(accountId);
      this.lists.set(accountId, l);
    }
    return l;
  }

  /** True when a live session of the account carries every device's DeviceCore events. */
  isLive(accountId: string): boolean {
    return this.d.manager.list().some((s) => s.accountId === accountId && s.state.kind === 'live' && s.subscription.topics.some(carriesFleetDeviceCore));
  }

  /** The simulator account while the simulator is not running and its list was never read. */
  simulatorIdle(a: AccountRecord): boolean {
    return isSimulator(a) && !this.d.simulatorRunning() && this.list(a.id).status === 'idle';
  }

  state(): DevicesState {
    const accounts = this.accounts();
    if (accounts.length === 0) return 'noAccount';
    if (accounts.length === 1 && this.simulatorIdle(accounts[0])) return 'simulatorIdle';
    const empty = accounts.every((a) => {
      const l = this.list(a.id);
      return l.status === 'loaded' && l.shown === 0;
    });
    return empty && this.filterText === undefined ? 'noDevices' : 'ready';
  }

  /** The view was shown: reads every account never read (not the simulator before it runs). */
  viewShown(): void {
    this.shown = true;
    for (const a of this.accounts()) {
      if (this.list(a.id).status === 'idle' && !this.simulatorIdle(a)) void this.load(a.id);
    }
  }

  // ---- reading ----

  /** Reads the first page again (with the current filter). The simulator starts if named. */
  async load(accountId: string): Promise<void> {
    const account = this.d.accounts.get(accountId);
    if (!account) return;
    const list = this.list(accountId);
    const generation = list.reset(this.filterText);
    this.streams.dropAccount(accountId);
    this.requestStructural(0);
    try {
      const page = await this.d.progress(async () => {
        const clients = await this.d.clientsFor(account);
        return clients.devices.listDevices({ condition: this.condition(list.filter), start: 0, size: this.pageSize });
      });
      if (list.addPage(generation, page)) this.d.log.info(`devices: ${account.label}: ${page.items.length} of ${list.total ?? '?'} read`);
    } catch (e) {
      this.failed(account, list, generation, e);
    }
    this.requestStructural(0);
    this.updateAgeTimer();
  }

  /** Reads the next page of an account's devices. */
  async loadMore(accountId: string): Promise<void> {
    const account = this.d.accounts.get(accountId);
    if (!account) return;
    const list = this.list(accountId);
    list.clearError();
    const generation = list.beginMore();
    if (generation === undefined) return;
    this.requestStructural(0);
    try {
      const page = await this.d.progress(async () => {
        const clients = await this.d.clientsFor(account);
        return clients.devices.listDevices({ condition: this.condition(list.filter), start: list.nextStart, size: this.pageSize });
      });
      list.addPage(generation, page);
    } catch (e) {
      this.failed(account, list, generation, e);
    }
    this.requestStructural(0);
  }

  /**
   * Reads again the pages shown (same filter, from the first), the rows staying meanwhile; the
   * DeviceCore events received after the request started are applied again on top of the answer
   * (it can be older than they are). A failure shows as the list's error (retried by Refresh).
   */
  async reread(accountId: string): Promise<void> {
    const account = this.d.accounts.get(accountId);
    const list = this.lists.get(accountId);
    if (!account || !list) return;
    const upTo = Math.max(list.nextStart, 1);
    const generation = list.beginReread();
    if (generation === undefined) return;
    this.requestStructural(0);
    try {
      const pages = await this.d.progress(async () => {
        const clients = await this.d.clientsFor(account);
        const read: RowPage<DeviceInfo>[] = [];
        for (let start = 0; start < upTo; ) {
          const page = await clients.devices.listDevices({ condition: this.condition(list.filter), start, size: this.pageSize });
          read.push(page);
          if (page.items.length === 0 || page.remaining <= 0) break;
          start = page.start + page.items.length;
        }
        return read;
      });
      if (list.addReread(generation, pages)) this.d.log.info(`devices: ${account.label}: live; ${list.shown} rows read again`);
    } catch (e) {
      this.failed(account, list, generation, e);
    }
    this.requestStructural(0);
  }

  /**
   * An account whose DeviceCore events start reaching a session: rows read while no session
   * carried them may be stale (devices connected and disconnected meanwhile), so what is shown
   * is read again; a first read still running started too early as well.
   */
  private noteLiveness(): void {
    for (const a of this.accounts()) {
      const live = this.isLive(a.id);
      if (live === this.liveAccounts.has(a.id)) continue;
      if (!live) {
        this.liveAccounts.delete(a.id);
        continue;
      }
      this.liveAccounts.add(a.id);
      const status = this.lists.get(a.id)?.status;
      if (status === 'loaded') void this.reread(a.id);
      else if (status === 'loading') void this.load(a.id);
    }
  }

  private condition(filter: string | undefined): string | undefined {
    return filter === undefined ? undefined : filterCondition(filter);
  }

  private failed(account: AccountRecord, list: DeviceList, generation: number, e: unknown): void {
    const message = this.d.redact(describeError(e));
    const code = isPushMonitorError(e) ? e.code : undefined;
    if (list.fail(generation, { message, code })) this.d.log.warn(`devices: ${account.label}: ${message}`);
  }

  /** Reads every account again (the named one only, when given), keeping the filter. */
  async refresh(accountId?: string): Promise<void> {
    if (accountId !== undefined) return this.load(accountId);
    await Promise.all(this.accounts().filter((a) => !this.simulatorIdle(a)).map((a) => this.load(a.id)));
  }

  /** Sets (or with undefined clears) the filter and reads again every account already read. Throws on a filter the server cannot take. */
  async setFilter(text: string | undefined): Promise<void> {
    const next = text?.trim() || undefined;
    if (next !== undefined) {
      const problem = filterProblem(next);
      if (problem) throw new Error(problem);
    }
    this.filterText = next;
    await Promise.all(this.accounts().filter((a) => this.list(a.id).status !== 'idle').map((a) => this.load(a.id)));
    this.requestStructural(0);
  }

  /** The streams of a device, read on its first expansion. */
  async streamsOf(entry: DeviceEntry): Promise<void> {
    const known = this.streams.get(entry.accountId, entry.device.devId);
    if (known && known.status !== 'error') return;
    await this.readStreams(entry, undefined);
  }

  /** Reads the next page of a device's streams. */
  async loadMoreStreams(accountId: string, devId: number): Promise<void> {
    const entry = this.list(accountId).entry(devId);
    const state = this.streams.get(accountId, devId);
    if (!entry || !state || state.cursor === undefined || state.loadingMore) return;
    state.loadingMore = true;
    this.rowsChanged(entry);
    await this.readStreams(entry, state);
  }

  /** Forgets a device's streams so its next expansion reads them again (a retry). */
  retryStreams(accountId: string, devId: number): void {
    this.streams.drop(accountId, devId);
    const entry = this.list(accountId).entry(devId);
    if (entry) this.rowsChanged(entry);
  }

  private async readStreams(entry: DeviceEntry, more: ReturnType<StreamLists['get']>): Promise<void> {
    const { accountId } = entry;
    const { devId, deviceId } = entry.device;
    const account = this.d.accounts.get(accountId);
    if (!account) return;
    const state = more ?? this.streams.begin(accountId, devId);
    try {
      const clients = await this.d.clientsFor(account);
      const page = await clients.streams.listStreams({ deviceId, size: this.streamPageSize, pageCursor: more?.cursor });
      this.streams.addPage(accountId, devId, deviceId, state, page);
    } catch (e) {
      const message = this.d.redact(describeError(e));
      if (this.streams.fail(accountId, devId, state, message)) this.d.log.warn(`devices: streams of ${deviceId}: ${message}`);
    }
    if (more) this.rowsChanged(entry);
  }

  // ---- push events ----

  private watchSession(s: LiveSession): void {
    if (this.sessionWiring.has(s.id)) return;
    this.sessionWiring.set(s.id, s.onItems((items) => this.applyItems(s.accountId, items)));
  }

  private unwatchSession(id: string): void {
    this.sessionWiring.get(id)?.dispose();
    this.sessionWiring.delete(id);
    this.requestStructural(this.redrawMs);
  }

  private sessionStateChanged(_s: LiveSession): void {
    // The simulator may have just started (a session on it): its devices can be read now.
    if (this.shown) this.viewShown();
    // "not live" may have changed: the account rows and the view's description.
    this.requestStructural(this.redrawMs);
  }

  /** One batch of a session of `accountId`: DeviceCore events update devices, DataPoint events streams. */
  applyItems(accountId: string, items: readonly SessionItem[]): void {
    const list = this.lists.get(accountId);
    for (const item of items) {
      if (item.kind !== 'event') continue;
      if (item.type === 'DeviceCore') {
        if (!list || !list.takesEvents) continue;
        const device = this.d.parseDevice(item.data);
        if (!device) continue;
        this.eventsApplied++;
        const effect = list.applyEvent(device, item.operation, epochMs(item.timestamp));
        if (effect.kind === 'updated') this.rowsChanged(effect.entry);
        else if (effect.kind !== 'ignored') {
          if (effect.kind === 'removed') this.streams.drop(accountId, effect.entry.device.devId);
          this.requestStructural(this.redrawMs);
        }
      } else if (item.type === 'DataPoint') {
        // No stream listed: nothing to update, and reading `data` of an event received in a worker parses it.
        if (this.streams.isEmpty) continue;
        const point = this.d.parsePoint(item.data);
        const entry = point && this.streams.applyPoint(accountId, point);
        if (entry) this.rowsChanged(entry);
      }
    }
  }

  // ---- redraws ----

  private rowsChanged(row: AccountElement | DeviceEntry | StreamEntry): void {
    this.changes.add(row);
    // The account row's counts change with its devices.
    if (row.kind === 'device' && this.accounts().length > 1) this.changes.add(this.accountElement(row.accountId));
    this.schedule.request(this.redrawMs);
  }

  private requestStructural(delayMs: number): void {
    this.structural = true;
    this.schedule.request(delayMs);
  }

  /** Tells the view now what changed since the last time. */
  flush(): void {
    this.schedule.cancel();
    const rows = [...this.changes];
    this.changes.clear();
    // Rows only, however many: a full redraw would rebuild every row read (10,000 when all pages are), 4 times a second.
    const all = this.structural;
    this.structural = false;
    if (!all && rows.length === 0) return;
    this.changed.fire(all ? undefined : rows);
  }

  private updateAgeTimer(): void {
    const want = this.shown && [...this.lists.values()].some((l) => l.shown > 0);
    if (want && this.ageTimer === undefined) {
      const tick = () => {
        this.ageTimer = this.clock.setTimeout(tick, this.ageRefreshMs);
        this.requestStructural(0);
      };
      this.ageTimer = this.clock.setTimeout(tick, this.ageRefreshMs);
    } else if (!want && this.ageTimer !== undefined) {
      this.clock.clearTimeout(this.ageTimer);
      this.ageTimer = undefined;
    }
  }

  private accountsChanged(): void {
    const ids = new Set(this.accounts().map((a) => a.id));
    for (const id of [...this.liveAccounts]) if (!ids.has(id)) this.liveAccounts.delete(id);
    for (const id of [...this.lists.keys()]) {
      if (ids.has(id)) continue;
      this.lists.delete(id);
      this.accountElements.delete(id);
      this.streams.dropAccount(id);
    }
    // A new account is read as soon as the view asks for its rows.
    if (this.shown) this.viewShown();
    this.updateAgeTimer();
    this.requestStructural(0);
  }

  /** Every account's list as plain data (the test API's view of the rows). */
  snapshot(): DevicesSnapshot {
    return this.accounts().map((a) => {
      const l = this.list(a.id);
      return {
        accountId: a.id,
        status: l.status,
        filter: l.filter,
        total: l.total,
        shown: l.shown,
        connected: l.connected,
        live: this.isLive(a.id),
        devices: l.devices.map((e) => ({ deviceId: e.device.deviceId, devId: e.device.devId, connected: e.device.connected, label: deviceLabel(e.device) })),
      };
    });
  }

  dispose(): void {
    this.schedule.dispose();
    if (this.ageTimer !== undefined) this.clock.clearTimeout(this.ageTimer);
    for (const w of this.sessionWiring.values()) w.dispose();
    this.sessionWiring.clear();
    this.disposables.dispose();
    this.changed.dispose();
  }
}
