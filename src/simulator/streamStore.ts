// Data streams and their point history per customer (rest-devices-streams §3–§4). Points are
// kept in arrival order per stream; history queries sort by client or server time only when
// arrivals were out of order. Memory is bounded twice: per stream (maxPointsPerStream) and
// over all streams (maxStoredPoints, a global arrival FIFO); the oldest points go first and
// are counted. A point keeps its global sequence number, not its id: the id is
// eventUuid(seq, serverTimestamp), the same UUID its push event carried.

import type { DataPointFields } from './dataPointEvent';
import { eventUuid, sequenceFromText } from './sequence';
import type { SimEvent } from './simEvent';

export interface StreamSettings {
  dataType: string;
  units: string;
  description: string;
  forwardTo: readonly string[];
  /** Seconds; kept and shown, not enforced. */
  dataTtl: number;
  rollupTtl: number;
}

export const STREAM_DEFAULTS: Omit<StreamSettings, 'dataType'> = {
  units: '',
  description: '',
  forwardTo: [],
  dataTtl: 172800,
  rollupTtl: 432000,
};

export interface NewPoint {
  seq: number;
  /** Client time, epoch ms. */
  timestamp: number;
  serverTimestamp: number;
  data: string;
  description: string;
  quality: number;
  location?: string;
}

/** A kept point: a class, so every point has one shape (there may be hundreds of thousands). */
export class StoredPoint implements Readonly<NewPoint> {
  readonly seq: number;
  readonly timestamp: number;
  readonly serverTimestamp: number;
  readonly data: string;
  readonly description: string;
  readonly quality: number;
  readonly location: string | undefined;
  /** Dropped or deleted (the global FIFO skips it). */
  gone = false;

  constructor(
    p: NewPoint,
    readonly stream: SimStream,
  ) {
    this.seq = p.seq;
    this.timestamp = p.timestamp;
    this.serverTimestamp = p.serverTimestamp;
    this.data = p.data;
    this.description = p.description;
    this.quality = p.quality;
    this.location = p.location;
  }
}

export type Timeline = 'client' | 'server';

export const pointTime = (p: NewPoint, timeline: Timeline): number => (timeline === 'client' ? p.timestamp : p.serverTimestamp);
export const pointId = (p: NewPoint): string => eventUuid(p.seq, p.serverTimestamp);

/** (time, seq) order: time on the timeline, then arrival. */
export function comparePoints(a: NewPoint, b: NewPoint, timeline: Timeline): number {
  return pointTime(a, timeline) - pointTime(b, timeline) || a.seq - b.seq;
}

export class SimStream {
  private items: StoredPoint[] = [];
  private head = 0;
  /** False once a point arrived with an earlier time than the one before it. */
  private sorted: Record<Timeline, boolean> = { client: true, server: true };

  constructor(
    readonly cstId: number,
    readonly streamId: string,
    public settings: StreamSettings,
  ) {}

  get size(): number {
    return this.items.length - this.head;
  }

  /** The newest point (the last to arrive), the stream's currentValue. */
  get current(): StoredPoint | undefined {
    return this.size > 0 ? this.items[this.items.length - 1] : undefined;
  }

  append(p: StoredPoint): void {
    const last = this.current;
    if (last) {
      if (p.timestamp < last.timestamp) this.sorted.client = false;
      if (p.serverTimestamp < last.serverTimestamp) this.sorted.server = false;
    }
    this.items.push(p);
  }

  /** Removes and returns the oldest arrival. */
  dropOldest(): StoredPoint | undefined {
    if (this.size === 0) return undefined;
    const p = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return p;
  }

  /** Removes the points `pred` selects; returns them. */
  removeWhere(pred: (p: StoredPoint) => boolean): StoredPoint[] {
    const keep: StoredPoint[] = [];
    const removed: StoredPoint[] = [];
    for (let i = this.head; i < this.items.length; i++) (pred(this.items[i]) ? removed : keep).push(this.items[i]);
    if (removed.length > 0) {
      this.items = keep;
      this.head = 0;
    }
    return removed;
  }

  /** The point with this id, found by the sequence number inside it (arrivals are in sequence order). */
  find(id: string): StoredPoint | undefined {
    const seq = sequenceFromText(id);
    if (seq === undefined) return undefined;
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.items[mid].seq < seq) lo = mid + 1;
      else hi = mid;
    }
    const p = this.items[lo];
    return p && p.seq === seq && pointId(p) === id.toLowerCase() ? p : undefined;
  }

  /** Every point in (time on `timeline`, seq) order: a copy. */
  ordered(timeline: Timeline): StoredPoint[] {
    const copy = this.items.slice(this.head);
    return this.sorted[timeline] ? copy : copy.sort((a, b) => comparePoints(a, b, timeline));
  }
}

export interface StreamStoreLimits {
  maxPointsPerStream: number;
  maxStoredPoints: number;
  /** Streams a customer may create over REST (the routes check it; generated streams are always made). */
  maxStreams: number;
}

interface CustomerStreams {
  byId: Map<string, SimStream>;
  /** Stream ids in order; rebuilt after a create or delete. */
  sorted?: string[];
}

