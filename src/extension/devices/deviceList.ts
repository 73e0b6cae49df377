// One account's devices as the Devices view knows them: the pages read from DeviceCore
// (first page fast, more on demand), the filter they were read with, and the DeviceCore push
// events applied on top (connects, disconnects, new and deleted devices). Pure: no vscode,
// no I/O, so paging, counting and event application are unit-tested.

import type { DeviceInfo, RowPage } from '../../core';
import { likePatternRegex } from '../../core';
import type { DeviceNode } from './deviceNodes';

export type DeviceListStatus = 'idle' | 'loading' | 'loaded' | 'error';

/** A device row. One object per device for the list's life, so the view can refresh just that row. */
export class DeviceEntry implements DeviceNode {
  readonly kind = 'device' as const;
  constructor(
    readonly accountId: string,
    public device: DeviceInfo,
  ) {}
}

/** A DeviceCore event received while a read runs, applied again once the read's rows are in. */
interface HeldEvent {
  device: DeviceInfo;
  operation: string;
  eventTime: number | undefined;
}

/** What applying one event did. */
export type EventEffect = { kind: 'updated' | 'added' | 'removed'; entry: DeviceEntry } | { kind: 'ignored' };

/** Longest filter text (characters): it goes into a URL. */
export const FILTER_MAX = 100;

/**
 * The server-side condition for a filter typed by the user: device id or description contains
 * the text. `'` is refused (the condition grammar quotes values with it); `%` and `_` keep their
 * LIKE meaning (any run / one character). Device ids are upper-case hex, so that side is upper-cased.
 */
export function filterCondition(text: string): string {
  const problem = filterProblem(text);
  if (problem) throw new Error(problem);
  const v = text.trim();
  return `devConnectwareId like '%${v.toUpperCase()}%' or dpDescription like '%${v}%'`;
}

