// What one panel shows of a store: the entries that pass its filter, after its last
// Clear, up to the pause point while paused. Rows are addressed by *ordinal* (position
// in the filtered sequence, stable within an epoch): evicting old rows raises `first`
// without renumbering the rest, so the webview's cached pages stay valid and its
// scroll position can be kept on the same rows.
//
// New entries are folded in by sync() (called on the coalesced notification tick), so
// the per-event cost is one predicate call; a filter change rebuilds over the whole buffer.

import { EMPTY_FILTER, type ViewerFilter } from '../../shared/viewerProtocol';
import type { ViewerEntry } from './entry';
import type { EventStore } from './eventStore';
import { compileFilter, type EntryPredicate } from './filter';

export interface ViewCounts {
  epoch: number;
  first: number;
  count: number;
  matched: number;
  held: number;
  inBuffer: number;
  received: number;
  dropped: number;
  paused: boolean;
}

const COMPACT_AT = 4096;

export class FilteredView {
  private filterValue: ViewerFilter = { ...EMPTY_FILTER };
  private pred: EntryPredicate | undefined;
  /** Matching entries ordered by seq; live ones from `head`. */
  private matches: ViewerEntry[] = [];
  private head = 0;
  /** Ordinal of matches[head]. */
  private firstOrd = 0;
  /** Seqs of gap markers among the live matches (they are rows but not matches). */
  private gapSeqs: number[] = [];
  private syncedSeq: number;
  private floorSeq = -1;
  private droppedBase = 0;
  private receivedBase = 0;
  private pauseSeq: number | undefined;
  epoch = 1;

  constructor(
    readonly store: EventStore,
    filter: ViewerFilter = EMPTY_FILTER,
  ) {
    this.syncedSeq = -1;
    this.setFilter(filter);
  }

  get filter(): ViewerFilter {
    return { ...this.filterValue };
  }

  get paused(): boolean {
    return this.pauseSeq !== undefined;
  }

  /** Drops the rows the store evicted (cheap: called on every store change). */
  dropEvicted(): void {
    const minSeq = this.store.firstSeq;
    while (this.head < this.matches.length && this.matches[this.head].seq < minSeq) {
      if (this.gapSeqs[0] === this.matches[this.head].seq) this.gapSeqs.shift();
      // Cleared so that the evicted entry is not kept alive until the next compaction.
      this.matches[this.head] = undefined as unknown as ViewerEntry;
      this.head++;
      this.firstOrd++;
    }
    if (this.head > COMPACT_AT && this.head * 2 > this.matches.length) {
      this.matches = this.matches.slice(this.head);
      this.head = 0;
    }
  }

  /** Drops evicted rows and folds in entries that arrived since the last sync. */
  sync(): void {
    this.dropEvicted();
    const from = Math.max(this.syncedSeq, this.floorSeq) + 1;
    this.scan(this.store.lowerBound(from));
    this.syncedSeq = Math.max(this.syncedSeq, this.store.lastSeq);
  }

  private scan(fromIndex: number): void {
    const pred = this.pred;
    for (let i = fromIndex, n = this.store.length; i < n; i++) {
      const e = this.store.at(i) as ViewerEntry;
      if (pred && !pred(e)) continue;
      this.matches.push(e);
      if (e.item.kind === 'gap') this.gapSeqs.push(e.seq);
    }
  }

  /** New filter, applied to the whole buffer (not just new rows). */
  setFilter(filter: ViewerFilter): void {
    this.filterValue = { ...filter };
    const cache = this.store.budget.search;
    this.pred = compileFilter(filter, (e) => cache.get(e));
    this.rebuild();
  }

  private rebuild(): void {
    this.matches = [];
    this.gapSeqs = [];
    this.head = 0;
    this.firstOrd = 0;
    this.epoch++;
    this.scan(this.store.lowerBound(this.floorSeq + 1));
    this.syncedSeq = Math.max(this.floorSeq, this.store.lastSeq);
  }

  /** Empties the view: everything received so far is hidden; counters restart. */
  clear(): void {
    this.floorSeq = this.store.lastSeq;
    this.droppedBase = this.store.evicted + this.store.length;
    this.receivedBase = this.store.received;
    if (this.pauseSeq !== undefined) this.pauseSeq = this.floorSeq;
    this.rebuild();
  }

  /** Freezes what is shown; later arrivals are counted as held. */
  pause(): void {
    if (this.pauseSeq === undefined) this.pauseSeq = this.syncedSeq;
  }

  resume(): void {
    this.pauseSeq = undefined;
  }

  /** Index (into matches) one past the last visible row. */
  private visibleEnd(): number {
    if (this.pauseSeq === undefined) return this.matches.length;
    const p = this.pauseSeq;
    let lo = this.head;
    let hi = this.matches.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.matches[mid].seq <= p) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private indexOfSeq(seq: number): number {
    let lo = this.head;
    let hi = this.matches.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.matches[mid].seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.matches.length && this.matches[lo].seq === seq ? lo : -1;
  }

  counts(): ViewCounts {
    const end = this.visibleEnd();
    const count = end - this.head;
    let gaps = 0;
    const limit = this.pauseSeq ?? Infinity;
    for (const g of this.gapSeqs) if (g <= limit) gaps++;
    return {
      epoch: this.epoch,
      first: this.firstOrd,
      count,
      matched: count - gaps,
      held: this.matches.length - end,
      inBuffer: this.store.eventsAfter(this.floorSeq),
      received: this.store.received - this.receivedBase,
      dropped: Math.max(0, this.store.evicted - this.droppedBase),
      paused: this.pauseSeq !== undefined,
    };
  }

  /** Visible rows with ordinals in [start, start + count). */
  rows(start: number, count: number): { ord: number; entry: ViewerEntry }[] {
    const end = this.visibleEnd();
    const from = Math.max(start, this.firstOrd);
    const to = Math.min(start + count, this.firstOrd + (end - this.head));
    const out: { ord: number; entry: ViewerEntry }[] = [];
    for (let ord = from; ord < to; ord++) out.push({ ord, entry: this.matches[this.head + ord - this.firstOrd] });
    return out;
  }

  /** Ordinal of a visible row by seq, or undefined. */
  locate(seq: number): number | undefined {
    const i = this.indexOfSeq(seq);
    if (i < 0 || i >= this.visibleEnd()) return undefined;
    return this.firstOrd + (i - this.head);
  }

  /** An entry by seq: from the view (it may hold rows just evicted) or the store. */
  entry(seq: number): ViewerEntry | undefined {
    const i = this.indexOfSeq(seq);
    return i >= 0 ? this.matches[i] : this.store.find(seq);
  }

  /** The visible rows, oldest first (what Export writes). */
  *visible(): Iterable<ViewerEntry> {
    const end = this.visibleEnd();
    for (let i = this.head; i < end; i++) yield this.matches[i];
  }

  /** Everything after the last Clear, unfiltered (what Save capture writes). */
  *unfiltered(): Iterable<ViewerEntry> {
    for (let i = this.store.lowerBound(this.floorSeq + 1), n = this.store.length; i < n; i++) yield this.store.at(i) as ViewerEntry;
  }
}
