// Builders shared by the viewer's unit tests.
import type { GapMarker, PushEvent, SessionItem } from '../../../src/core/events';
import { makeEntry, type ViewerEntry } from '../../../src/extension/viewer/entry';
import { EventStore } from '../../../src/extension/viewer/eventStore';
import type { ViewerController } from '../../../src/extension/viewer/controller';
import type { HostToWebview } from '../../../src/shared/viewerProtocol';
import assert from 'node:assert/strict';

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

/** The shared fake clock (test/helpers/fakeClock.ts): timers fire only when advance() passes their time. */
export { FakeClock as FakeTimers } from '../../helpers/fakeClock';


/** Sends a request to a controller as the webview does and returns its result (or throws its error). */
export function requester(c: ViewerController, posted: readonly HostToWebview[]) {
  let id = 0;
  return async <T>(method: string, params: object = {}): Promise<T> => {
    const rid = ++id;
    await c.handle({ type: 'request', id: rid, method, params });
    const r = posted.find((m) => m.type === 'response' && m.id === rid);
    assert.ok(r && r.type === 'response', `no response to ${method}`);
    if (!r.ok) throw new Error(r.error);
    return r.result as T;
  };
}
