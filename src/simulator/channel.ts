// Delivery for one monitor: which events it takes (topic filter), the queue of events
// waiting to be batched, blocks awaiting acks (monAckOption=explicit), what happens on
// disconnect (push-protocol §2.8, §2.10 step 5), and burst mode.
//
// Open question §6.6 (missing acks), our answer: with explicit acks at most `ackWindow`
// blocks (default 64) may be outstanding; then sending pauses until an ack frees a slot.
// Nothing is resent on a timer and a slow acker is never disconnected. On disconnect the
// unacked blocks' events are replayed first on the next connect when
// monAutoReplayOnConnect=true (monitor SUSPENDED meanwhile, new events stored, marked
// `replay`); otherwise the monitor goes INACTIVE and they are dropped (counted).

import type { Logger } from '../core';
import { nextBatch } from './batcher';
import { BurstEncoder } from './burst';
import { Deque } from './deque';
import type { Faults } from './faults';
import { compressionCode, compressPayload, documentText, formatCode, type Outgoing } from './payloadEncoder';
import type { PushConnection } from './pushConnection';
import { seqHex, uuidPrefix } from './sequence';
import type { SimEvent } from './simEvent';
import { deliverySettings, type DeliverySettings, type MonitorRecord } from './store';
import type { SimTimer, Timers } from './timers';
import { compileTopicFilter, type EventMatcher } from './topicFilter';

export interface MonitorStats {
  /** Events that matched this monitor's topics. */
  published: number;
  /** Events written in PublishMessages (replayed ones included). */
  sent: number;
  /** Events in blocks the client acknowledged. */
  acked: number;
  /** Events sent with the replay flag. */
  replayed: number;
  /** Events that will never be sent: monitor inactive, bound exceeded, dropEvery fault, lost burst blocks. */
  dropped: number;
  blocksSent: number;
  /** Successful handshakes. */
  connections: number;
  /** Ack frames received (both forms). */
  acksReceived: number;
  /** Of those, 6-byte legacy acks. */
  legacyAcks: number;
  /** Events waiting (queued or stored for replay). */
  queued: number;
  /** Blocks awaiting an ack (explicit mode). */
  unackedBlocks: number;
}

export type ChannelNotice =
  | { kind: 'session'; monitorId: number; connectionId: number; secure: boolean }
  | { kind: 'sessionEnd'; monitorId: number; connectionId: number; reason: string }
  | { kind: 'block'; monitorId: number; blockId: number; count: number; replayed: number }
  | { kind: 'ack'; monitorId: number; blockId: number; status: number; events: number }
  | { kind: 'paused'; monitorId: number; reason: 'backpressure' | 'ackWindow' };

export interface ChannelDeps {
  faults: Faults;
  timers: Timers;
  logger: Logger;
  now: () => number;
  notify: (notice: ChannelNotice) => void;
  ackWindow: number;
  maxReplayEvents: number;
  storageRoot: string;
  /** Reserves n consecutive global sequence numbers, returns the first. */
  reserveSequence: (n: number) => number;
  /** A DataPoint event with the given sequence number (burst template). */
  burstTemplate: (seq: number) => SimEvent;
}

interface Entry extends Outgoing {
  at: number;
}

interface Block {
  count: number;
  /** Absent for burst blocks, which cannot be replayed. */
  entries?: Entry[];
}

interface BurstRun {
  conn: PushConnection;
  encoder: BurstEncoder;
  first: number;
  total: number;
  next: number;
  batchSize: number;
  started: number;
  resolve: (r: BurstResult) => void;
  reject: (e: Error) => void;
}

export interface BurstResult {
  events: number;
  ms: number;
}

/** Off-mode blocks remembered only to count acks; bounded so an ack-less client costs nothing. */
const MAX_REMEMBERED_BLOCKS = 4096;

