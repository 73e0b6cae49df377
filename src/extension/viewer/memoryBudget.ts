// The event viewer's memory budget: one total in bytes for the stores that share it (every
// session's store and the merged one; a capture or history panel has a budget of its own),
// on top of each store's count capacity. An entry is charged once however many stores hold
// it (the merged store and its session's store hold the same object).
//
// When the stores hold more than the budget, in this order:
//  1. Large payloads are released, oldest first, but never the newest quarter of the budget's
//     worth of them: those events keep a preview of their text and their size
//     (payloadPreview.ts); the newest large events stay whole for the detail pane, Copy and
//     Export. While there is room, nothing is released.
//  2. The oldest entries are evicted, oldest first across all stores: the entry with the
//     lowest seq leaves every store that holds it (seqs are global and every store is
//     ordered by them, so it is the head of each). The merged view shows all sessions in
//     arrival order and a ring can only drop its oldest, so this is the one order every
//     store can follow; a quiet session's old events go before a busy session's new ones.
// The text filter's cache is bounded by a further quarter of the budget (searchCache.ts).

import type { MemoryDto } from '../../shared/viewerProtocol';
import type { ViewerEntry } from './entry';
import { entryBytes } from './entrySize';
import { LARGE_EVENT_BYTES, releasePayload } from './payloadPreview';
import { SearchTextCache } from './searchCache';

export const MIB = 1024 * 1024;

/** What the budget needs of a store. */
export interface BudgetedStore {
  /** Seq of the oldest entry held; undefined when empty. */
  oldestSeq(): number | undefined;
  /** Evicts (and counts) the oldest entry, releasing it from the budget. */
  evictOldest(): void;
  /** The budget changed the store's contents. */
  changed(): void;
}

export interface BudgetStats {
  limitBytes: number;
  usedBytes: number;
  /** Payloads released to a preview since the budget was made. */
  released: number;
  /** Evictions the budget made (one per store an entry left). */
  evicted: number;
  /** Bytes of the filter's cached search texts. */
  searchBytes: number;
}

export class MemoryBudget {
  private limit: number;
  private used = 0;
  private readonly stores = new Set<BudgetedStore>();
  /** Held entries whose large payload is still whole, oldest first. */
  private readonly whole = new Set<ViewerEntry>();
  private wholeBytes = 0;
  private releasedCount = 0;
  private evictedCount = 0;
  readonly search: SearchTextCache;

  constructor(limitBytes: number) {
    this.limit = MemoryBudget.check(limitBytes);
    this.search = new SearchTextCache(this.limit / 4);
  }

  private static check(n: number): number {
    if (!Number.isFinite(n) || n <= 0) throw new RangeError(`memory budget must be a positive number of bytes, got ${n}`);
    return n;
  }

  get limitBytes(): number {
    return this.limit;
  }

  get usedBytes(): number {
    return this.used;
  }

  stats(): BudgetStats {
    return { limitBytes: this.limit, usedBytes: this.used, released: this.releasedCount, evicted: this.evictedCount, searchBytes: this.search.bytes };
  }

  /** What a panel's footer says about memory. */
  status(): MemoryDto {
    return { used: this.used, budget: this.limit, previews: this.releasedCount };
  }

  attach(store: BudgetedStore): void {
    this.stores.add(store);
  }

  detach(store: BudgetedStore): void {
    this.stores.delete(store);
  }

  /** A store took the entry: charged when it is the first. */
  hold(e: ViewerEntry): void {
    if (e.holders) {
      e.holders++;
      return;
    }
    e.holders = 1;
    const bytes = (e.bytes ??= entryBytes(e));
    this.used += bytes;
    if (!e.released && bytes > LARGE_EVENT_BYTES && e.item.kind === 'event') {
      this.whole.add(e);
      this.wholeBytes += bytes;
    }
  }

  /** A store let the entry go: no longer charged when it was the last. */
  release(e: ViewerEntry): void {
    if (!e.holders) return;
    if (--e.holders > 0) return;
    this.used -= e.bytes ?? 0;
    if (this.whole.delete(e)) this.wholeBytes -= e.bytes ?? 0;
    this.search.forget(e);
  }

  /** A store evicted its oldest entry for the budget. */
  countEviction(): void {
    this.evictedCount++;
  }

  setLimit(limitBytes: number): void {
    this.limit = MemoryBudget.check(limitBytes);
    this.search.setLimit(this.limit / 4);
    this.enforce();
  }

  /** Brings the stores back within the budget: releases old large payloads, then evicts the oldest entries. */
  enforce(): void {
    if (this.used <= this.limit) return;
    const keepWhole = this.limit / 4;
    for (const e of this.whole) {
      if (this.used <= this.limit || this.wholeBytes <= keepWhole) break;
      this.releaseWhole(e);
    }
    const touched = new Set<BudgetedStore>();
    while (this.used > this.limit) {
      let oldest: number | undefined;
      for (const s of this.stores) {
        const seq = s.oldestSeq();
        if (seq !== undefined && (oldest === undefined || seq < oldest)) oldest = seq;
      }
      if (oldest === undefined) break; // nothing held: the accounting is off, do not spin
      for (const s of this.stores) {
        if (s.oldestSeq() !== oldest) continue;
        s.evictOldest();
        touched.add(s);
      }
    }
    for (const s of touched) s.changed();
  }

  private releaseWhole(e: ViewerEntry): void {
    const full = e.bytes ?? 0;
    this.whole.delete(e);
    this.wholeBytes -= full;
    this.search.forget(e);
    if (!releasePayload(e, full)) return;
    e.bytes = entryBytes(e);
    this.used -= full - e.bytes;
    this.releasedCount++;
  }
}
