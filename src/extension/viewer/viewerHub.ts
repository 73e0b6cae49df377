// Keeps one bounded store per live session, plus the merged store, fed from the
// LiveSource contract. Buffers fill whether or not a panel is open, so opening the
// viewer shows what already arrived. No vscode import.

import type { SessionItem, Logger } from '../../core';
import { DisposableStore, Emitter, type Event } from '../lifecycle';
import type { SourceStateDto } from '../../shared/viewerProtocol';
import type { LiveSource } from '../liveSource';
import { makeEntry, type ViewerEntry } from './entry';
import { EventStore } from './eventStore';

export const MERGED_KEY = 'merged';

interface Slot {
  store: EventStore;
  label: string;
  source?: LiveSource;
  /** Last state seen (kept after the source goes away). */
  state: SourceStateDto;
  subs: DisposableStore;
}

export class ViewerHub {
  private readonly slots = new Map<string, Slot>();
  readonly merged: EventStore;
  private seq = 0;
  private capacity: number;
  private readonly sourcesChanged: Emitter<void>;
  /** A session was added or removed (panels resend their info). */
  readonly onSourcesChanged: Event<void>;

  constructor(
    capacity: number,
    private readonly now: () => number = Date.now,
    private readonly logger?: Logger,
  ) {
    this.capacity = capacity;
    this.merged = this.newStore(MERGED_KEY);
    this.sourcesChanged = new Emitter((e) => this.logger?.error(`event viewer: a sources listener failed: ${(e as Error)?.message ?? String(e)}`));
    this.onSourcesChanged = this.sourcesChanged.event;
  }

  private newStore(key: string): EventStore {
    return new EventStore(key, this.capacity, this.now, (e) => this.logger?.error(`event viewer: a listener of ${key} failed: ${(e as Error)?.message ?? String(e)}`));
  }

  /** Starts (or, for a new object with a known id, resumes) buffering a session. */
  addSource(source: LiveSource): void {
    let slot = this.slots.get(source.id);
    if (slot?.source === source) return;
    if (slot) slot.subs.clear();
    else {
      slot = { store: this.newStore(source.id), label: source.label, state: source.state, subs: new DisposableStore() };
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
        s.store.changed();
        this.merged.changed();
      }),
    );
    s.store.changed();
    this.sourcesChanged.fire();
  }

  /** Stops listening to a session; its buffer stays for panels that show it. */
  removeSource(id: string): void {
    const slot = this.slots.get(id);
    if (!slot) return;
    slot.subs.clear();
    if (slot.source) slot.state = slot.source.state.kind === 'error' ? slot.source.state : { kind: 'stopped' };
    slot.source = undefined;
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
      slot = { store: this.newStore(id), label: id, state: { kind: 'absent' }, subs: new DisposableStore() };
      this.slots.set(id, slot);
    }
    return slot.store;
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
