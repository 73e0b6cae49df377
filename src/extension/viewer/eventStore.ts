// The bounded buffer behind one viewer: a ring of entries ordered by seq, with the
// counters the viewer shows (received, evicted), the rate, and the types/operations
// seen (for the filter's drop-downs). One per session, one merged, one per open capture.
// Bounded by count (its capacity) and in bytes by the memory budget it shares with other
// stores (memoryBudget.ts): evictions of either kind are counted, so length + evicted =
// received.

import { displayLine } from '../../shared/displayText';
import { Emitter, type Event } from '../lifecycle';
import type { ViewerEntry } from './entry';
import { RateMeter } from '../rateMeter';
import { SETTING_SPECS, settingValue } from '../settings';
import { MemoryBudget, MIB, type BudgetedStore } from './memoryBudget';
import { RingBuffer } from './ringBuffer';

// The capacity's limits and out-of-range behaviour are the setting's (settings.ts, which
// package.json's schema is checked against).
const CAPACITY = SETTING_SPECS['viewer.bufferCapacity'];
export const DEFAULT_CAPACITY = CAPACITY.default;
export const MIN_CAPACITY = CAPACITY.minimum;
export const MAX_CAPACITY = CAPACITY.maximum;
const MAX_FACETS = 200;

/** The viewer.bufferCapacity setting's value as used: a finite number floored and clamped into range, else the default. */
export function clampCapacity(n: unknown): number {
  return settingValue('viewer.bufferCapacity', n);
}

/** The viewer.memoryBudgetMiB setting's value as used, in bytes (floored and clamped like the capacity). */
export function budgetBytes(mib: unknown): number {
  return settingValue('viewer.memoryBudgetMiB', mib) * MIB;
}

export class EventStore implements BudgetedStore {
  private readonly ring: RingBuffer<ViewerEntry>;
  private readonly changes: Emitter<void>;
  /** Something about the store (contents, state of its source) changed. */
  readonly onChange: Event<void>;
  /** Seqs of gap markers in the ring (rare), to count events without scanning. */
  private gapSeqs: number[] = [];
  private lastSeqSeen = -1;
  /** Items appended since creation. */
  received = 0;
  readonly rate = new RateMeter(60);
  readonly types = new Set<string>();
  readonly operations = new Set<string>();

  constructor(
    readonly key: string,
    capacity: number,
    private readonly now: () => number = Date.now,
    /** Where a throwing change listener is reported (one panel's bug must not stop the others). */
    report: (error: unknown) => void = (e) => console.error('event viewer store listener failed', e),
    /** Shared with the other stores it is counted with; by default one of its own at the setting's default. */
    readonly budget: MemoryBudget = new MemoryBudget(budgetBytes(undefined)),
  ) {
    this.ring = new RingBuffer(capacity);
    this.changes = new Emitter(report);
    this.onChange = this.changes.event;
    budget.attach(this);
  }

  get capacity(): number {
    return this.ring.capacity;
  }

  get length(): number {
    return this.ring.length;
  }

  /** Items evicted because the buffer was full or over the memory budget. */
  get evicted(): number {
    return this.ring.evicted;
  }

  /** Seq of the newest item ever appended (-1 before the first). */
  get lastSeq(): number {
    return this.lastSeqSeen;
  }

  /** Smallest seq still held (lastSeq + 1 when empty). */
  get firstSeq(): number {
    return this.ring.first()?.seq ?? this.lastSeqSeen + 1;
  }

  at(i: number): ViewerEntry | undefined {
    return this.ring.at(i);
  }

  /** Index of the first entry with seq >= `seq`. */
  lowerBound(seq: number): number {
    return this.ring.lowerBound((e) => e.seq < seq);
  }

  find(seq: number): ViewerEntry | undefined {
    const e = this.ring.at(this.lowerBound(seq));
    return e && e.seq === seq ? e : undefined;
  }

  /** Events (not gap markers) held with seq > `floorSeq`. */
  eventsAfter(floorSeq: number): number {
    const n = this.ring.length - this.lowerBound(floorSeq + 1);
    let gaps = 0;
    for (let i = this.gapSeqs.length - 1; i >= 0 && this.gapSeqs[i] > floorSeq; i--) gaps++;
    return n - gaps;
  }

  entries(): Iterable<ViewerEntry> {
    return this.ring;
  }

  append(entries: readonly ViewerEntry[]): void {
    if (entries.length === 0) return;
    let events = 0;
    for (const e of entries) {
      if (e.seq <= this.lastSeqSeen) throw new Error(`out-of-order seq ${e.seq} after ${this.lastSeqSeen} in ${this.key}`);
      this.lastSeqSeen = e.seq;
      this.budget.hold(e);
      const old = this.ring.push(e);
      if (old) this.dropped(old);
      if (e.item.kind === 'gap') {
        this.gapSeqs.push(e.seq);
        continue;
      }
      events++;
      this.facet(this.types, e.item.type);
      this.facet(this.operations, e.item.operation);
    }
    this.received += entries.length;
    if (events) this.rate.add(this.now(), events);
    this.changed();
    this.budget.enforce();
  }

  /** An entry left the ring (already counted as evicted by it). */
  private dropped(old: ViewerEntry): void {
    if (old.item.kind === 'gap' && this.gapSeqs[0] === old.seq) this.gapSeqs.shift();
    this.budget.release(old);
  }

  oldestSeq(): number | undefined {
    return this.ring.first()?.seq;
  }

  /** Evicts the oldest entry for the memory budget (does not notify: the budget calls changed() once). */
  evictOldest(): void {
    const old = this.ring.shift();
    if (!old) return;
    this.budget.countEviction();
    this.dropped(old);
  }

  /** Evicts everything (counted): the store's memory is freed, its counters stay. */
  evictAll(): void {
    if (this.ring.length === 0) return;
    for (let old = this.ring.shift(); old; old = this.ring.shift()) this.dropped(old);
    this.changed();
  }

  /** Evicts everything and leaves the budget: the store is not used again. */
  dispose(): void {
    this.evictAll();
    this.budget.detach(this);
  }

  private facet(set: Set<string>, v: unknown): void {
    if (set.size >= MAX_FACETS || typeof v !== 'string' || !v || set.has(v)) return;
    set.add(v);
  }

  facets(): { types: string[]; operations: string[] } {
    const clean = (s: Set<string>) => [...s].map((v) => displayLine(v, 40)).sort();
    return { types: clean(this.types), operations: clean(this.operations) };
  }

  setCapacity(capacity: number): void {
    if (capacity === this.ring.capacity) return;
    RingBuffer.checkCapacity(capacity);
    while (this.ring.length > capacity) this.dropped(this.ring.shift() as ViewerEntry);
    this.ring.setCapacity(capacity);
    this.changed();
  }

  /** Something about the store (contents, state of its source) changed. */
  changed(): void {
    this.changes.fire();
  }
}
