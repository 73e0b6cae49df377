// Routes published events to the monitor channels of their customer, and answers push
// connections: authorisation of a ConnectRequest and attaching the session to its channel.

import { type Logger, PROTOCOL_VERSION, Status, type ConnectRequest } from '../core';
import { AccountBook } from './accounts';
import { type ChannelNotice, MonitorChannel, type MonitorStats } from './channel';
import type { Faults } from './faults';
import { dataPointEvent } from './dataPointEvent';
import type { HandshakeInfo, PushConnection, SessionBroker } from './pushConnection';
import type { SimEvent } from './simEvent';
import { deliverySettings, type MonitorRecord, type MonitorStore } from './store';
import type { Timers } from './timers';

export type HubNotice = ChannelNotice | ({ kind: 'handshake' } & HandshakeInfo);

export interface HubDeps {
  store: MonitorStore;
  accounts: AccountBook;
  faults: Faults;
  timers: Timers;
  logger: Logger;
  now: () => number;
  notify: (n: HubNotice) => void;
  ackWindow: number;
  maxReplayEvents: number;
  reserveSequence: (n: number) => number;
  /** Device whose `metrics/burst` stream burst events use. */
  burstDeviceId: string;
}

export class Hub implements SessionBroker {
  private readonly channels = new Map<number, MonitorChannel>();

  constructor(private readonly deps: HubDeps) {}

  /** The channel of an existing monitor, created on first use. */
  channel(record: MonitorRecord): MonitorChannel {
    let ch = this.channels.get(record.id);
    if (!ch) {
      const account = this.deps.accounts.list.find((a) => a.customerId === record.cstId) ?? this.deps.accounts.primary;
      const burstSpec = { deviceId: this.deps.burstDeviceId, stream: 'burst', value: 1, units: '', kind: 'INTEGER' };
      ch = new MonitorChannel(record, {
        faults: this.deps.faults,
        timers: this.deps.timers,
        logger: this.deps.logger,
        now: this.deps.now,
        notify: this.deps.notify,
        ackWindow: this.deps.ackWindow,
        maxReplayEvents: this.deps.maxReplayEvents,
        storageRoot: AccountBook.storageRoot(account),
        reserveSequence: this.deps.reserveSequence,
        burstTemplate: (seq) => dataPointEvent(account, burstSpec, seq, this.deps.now()),
      });
      this.channels.set(record.id, ch);
    }
    return ch;
  }

  find(monitorId: number): MonitorChannel | undefined {
    const rec = this.deps.store.get(monitorId);
    return rec ? this.channel(rec) : undefined;
  }

  updated(record: MonitorRecord): void {
    this.channel(record).reconfigure();
  }

  deleted(monitorId: number): void {
    this.channels.get(monitorId)?.dispose();
    this.channels.delete(monitorId);
  }

  publish(events: readonly SimEvent[]): void {
    const targets = this.deps.store.list().map((r) => this.channel(r));
    for (const event of events) {
      for (const ch of targets) if (ch.record.cstId === event.cstId) ch.offer(event);
    }
    for (const ch of targets) ch.flush();
  }

  /** §2.10 step 3, in this order: version (400), credentials (403), monitor (400). */
  authorize(req: ConnectRequest): number {
    if (req.version !== PROTOCOL_VERSION) return Status.BAD_REQUEST;
    const account = this.deps.accounts.verify(req.username, req.password);
    if (!account) return Status.UNAUTHORIZED;
    const record = this.deps.store.get(req.monitorId, account.customerId);
    if (!record || deliverySettings(record).transport !== 'tcp') return Status.BAD_REQUEST;
    return Status.OK;
  }

  attach(conn: PushConnection, monitorId: number): void {
    const ch = this.find(monitorId);
    if (!ch) {
      conn.close(`monitor ${monitorId} was deleted during the handshake`, 'end');
      return;
    }
    ch.attach(conn);
  }

  detach(conn: PushConnection, reason: string): void {
    if (conn.monitorId !== undefined) this.channels.get(conn.monitorId)?.detach(conn, reason);
  }

  handshake(info: HandshakeInfo): void {
    this.deps.logger.info(
      `push handshake on ${info.secure ? 'TLS' : 'TCP'}: monitor ${info.monitorId} → ${info.status}`,
    );
    this.deps.notify({ kind: 'handshake', ...info });
  }

  /** Destroys the push session of one monitor, or of all; returns how many were ended. */
  disconnect(monitorId?: number): number {
    let n = 0;
    for (const ch of this.channels.values()) {
      const conn = ch.connection;
      if (!conn || (monitorId !== undefined && ch.record.id !== monitorId)) continue;
      ch.detach(conn, 'disconnected by the simulator');
      conn.destroy('disconnected by the simulator');
      n += 1;
    }
    return n;
  }

  stats(monitorId: number): MonitorStats | undefined {
    return this.find(monitorId)?.snapshot();
  }

  allStats(): Map<number, MonitorStats> {
    const out = new Map<number, MonitorStats>();
    for (const r of this.deps.store.list()) out.set(r.id, this.channel(r).snapshot());
    return out;
  }
}