export class MonitorChannel {
  readonly stats: Omit<MonitorStats, 'queued' | 'unackedBlocks'> = {
    published: 0, sent: 0, acked: 0, replayed: 0, dropped: 0, blocksSent: 0, connections: 0, acksReceived: 0, legacyAcks: 0,
  };
  private conn: PushConnection | undefined;
  private readonly queue = new Deque<Entry>();
  private readonly blocks = new Map<number, Block>();
  private timer: SimTimer | undefined;
  private timerDue = 0;
  private burstRun: BurstRun | undefined;
  private pausedFor: 'backpressure' | 'ackWindow' | undefined;
  private settings!: DeliverySettings;
  private isoAt = NaN;
  private iso = '';
  private uuidAt = NaN;
  private uuidTime = '';
  private filter!: EventMatcher;

  constructor(
    readonly record: MonitorRecord,
    private readonly deps: ChannelDeps,
  ) {
    this.reconfigure();
  }

  get connection(): PushConnection | undefined {
    return this.conn;
  }

  snapshot(): MonitorStats {
    return { ...this.stats, queued: this.queue.length, unackedBlocks: this.settings.explicitAck ? this.blocks.size : 0 };
  }

  /** Settings or topics changed (PUT). */
  reconfigure(): void {
    this.settings = deliverySettings(this.record);
    this.filter = compileTopicFilter(this.settings.topics, this.deps.storageRoot);
    this.pump();
  }

  /**
   * An event was published for this monitor's customer. Call flush() after offering a
   * group of events published together, so they can share a batch.
   */
  offer(event: SimEvent): void {
    if (this.settings.transport !== 'tcp' || !this.filter(event)) return;
    this.stats.published += 1;
    if (this.conn) {
      this.enqueue({ event, replay: false, at: this.deps.now() });
    } else if (this.record.status === 'SUSPENDED') {
      this.enqueue({ event, replay: true, at: this.deps.now() });
    } else {
      this.stats.dropped += 1; // INACTIVE: neither published nor recorded (§1.4)
    }
  }

  /**
   * A session for this monitor completed its handshake. Open question §6.8, our answer: a
   * second connection REPLACES the first (the old socket is closed), so a client whose old
   * socket is half-dead can always get back in.
   */
  attach(conn: PushConnection): void {
    const old = this.conn;
    if (old) {
      this.detachCurrent('replaced by a new connection');
      old.destroy('replaced by a new connection for the same monitor');
    }
    this.conn = conn;
    conn.onAck = (blockId, status) => this.onAck(blockId, status);
    conn.onLegacyAcks = (n) => (this.stats.legacyAcks += n);
    conn.onWritable = () => (this.burstRun ? this.continueBurst() : this.pump());
    this.record.status = 'ACTIVE';
    this.record.lastConnect = new Date(this.deps.now()).toISOString();
    this.stats.connections += 1;
    this.deps.notify({ kind: 'session', monitorId: this.record.id, connectionId: conn.id, secure: conn.secure });
    this.pump();
  }

  detach(conn: PushConnection, reason: string): void {
    if (conn === this.conn) this.detachCurrent(reason);
  }

  /** Monitor deleted: close the session and forget everything. */
  dispose(): void {
    const conn = this.conn;
    if (conn) {
      this.detachCurrent('monitor deleted');
      conn.destroy('monitor deleted');
    }
    this.queue.drain();
    this.clearTimer();
  }

