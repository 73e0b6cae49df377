// What the tree knows about each account's monitors on the server. Read only when the
// user opens the view, presses Refresh, or after our own create/delete/reset, never on
// a timer: live state comes from the push sessions, not from polling REST.

import { describeError, type Logger, type MonitorInfo, type PushClient } from '../../core';
import type { AccountRecord } from '../accounts/accountModel';
import { Emitter } from '../lifecycle';

export type MonitorList =
  | { status: 'idle' }
  | { status: 'loading'; monitors?: MonitorInfo[] }
  | { status: 'loaded'; monitors: MonitorInfo[]; loadedAt: number }
  | { status: 'error'; error: Error; monitors?: MonitorInfo[] };

const byId = (a: MonitorInfo, b: MonitorInfo) => a.id - b.id;

export class MonitorCatalog {
  private readonly lists = new Map<string, MonitorList>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly changed: Emitter<string>;
  /** Fires the account id whose list changed. */
  readonly onDidChange;

  constructor(
    private readonly clientFor: (account: AccountRecord) => Promise<PushClient>,
    private readonly log: Logger,
  ) {
    this.changed = new Emitter<string>((e) => this.log.error(`monitor list listener failed: ${describeError(e)}`));
    this.onDidChange = this.changed.event;
  }

  list(accountId: string): MonitorList {
    return this.lists.get(accountId) ?? { status: 'idle' };
  }

  monitors(accountId: string): MonitorInfo[] {
    const l = this.list(accountId);
    return l.status === 'idle' ? [] : (l.monitors ?? []);
  }

  monitor(accountId: string, monitorId: number): MonitorInfo | undefined {
    return this.monitors(accountId).find((m) => m.id === monitorId);
  }

  /** Re-reads one account's monitors; concurrent calls share one request. */
  refresh(account: AccountRecord): Promise<void> {
    const running = this.inFlight.get(account.id);
    if (running) return running;
    const previous = this.monitors(account.id);
    this.set(account.id, { status: 'loading', monitors: previous });
    const p = (async () => {
      try {
        const client = await this.clientFor(account);
        const monitors = await client.listMonitors();
        this.set(account.id, { status: 'loaded', monitors: monitors.sort(byId), loadedAt: Date.now() });
      } catch (e) {
        const error = e instanceof Error ? e : new Error(String(e));
        this.log.warn(`listing monitors of "${account.label}" failed: ${error.message}`);
        this.set(account.id, { status: 'error', error, monitors: previous.length ? previous : undefined });
      } finally {
        this.inFlight.delete(account.id);
      }
    })();
    this.inFlight.set(account.id, p);
    return p;
  }

  /** Re-reads one monitor (after our session connected or the user reset it). */
  async refreshOne(account: AccountRecord, monitorId: number): Promise<void> {
    try {
      const client = await this.clientFor(account);
      this.put(account.id, await client.getMonitor(monitorId));
    } catch (e) {
      this.log.debug(`re-reading monitor ${monitorId} of "${account.label}" failed: ${describeError(e)}`);
    }
  }

  /** Adds or replaces a monitor we know about (created here, or re-read). */
  put(accountId: string, info: MonitorInfo): void {
    const l = this.list(accountId);
    const others = this.monitors(accountId).filter((m) => m.id !== info.id);
    const monitors = [...others, info].sort(byId);
    if (l.status === 'loaded') this.set(accountId, { ...l, monitors });
    else if (l.status === 'idle') this.set(accountId, { status: 'loaded', monitors, loadedAt: Date.now() });
    else this.set(accountId, { ...l, monitors });
  }

  remove(accountId: string, monitorId: number): void {
    const l = this.list(accountId);
    if (l.status === 'idle') return;
    this.set(accountId, { ...l, monitors: this.monitors(accountId).filter((m) => m.id !== monitorId) } as MonitorList);
  }

  /** Drops what is known of an account (signed out; the simulator closed). */
  forget(accountId: string): void {
    if (this.lists.delete(accountId)) this.changed.fire(accountId);
  }

  private set(accountId: string, list: MonitorList): void {
    this.lists.set(accountId, list);
    this.changed.fire(accountId);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
