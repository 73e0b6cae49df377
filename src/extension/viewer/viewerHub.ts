// Keeps one bounded store per live session, plus the merged store, fed from the
// LiveSource contract. Buffers fill whether or not a panel is open, so opening the
// viewer shows what already arrived. All of them share one memory budget (memoryBudget.ts).
// A session's store is freed once the session has ended (stopped, failed or removed) and
// no panel shows it; the merged store keeps what it holds of it. No vscode import.

import type { SessionItem, Logger } from '../../core';
import { DisposableStore, Emitter, toDisposable, type DisposableLike, type Event } from '../lifecycle';
import type { SourceStateDto } from '../../shared/viewerProtocol';
import type { LiveSource } from '../liveSource';
import { makeEntry, type ViewerEntry } from './entry';
import { budgetBytes, EventStore } from './eventStore';
import { MemoryBudget } from './memoryBudget';

export const MERGED_KEY = 'merged';

interface Slot {
  store: EventStore;
  label: string;
  source?: LiveSource;
  /** Last state seen (kept after the source goes away). */
  state: SourceStateDto;
  subs: DisposableStore;
  /** Panels showing the store. */
  panels: number;
}

/** A session in this state sends nothing more until it is started again. */
const ended = (state: SourceStateDto) => state.kind === 'stopped' || state.kind === 'error';

export class ViewerHub {
  private readonly slots = new Map<string, Slot>();
  readonly merged: EventStore;
  private seq = 0;
  private capacity: number;
  private readonly sourcesChanged: Emitter<void>;
  /** A session was added or removed (panels resend their info). */
  readonly onSourcesChanged: Event<void>;

  /** The bytes every store here shares (viewer.memoryBudgetMiB). */
  readonly budget: MemoryBudget;

  constructor(
    capacity: number,
    private readonly now: () => number = Date.now,
    private readonly logger?: Logger,
    memoryBudgetBytes = budgetBytes(undefined),
  ) {
    this.capacity = capacity;
    this.budget = new MemoryBudget(memoryBudgetBytes);
    this.merged = this.newStore(MERGED_KEY);
    this.sourcesChanged = new Emitter((e) => this.logger?.error(`event viewer: a sources listener failed: ${(e as Error)?.message ?? String(e)}`));
    this.onSourcesChanged = this.sourcesChanged.event;
  }

  private newStore(key: string): EventStore {
    return new EventStore(key, this.capacity, this.now, (e) => this.logger?.error(`event viewer: a listener of ${key} failed: ${(e as Error)?.message ?? String(e)}`), this.budget);
  }

  /** Starts (or, for a new object with a known id, resumes) buffering a session. */
  addSource(source: LiveSource): void {
    let slot = this.slots.get(source.id);
    if (slot?.source === source) return;
    if (slot) slot.subs.clear();
    else {
      slot = { store: this.newStore(source.id), label: source.label, state: source.state, subs: new DisposableStore(), panels: 0 };
      this.slots.set(source.id, slot);
    }
    const s = slot;
    s.source = source;
    s.label = source.label;
    s.state = source.state;
    // The store listener: the session acknowledges a batch only once this has appended it.
    s.subs.add((source.onItemsToKeep ?? source.onItems)((items) => this.ingest(s, items)));
    s.subs.add(
      source.onState((state) => {
        s.state = state;
        if (ended(state) && s.panels === 0) s.store.evictAll();
        s.store.changed();
        this.merged.changed();
      }),
    );
    s.store.changed();
    this.sourcesChanged.fire();
  }

  /** Stops listening to a session; its buffer stays for panels that show it, and is freed when none does. */
  removeSource(id: string): void {
    const slot = this.slots.get(id);
    if (!slot) return;
    slot.subs.clear();
    if (slot.source) slot.state = slot.source.state.kind === 'error' ? slot.source.state : { kind: 'stopped' };
    slot.source = undefined;
    this.freeIfUnused(id, slot);
    slot.store.changed();
    this.merged.changed();
    this.sourcesChanged.fire();
  }

  private ingest(slot: Slot, items: readonly SessionItem[]): void {
    if (items.length === 0) return;
    try {
      const entries: ViewerEntry[] = new Array(items.length);
      for (let i = 0; i < items.length; i++) entries[i] = makeEntry(this.seq++, items[i], slot.label);
      slot.store.append(entries);
      this.merged.append(entries);
    } catch (e) {
      // Thrown on to the source, which reports it and does not acknowledge the batch (it may be replayed).
      this.logger?.error(`event viewer: could not buffer ${items.length} item(s) from ${slot.store.key}: ${(e as Error).message}`);
      throw e;
    }
  }

  /** The store of a session id; created empty for a panel restored before its session exists. */
  store(id: string): EventStore {
    let slot = this.slots.get(id);
    if (!slot) {
      slot = { store: this.newStore(id), label: id, state: { kind: 'absent' }, subs: new DisposableStore(), panels: 0 };
      this.slots.set(id, slot);
    }
    return slot.store;
  }

  /**
   * A panel shows the store of `id` until the result is disposed. A store no panel shows is
   * freed when its session has ended, and forgotten when there is no session.
   */
  show(id: string): DisposableLike {
    this.store(id);
    const slot = this.slots.get(id) as Slot;
    slot.panels++;
    let shown = true;
    return toDisposable(() => {
      if (!shown) return;
      shown = false;
      slot.panels--;
      if (this.slots.get(id) === slot) this.freeIfUnused(id, slot);
    });
  }

  private freeIfUnused(id: string, slot: Slot): void {
    if (slot.panels > 0) return;
    if (!slot.source) {
      slot.store.dispose();
      this.slots.delete(id);
    } else if (ended(slot.state)) slot.store.evictAll();
  }

  /** Whether the hub keeps a store for `id` (for tests: freed stores are forgotten). */
  has(id: string): boolean {
    return this.slots.has(id);
  }

  source(id: string): LiveSource | undefined {
    return this.slots.get(id)?.source;
  }

  label(id: string): string {
    return this.slots.get(id)?.label ?? id;
  }

  state(id: string): SourceStateDto {
    return this.slots.get(id)?.state ?? { kind: 'absent' };
  }

  /** Ids of sessions currently attached. */
  liveIds(): string[] {
    return [...this.slots].filter(([, s]) => s.source).map(([id]) => id);
  }

  /** A new viewer.memoryBudgetMiB: a smaller budget evicts at once. */
  setMemoryBudget(bytes: number): void {
    this.budget.setLimit(bytes);
  }

  setCapacity(capacity: number): void {
    this.capacity = capacity;
    for (const s of this.slots.values()) s.store.setCapacity(capacity);
    this.merged.setCapacity(capacity);
  }

  dispose(): void {
    for (const s of this.slots.values()) s.subs.dispose();
    this.sourcesChanged.dispose();
  }
}