  burst(n: number, batchSize: number): Promise<BurstResult> {
    const conn = this.conn;
    if (!conn || conn.state !== 'open') return Promise.reject(new Error(`monitor ${this.record.id} has no push session`));
    if (this.burstRun) return Promise.reject(new Error(`monitor ${this.record.id} is already bursting`));
    if (!Number.isInteger(n) || n < 1) return Promise.reject(new RangeError('burst count must be a positive integer'));
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 65535) {
      return Promise.reject(new RangeError('burst batchSize must be an integer from 1 to 65535'));
    }
    this.stats.published += n;
    return new Promise<BurstResult>((resolve, reject) => {
      this.burstRun = {
        conn,
        encoder: new BurstEncoder(this.deps.burstTemplate, this.settings.format, this.settings.zlib, this.deps.now),
        first: this.deps.reserveSequence(n),
        total: n,
        next: 0,
        batchSize,
        started: performance.now(),
        resolve,
        reject,
      };
      this.continueBurst();
    });
  }

  /** Sends what is due. */
  flush(): void {
    this.pump();
  }

  private enqueue(entry: Entry): void {
    this.queue.push(entry);
    const excess = this.queue.length - this.deps.maxReplayEvents;
    if (excess > 0) this.stats.dropped += this.queue.take(excess).length; // oldest first
  }

  private detachCurrent(reason: string): void {
    const conn = this.conn;
    if (!conn) return;
    this.conn = undefined;
    this.clearTimer();
    const lost: Entry[] = [];
    let lostBurst = 0;
    if (this.settings.explicitAck) {
      for (const b of this.blocks.values()) {
        if (b.entries) lost.push(...b.entries);
        else lostBurst += b.count;
      }
    }
    this.blocks.clear();
    this.stats.dropped += lostBurst;
    if (this.burstRun) this.failBurst(`session ended during burst: ${reason}`);
    if (this.settings.autoReplay) {
      this.queue.unshiftAll(lost);
      this.queue.forEach((e) => (e.replay = true));
      const excess = this.queue.length - this.deps.maxReplayEvents;
      if (excess > 0) this.stats.dropped += this.queue.take(excess).length;
      this.record.status = 'SUSPENDED';
    } else {
      this.stats.dropped += lost.length + this.queue.drain().length;
      this.record.status = 'INACTIVE';
    }
    this.deps.notify({ kind: 'sessionEnd', monitorId: this.record.id, connectionId: conn.id, reason });
  }

  private pump(): void {
    const conn = this.conn;
    if (!conn || this.burstRun) return;
    const { batchSize, batchDurationMs, explicitAck } = this.settings;
    while (this.queue.length > 0 && this.conn === conn) {
      if (!conn.writable) return this.paused('backpressure'); // 'drain' resumes us
      if (explicitAck && this.blocks.size >= this.deps.ackWindow) return this.paused('ackWindow'); // an ack resumes us
      const head = this.queue.peek() as Entry;
      const d = nextBatch({ length: this.queue.length, headAt: head.at, headReplay: head.replay }, batchSize, batchDurationMs, this.deps.now());
      if ('waitUntil' in d) {
        this.armTimer(d.waitUntil);
        return;
      }
      this.sendBatch(conn, this.queue.take(d.send));
    }
  }

  private sendBatch(conn: PushConnection, taken: Entry[]): void {
    const id = this.record.id;
    const faults = this.deps.faults;
    const batch = taken.filter(() => !faults.dropEvent(id));
    this.stats.dropped += taken.length - batch.length;
    if (batch.length === 0) return;
    const { format, zlib, explicitAck } = this.settings;
    let payload = compressPayload(documentText(batch, format), zlib);
    if (zlib && faults.takeOneShot('corruptZlib', id)) {
      payload = Buffer.from(payload);
      payload[2] = 0xff; // first deflate block header: BTYPE=11 (reserved), so inflate must fail
    }
    const r = conn.sendPublish(batch.length, compressionCode(zlib), formatCode(format), payload);
    if (!r || r.cut) {
      // Not delivered: back to the front; the disconnect that follows replays or drops them.
      this.queue.unshiftAll(batch);
      return;
    }
    const replayed = batch.reduce((n, e) => n + (e.replay ? 1 : 0), 0);
    this.recordBlock(r.blockId, batch.length, explicitAck ? batch : undefined, batch[batch.length - 1].event.uuid, replayed);
    if (faults.disconnectAfterBlock(id)) conn.close('fault: disconnect after blocks', 'end');
  }

  /** Reports (once per stall) that sending waits for the socket or for acks. */
  private paused(reason: 'backpressure' | 'ackWindow'): void {
    if (this.pausedFor === reason) return;
    this.pausedFor = reason;
    this.deps.notify({ kind: 'paused', monitorId: this.record.id, reason });
  }

  private recordBlock(blockId: number, count: number, entries: Entry[] | undefined, lastUuid: string | undefined, replayed: number): void {
    this.pausedFor = undefined;
    this.stats.blocksSent += 1;
    this.stats.sent += count;
    this.stats.replayed += replayed;
    this.record.lastSent = this.isoTime(this.deps.now());
    if (lastUuid) this.record.lastSentUuid = lastUuid;
    this.blocks.set(blockId, entries ? { count, entries } : { count });
    if (!this.settings.explicitAck && this.blocks.size > MAX_REMEMBERED_BLOCKS) {
      this.blocks.delete(this.blocks.keys().next().value as number);
    }
    this.deps.notify({ kind: 'block', monitorId: this.record.id, blockId, count, replayed });
  }

  private onAck(blockId: number, status: number): void {
    this.stats.acksReceived += 1;
    const block = this.blocks.get(blockId);
    if (!block) {
      this.deps.logger.debug(`monitor ${this.record.id}: ack for unknown block ${blockId}`);
      return;
    }
    this.blocks.delete(blockId);
    this.stats.acked += block.count;
    this.deps.notify({ kind: 'ack', monitorId: this.record.id, blockId, status, events: block.count });
    if (this.burstRun) this.continueBurst();
    else this.pump();
  }

  private continueBurst(): void {
    const run = this.burstRun;
    if (!run) return;
    const { conn } = run;
    const { explicitAck, zlib, format } = this.settings;
    while (run.next < run.total) {
      if (this.conn !== conn || conn.state !== 'open') {
        this.failBurst('session closed during burst');
        return;
      }
      if (!conn.writable) return this.paused('backpressure'); // 'drain' resumes us
      if (explicitAck && this.blocks.size >= this.deps.ackWindow) return this.paused('ackWindow'); // an ack resumes us
      const count = Math.min(run.batchSize, run.total - run.next);
      const seq = run.first + run.next;
      const r = conn.sendPublish(count, compressionCode(zlib), formatCode(format), run.encoder.encode(seq, count));
      if (!r || r.cut) {
        this.failBurst('a fault cut the burst');
        return;
      }
      run.next += count;
      this.recordBlock(r.blockId, count, undefined, this.burstUuid(seq + count - 1, this.deps.now()), 0);
      if (this.deps.faults.disconnectAfterBlock(this.record.id)) conn.close('fault: disconnect after blocks', 'end');
    }
    if (explicitAck && this.blocks.size > 0) return; // wait for the last acks
    this.burstRun = undefined;
    run.resolve({ events: run.total, ms: performance.now() - run.started });
    this.pump();
  }

  /** new Date(ms).toISOString(), remembered for the last ms (a burst sends many blocks per ms). */
  private isoTime(ms: number): string {
    if (ms !== this.isoAt) {
      this.iso = new Date(ms).toISOString();
      this.isoAt = ms;
    }
    return this.iso;
  }

  /** eventUuid(seq, ms) with the time part remembered for the last ms. */
  private burstUuid(seq: number, ms: number): string {
    if (ms !== this.uuidAt) {
      this.uuidTime = uuidPrefix(ms);
      this.uuidAt = ms;
    }
    return this.uuidTime + seqHex(seq);
  }

  private failBurst(why: string): void {
    const run = this.burstRun;
    if (!run) return;
    this.burstRun = undefined;
    this.stats.dropped += run.total - run.next;
    run.reject(new Error(`burst on monitor ${this.record.id} failed after ${run.next} of ${run.total} events: ${why}`));
  }

  private armTimer(due: number): void {
    if (this.timer && this.timerDue === due) return;
    this.clearTimer();
    this.timerDue = due;
    this.timer = this.deps.timers.timeout(() => {
      this.timer = undefined;
      this.pump();
    }, due - this.deps.now());
  }

  private clearTimer(): void {
    this.deps.timers.clear(this.timer);
    this.timer = undefined;
  }
}