export interface StreamStats {
  streams: number;
  points: number;
  /** Dropped by a bound (not deletes). */
  dropped: number;
}

export class StreamStore {
  private readonly customers = new Map<number, CustomerStreams>();
  /** Every stored point in arrival order (gone ones skipped and compacted away). */
  private arrivals: StoredPoint[] = [];
  private arrivalsHead = 0;
  private streamCount = 0;
  private stored = 0;
  private dropped = 0;

  constructor(readonly limits: StreamStoreLimits) {}

  private customer(cstId: number): CustomerStreams {
    let c = this.customers.get(cstId);
    if (!c) {
      c = { byId: new Map() };
      this.customers.set(cstId, c);
    }
    return c;
  }

  get(cstId: number, streamId: string): SimStream | undefined {
    return this.customers.get(cstId)?.byId.get(streamId);
  }

  count(cstId: number): number {
    return this.customers.get(cstId)?.byId.size ?? 0;
  }

  /** Why `cstId` may not create `n` more streams over REST, or undefined. */
  limitProblem(cstId: number, n: number): string | undefined {
    return this.count(cstId) + n > this.limits.maxStreams ? `at most ${this.limits.maxStreams} streams per account` : undefined;
  }

  create(cstId: number, streamId: string, settings: StreamSettings): SimStream {
    const c = this.customer(cstId);
    const s = new SimStream(cstId, streamId, settings);
    c.byId.set(streamId, s);
    c.sorted = undefined;
    this.streamCount += 1;
    return s;
  }

  delete(cstId: number, streamId: string): boolean {
    const c = this.customers.get(cstId);
    const s = c?.byId.get(streamId);
    if (!c || !s) return false;
    this.forget(s.removeWhere(() => true));
    c.byId.delete(streamId);
    c.sorted = undefined;
    this.streamCount -= 1;
    return true;
  }

  /** Stream ids of a customer in order. */
  ids(cstId: number): readonly string[] {
    const c = this.customers.get(cstId);
    if (!c) return [];
    c.sorted ??= [...c.byId.keys()].sort();
    return c.sorted;
  }

  /** Stores a point, then enforces the bounds (oldest first). */
  add(stream: SimStream, p: NewPoint): StoredPoint {
    const point = new StoredPoint(p, stream);
    stream.append(point);
    this.arrivals.push(point);
    this.stored += 1;
    if (stream.size > this.limits.maxPointsPerStream) this.drop(stream.dropOldest());
    while (this.stored > this.limits.maxStoredPoints) this.drop(this.oldestArrival());
    this.compactArrivals();
    return point;
  }

  /**
   * Stores a generated DataPoint event (the generator's dataPointEvent()), creating its stream
   * on the first point with the generator's type and units. Events without a sequence number
   * (custom publish()) are not stored.
   */
  addGenerated(event: SimEvent): void {
    if (event.seq === undefined) return;
    const d = event.data as DataPointFields;
    const stream =
      this.get(event.cstId, d.streamId) ??
      this.create(event.cstId, d.streamId, { ...STREAM_DEFAULTS, dataType: d.streamType, units: d.streamUnits });
    this.add(stream, {
      seq: event.seq,
      timestamp: d.timestamp,
      serverTimestamp: d.serverTimestamp,
      data: String(d.data),
      description: d.description,
      quality: d.quality,
    });
  }

  /** Deletes the points `pred` selects from a stream; returns how many. */
  deletePoints(stream: SimStream, pred: (p: StoredPoint) => boolean): number {
    const removed = stream.removeWhere(pred);
    this.forget(removed);
    this.compactArrivals();
    return removed.length;
  }

  stats(): StreamStats {
    return { streams: this.streamCount, points: this.stored, dropped: this.dropped };
  }

  private forget(points: readonly StoredPoint[]): void {
    for (const p of points) p.gone = true;
    this.stored -= points.length;
  }

  private drop(p: StoredPoint | undefined): void {
    if (!p) return;
    p.gone = true;
    this.stored -= 1;
    this.dropped += 1;
  }

  /**
   * Removes the oldest live arrival from its stream. Arrivals are in global arrival order and
   * each stream's points in its own, so the oldest live arrival is the head of its stream.
   */
  private oldestArrival(): StoredPoint | undefined {
    while (this.arrivalsHead < this.arrivals.length) {
      const p = this.arrivals[this.arrivalsHead++];
      if (!p.gone) return p.stream.dropOldest();
    }
    return undefined;
  }

  /** Keeps the FIFO within about twice the live points (gone entries are only skipped lazily). */
  private compactArrivals(): void {
    const length = this.arrivals.length - this.arrivalsHead;
    if (length > 2 * this.stored + 1024) {
      this.arrivals = this.arrivals.slice(this.arrivalsHead).filter((p) => !p.gone);
      this.arrivalsHead = 0;
    } else if (this.arrivalsHead > 1024 && this.arrivalsHead * 2 > this.arrivals.length) {
      this.arrivals = this.arrivals.slice(this.arrivalsHead);
      this.arrivalsHead = 0;
    }
  }
}
