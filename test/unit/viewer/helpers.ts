// Builders shared by the viewer's unit tests.
import type { GapMarker, PushEvent, SessionItem } from '../../../src/core/events';
import { makeEntry, type ViewerEntry } from '../../../src/extension/viewer/entry';
import { EventStore } from '../../../src/extension/viewer/eventStore';
import type { CoalescerTimers } from '../../../src/extension/viewer/coalescer';

export const DEV = (n: number) => `00000000-00000000-00409DFF-FF${n.toString(16).toUpperCase().padStart(6, '0')}`;

export function dp(i: number, opts: { device?: number; stream?: string; value?: unknown; type?: string; operation?: string; replay?: boolean } = {}): PushEvent {
  const device = DEV(opts.device ?? i % 3);
  const type = opts.type ?? 'DataPoint';
  return {
    kind: 'event',
    topic: `1001/${type}/${device}/metrics/${opts.stream ?? 'temperature'}`,
    type,
    operation: opts.operation ?? 'INSERTION',
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString(),
    replay: opts.replay ?? false,
    data: { streamId: `${device}/metrics/${opts.stream ?? 'temperature'}`, data: opts.value ?? 20 + i, streamUnits: 'C' },
    format: 'json',
    blockId: i,
    monitorId: 42,
    receivedAt: Date.UTC(2026, 0, 1, 0, 0, 1, i),
  };
}

export function gap(at: number): GapMarker {
  return { kind: 'gap', monitorId: 42, disconnectedAt: at, reconnectedAt: at + 5000, reason: 'socket closed' };
}

/** Appends items to a store with consecutive seqs starting after its last one. */
export function fill(store: EventStore, items: SessionItem[], source = 'test'): ViewerEntry[] {
  let seq = store.lastSeq + 1;
  const entries = items.map((it) => makeEntry(seq++, it, source));
  store.append(entries);
  return entries;
}

export function range(n: number, from = 0): number[] {
  return Array.from({ length: n }, (_, i) => from + i);
}

/** Manual clock: timers fire only when advance() passes their time. */
export class FakeTimers implements CoalescerTimers {
  t = 0;
  private next = 1;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.next++;
    this.pending.set(id, { at: this.t + ms, fn });
    return id;
  };
  clearTimeout = (h: unknown) => {
    this.pending.delete(h as number);
  };
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.pending].filter(([, p]) => p.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = end;
  }
  get armed(): number {
    return this.pending.size;
  }
}

