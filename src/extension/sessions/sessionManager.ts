// Owns every live session: one LiveSession per `${accountId}/${monitorId}`, started
// through the account's PushClient. Consumers (tree, events output, status bar, the
// event viewer) subscribe to the LiveSource objects; nothing here polls — state comes
// from the push session's own events.
//
// Sessions are created in ack mode 'callback' (LiveSession.deliver acks a batch once it is
// stored). Which sessions run is remembered (RememberedSessions, per workspace) so a reload
// or restart starts them again: start() remembers, a user's stop() or remove() forgets, and
// stopAll() — what deactivation does — leaves the list as it is.

import { describeError, PushMonitorError, type Logger, type MonitorInfo, type PushClient, type SessionDefaults } from '../../core';
import { isSimulator, type AccountRecord } from '../accounts/accountModel';
import { DisposableStore, Emitter } from '../lifecycle';
import type { LiveSubscription } from '../../shared/sessionModel';
import { LiveSession, sessionKey } from './liveSession';
import type { RememberedSessions } from './rememberedSessions';
import type { SessionOpener } from './worker/workerOpener';

export interface SessionManagerDeps {
  clientFor(account: AccountRecord): Promise<PushClient>;
  log: Logger;
  autoReconnect(): boolean;
  /** Where running sessions are remembered for a reload (none: nothing is remembered). */
  memory?: Pick<RememberedSessions, 'add' | 'remove' | 'removeAccount'>;
  /** Opens the push session (in a worker: worker/workerOpener.ts); default: client.createSession in this thread. */
  openSession?: SessionOpener;
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
    // The Local simulator's monitors end with the window's simulator: nothing to start again after a reload.
    if (!isSimulator(account)) this.remember(() => this.deps.memory?.add({ accountId: account.id, monitorId: monitor.id }));
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
    const overrides: SessionDefaults = { ackMode: 'callback', ...(this.deps.autoReconnect() ? {} : { reconnect: false }) };
    const session = this.deps.openSession ? this.deps.openSession(client, monitor.id, src.deliver, overrides) : client.createSession(src.deliver, monitor.id, overrides);
    src.attach(session, (w) => log.warn(`${src.label}: ${w.message}`));
    log.info(`session ${src.id} started (${account.host}, monitor ${monitor.id})`);
    return src;
  }

  /** The user stops a session: it is not started again after a reload. */
  async stop(id: string): Promise<void> {
    const src = this.sources.get(id);
    if (src) this.remember(() => this.deps.memory?.remove({ accountId: src.accountId, monitorId: src.monitorId }));
    await this.halt(id);
  }

  /** Stops a session and leaves the remembered list alone. */
  private async halt(id: string): Promise<void> {
    const src = this.sources.get(id);
    if (!src) return;
    if (this.pending.has(id)) this.cancelled.add(id);
    await src.stop();
    this.deps.log.info(`session ${id} stopped`);
  }

  /** Skips the backoff wait of a reconnecting session; false when it is not reconnecting. */
  reconnectNow(id: string): boolean {
    const done = this.sources.get(id)?.reconnectNow() ?? false;
    if (done) this.deps.log.info(`session ${id}: reconnecting now`);
    return done;
  }

  /** A failed write of the remembered list is logged; the session itself is not affected. */
  private remember(write: () => PromiseLike<void> | undefined): void {
    Promise.resolve(write()).catch((e: unknown) => this.deps.log.warn(`could not update the remembered sessions: ${describeError(e)}`));
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

  /** Signing out: the account's sessions end and are forgotten, also those not running in this window. */
  async removeAccount(accountId: string): Promise<void> {
    this.remember(() => this.deps.memory?.removeAccount(accountId));
    await Promise.all(this.list().filter((s) => s.accountId === accountId).map((s) => this.remove(s.id)));
  }

  /** Stops every session and keeps the remembered list (deactivation: they start again next time). */
  async stopAll(): Promise<void> {
    await Promise.all(this.list().map((s) => this.halt(s.id)));
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