/** Why a filter text cannot be used, or undefined when it can. */
export function filterProblem(text: string): string | undefined {
  const v = text.trim();
  if (v === '') return 'the filter is empty';
  if (v.includes("'")) return "the filter cannot contain ' (quotes delimit values in the server's condition)";
  if (v.length > FILTER_MAX) return `the filter is longer than ${FILTER_MAX} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v)) return 'the filter contains a control character';
  return undefined;
}

/** The same test on the client, for devices that arrive by event (case-insensitive: a superset of the server's). */
export function filterMatcher(text: string | undefined): (d: DeviceInfo) => boolean {
  if (text === undefined) return () => true;
  const re = likePatternRegex(`%${text.trim()}%`, 'i');
  return (d) => re.test(d.deviceId) || (d.description !== undefined && re.test(d.description));
}

/** Fields of `update` that are present win; a connection change without its time gets the event's. */
function merged(old: DeviceInfo, update: DeviceInfo, eventTime: number | undefined): DeviceInfo {
  const next: DeviceInfo = { ...old, ...update, raw: { ...old.raw, ...update.raw } };
  if (eventTime !== undefined && old.connected !== next.connected) {
    if (next.connected && (update.lastConnectTime === undefined || update.lastConnectTime === old.lastConnectTime)) next.lastConnectTime = eventTime;
    if (!next.connected && (update.lastDisconnectTime === undefined || update.lastDisconnectTime === old.lastDisconnectTime)) next.lastDisconnectTime = eventTime;
  }
  return next;
}

/**
 * Puts a device read from the server into `into`. A device seen twice (rows shifted between
 * pages) keeps its row and takes the newer record; so does one already shown in `known`.
 */
function putRecord(into: Map<number, DeviceEntry>, known: Map<number, DeviceEntry>, accountId: string, d: DeviceInfo): void {
  const entry = into.get(d.devId) ?? known.get(d.devId);
  if (entry) entry.device = d;
  else into.set(d.devId, new DeviceEntry(accountId, d));
  if (entry && !into.has(d.devId)) into.set(d.devId, entry);
}

export class DeviceList {
  status: DeviceListStatus = 'idle';
  error: { message: string; code?: string } | undefined;
  /** The filter the list was (or is being) read with. */
  filter: string | undefined;
  /** Devices matching the filter on the server (resultTotalRows), kept current by CREATE/DELETE events. */
  total: number | undefined;
  /** Rows still to read after the pages loaded so far. */
  remaining = 0;
  /** `start` of the next page. */
  nextStart = 0;
  /** A "Load more" request is running. */
  loadingMore = false;
  /** The pages shown are being read again (the account went live); the rows stay meanwhile. */
  rereading = false;
  private readonly entries = new Map<number, DeviceEntry>();
  private matches: (d: DeviceInfo) => boolean = () => true;
  /** Bumped by every reset: a page that arrives for an older generation is dropped. */
  private generation = 0;
  /**
   * DeviceCore events received since the running read's request started. The server's answer
   * can be older than they are, so they are applied again, in order, on top of the rows it
   * brings (undefined while no read runs).
   */
  private held: HeldEvent[] | undefined;

  constructor(readonly accountId: string) {}

  get devices(): DeviceEntry[] {
    return [...this.entries.values()];
  }

  get shown(): number {
    return this.entries.size;
  }

  get connected(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.device.connected) n++;
    return n;
  }

  /** Every device matching the filter is in the list. */
  get complete(): boolean {
    return this.status === 'loaded' && this.remaining === 0;
  }

  entry(devId: number): DeviceEntry | undefined {
    return this.entries.get(devId);
  }

  findByDeviceId(deviceId: string): DeviceEntry | undefined {
    const want = deviceId.toUpperCase();
    for (const e of this.entries.values()) if (e.device.deviceId.toUpperCase() === want) return e;
    return undefined;
  }

  /** Starts reading from the first page (with `filter`); returns the generation the pages must carry. */
  reset(filter: string | undefined): number {
    this.generation += 1;
    this.entries.clear();
    this.filter = filter;
    this.matches = filterMatcher(filter);
    this.status = 'loading';
    this.error = undefined;
    this.total = undefined;
    this.remaining = 0;
    this.nextStart = 0;
    this.loadingMore = false;
    this.rereading = false;
    this.held = [];
    return this.generation;
  }

  /** Marks a "Load more" as running; returns its generation, or undefined when there is nothing more or one runs. */
  beginMore(): number | undefined {
    if (this.status !== 'loaded' || this.remaining <= 0 || this.loadingMore || this.rereading) return undefined;
    this.loadingMore = true;
    this.held = [];
    return this.generation;
  }

  /**
   * Starts reading again the rows shown (`nextStart` of them, from the first, same filter), keeping
   * them on screen meanwhile; a "Load more" still running is dropped. Returns the generation
   * the answer must carry, or undefined when the list is not loaded.
   */
  beginReread(): number | undefined {
    if (this.status !== 'loaded') return undefined;
    this.generation += 1;
    this.loadingMore = false;
    this.rereading = true;
    this.error = undefined;
    this.held = [];
    return this.generation;
  }

  /** True while the list takes DeviceCore events (shown, or being read: then held for the answer). */
  get takesEvents(): boolean {
    return this.status === 'loaded' || this.held !== undefined;
  }

  /** Adds a page read for `generation`; false when the list was reset meanwhile (the page is dropped). */
  addPage(generation: number, page: RowPage<DeviceInfo>): boolean {
    if (generation !== this.generation) return false;
    for (const d of page.items) putRecord(this.entries, this.entries, this.accountId, d);
    this.endOfRead(page);
    return true;
  }

  /**
   * The pages of a re-read (from the first): they replace the rows (a row keeps its object when
   * its device is still there), then the events held since the re-read started are applied
   * again. False when the list was reset meanwhile.
   */
  addReread(generation: number, pages: readonly RowPage<DeviceInfo>[]): boolean {
    if (generation !== this.generation || !this.rereading || pages.length === 0) return false;
    const next = new Map<number, DeviceEntry>();
    for (const page of pages) for (const d of page.items) putRecord(next, this.entries, this.accountId, d);
    this.entries.clear();
    for (const [devId, entry] of next) this.entries.set(devId, entry);
    this.endOfRead(pages[pages.length - 1]);
    return true;
  }

  /** Where the last page read ended, then the events held during the read on top. */
  private endOfRead(last: RowPage<DeviceInfo>): void {
    this.nextStart = last.start + last.items.length;
    this.remaining = Math.max(0, last.remaining);
    this.total = last.total ?? this.nextStart + this.remaining;
    // A short page with rows "remaining" would loop for ever: an empty page ends the list.
    if (last.items.length === 0) this.remaining = 0;
    this.status = 'loaded';
    this.loadingMore = false;
    this.rereading = false;
    const held = this.held ?? [];
    this.held = undefined;
    for (const e of held) this.applyEvent(e.device, e.operation, e.eventTime);
  }

  /** Records a failed read for `generation`. A failed "Load more" keeps the rows already shown. */
  fail(generation: number, error: { message: string; code?: string }): boolean {
    if (generation !== this.generation) return false;
    this.held = undefined;
    this.rereading = false;
    if (this.loadingMore) {
      this.loadingMore = false;
      this.error = error;
      return true;
    }
    this.status = 'error';
    this.error = error;
    return true;
  }

  /** Clears the error of a failed "Load more" (the user is trying again). */
  clearError(): void {
    if (this.status !== 'error') this.error = undefined;
  }

  /**
   * Applies one DeviceCore push event. Known devices take the new fields. An unknown device is
   * added only when it matches the filter and is not simply on a page not read yet: the list
   * is complete, or the event is a CREATE (a device provisioned after the read).
   */
  applyEvent(device: DeviceInfo, operation: string, eventTime?: number): EventEffect {
    this.held?.push({ device, operation, eventTime });
    if (this.status !== 'loaded') return { kind: 'ignored' };
    const known = this.entries.get(device.devId);
    const op = operation.toUpperCase();
    if (op === 'DELETE') {
      if (!known) return { kind: 'ignored' };
      this.entries.delete(device.devId);
      if (this.total !== undefined) this.total = Math.max(0, this.total - 1);
      return { kind: 'removed', entry: known };
    }
    if (known) {
      known.device = merged(known.device, device, eventTime);
      return { kind: 'updated', entry: known };
    }
    if (!this.matches(device)) return { kind: 'ignored' };
    if (op !== 'CREATE' && !this.complete) return { kind: 'ignored' };
    const entry = new DeviceEntry(this.accountId, device);
    this.entries.set(device.devId, entry);
    if (this.total !== undefined) this.total += 1;
    return { kind: 'added', entry };
  }
}
