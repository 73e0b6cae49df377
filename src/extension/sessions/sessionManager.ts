// Owns every live session: one LiveSession per `${accountId}/${monitorId}`, started
// through the account's PushClient. Consumers (tree, events output, status bar, the
// event viewer) subscribe to the LiveSource objects; nothing here polls — state comes
// from the push session's own events.

import { describeError, PushMonitorError, type Logger, type MonitorInfo, type PushClient } from '../../core';
import type { AccountRecord } from '../accounts/accountModel';
import { DisposableStore, Emitter } from '../lifecycle';
import type { LiveSubscription } from '../../shared/sessionModel';
import { LiveSession, sessionKey } from './liveSession';

export interface SessionManagerDeps {
  clientFor(account: AccountRecord): Promise<PushClient>;
  log: Logger;
  autoReconnect(): boolean;
}

export type SessionChange =
  | { kind: 'added'; source: LiveSession }
  | { kind: 'removed'; source: LiveSession }
  | { kind: 'state'; source: LiveSession }
  | { kind: 'items'; source: LiveSession };

export function subscriptionOf(account: AccountRecord, monitor: MonitorInfo): LiveSubscription {
  return {
    accountLabel: account.label,
    host: account.host,
    monitorId: monitor.id,
    topics: monitor.topics,
    format: monitor.format ?? 'json',
    compression: monitor.compression ?? 'none',
    batchSize: monitor.batchSize,
    batchDuration: monitor.batchDuration,
    ackOption: monitor.ackOption,
    autoReplayOnConnect: monitor.autoReplayOnConnect,
  };
}

export const sourceLabel = (account: AccountRecord, monitor: MonitorInfo) =>
  `#${monitor.id} ${monitor.topics.join(', ')} (${account.label})`;

export class SessionManager {
  private readonly sources = new Map<string, LiveSession>();
  private readonly wiring = new Map<string, DisposableStore>();
  /** Starts waiting for a client; a Stop in the meantime cancels them. */
  private readonly pending = new Map<string, Promise<LiveSession>>();
  private readonly cancelled = new Set<string>();
  private readonly changed: Emitter<SessionChange>;
  readonly onDidChange;

  constructor(private readonly deps: SessionManagerDeps) {
    this.changed = new Emitter<SessionChange>((e) => deps.log.error(`session listener failed: ${describeError(e)}`));
    this.onDidChange = this.changed.event;
  }

  get(id: string): LiveSession | undefined {
    return this.sources.get(id);
  }

  find(accountId: string, monitorId: number): LiveSession | undefined {
    return this.sources.get(sessionKey(accountId, monitorId));
  }

  /** Every source, including stopped ones that keep their history (count, last event). */
  list(): LiveSession[] {
    return [...this.sources.values()];
  }

  /** Sources holding or about to hold a socket. */
  active(): LiveSession[] {
    return this.list().filter((s) => s.isActive);
  }

  private sourceFor(account: AccountRecord, monitor: MonitorInfo): LiveSession {
    const id = sessionKey(account.id, monitor.id);
    let src = this.sources.get(id);
    if (src) {
      src.label = sourceLabel(account, monitor);
      src.subscription = subscriptionOf(account, monitor);
      return src;
    }
    src = new LiveSession(account.id, monitor.id, sourceLabel(account, monitor), subscriptionOf(account, monitor), (e) =>
      this.deps.log.error(`live source listener failed: ${describeError(e)}`),
    );
    const s = src;
    this.sources.set(id, s);
    const wiring = new DisposableStore();
    wiring.add(s.onState(() => this.changed.fire({ kind: 'state', source: s })));
    wiring.add(s.onItems(() => this.changed.fire({ kind: 'items', source: s })));
    this.wiring.set(id, wiring);
    this.changed.fire({ kind: 'added', source: s });
    return s;
  }

  /** Starts (or returns the already running) session of a monitor. Rejects when it cannot even begin. */
  start(account: AccountRecord, monitor: MonitorInfo): Promise<LiveSession> {
    const src = this.sourceFor(account, monitor);
    if (src.isActive) return Promise.resolve(src);
    const running = this.pending.get(src.id);
    if (running) return running;
    this.cancelled.delete(src.id);
    const p = this.begin(account, monitor, src).finally(() => this.pending.delete(src.id));
    this.pending.set(src.id, p);
    return p;
  }

  private async begin(account: AccountRecord, monitor: MonitorInfo, src: LiveSession): Promise<LiveSession> {
    const log = this.deps.log;
    src.markConnecting();
    let client: PushClient;
    try {
      client = await this.deps.clientFor(account);
    } catch (e) {
      const error = e instanceof PushMonitorError ? e : new PushMonitorError('UNREACHABLE', describeError(e), { cause: e });
      src.failBeforeStart(error);
      throw error;
    }
    if (this.cancelled.delete(src.id)) {
      await src.stop();
      return src;
    }
    const session = client.createSession(src.deliver, monitor.id, this.deps.autoReconnect() ? {} : { reconnect: false });
    src.attach(session, (w) => log.warn(`${src.label}: ${w.message}`));
    log.info(`session ${src.id} started (${account.host}, monitor ${monitor.id})`);
    return src;
  }

  async stop(id: string): Promise<void> {
    const src = this.sources.get(id);
    if (!src) return;
    if (this.pending.has(id)) this.cancelled.add(id);
    await src.stop();
    this.deps.log.info(`session ${id} stopped`);
  }

  /** Stops and forgets a monitor's source (the monitor was deleted). */
  async remove(id: string): Promise<void> {
    const src = this.sources.get(id);
    if (!src) return;
    await this.stop(id);
    this.sources.delete(id);
    this.wiring.get(id)?.dispose();
    this.wiring.delete(id);
    this.changed.fire({ kind: 'removed', source: src });
    src.dispose();
  }

  async removeAccount(accountId: string): Promise<void> {
    await Promise.all(this.list().filter((s) => s.accountId === accountId).map((s) => this.remove(s.id)));
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.list().map((s) => this.stop(s.id)));
  }

  dispose(): void {
    for (const id of [...this.sources.keys()]) {
      this.wiring.get(id)?.dispose();
      this.sources.get(id)?.dispose();
    }
    this.sources.clear();
    this.wiring.clear();
    this.changed.dispose();
  }
}
