// The adapter between sessions and the rule engine: every batch of every session the
// manager knows goes to onEvents(accountId, monitorId, items), through the same public seam
// the Devices view and the events output use (SessionManager.onDidChange, LiveSession.onItems),
// so the engine does not care how events arrive. A session that stops or fails is reported
// as ended (its silence watches go).

import type { SessionItem } from '../../core';
import { DisposableStore, type DisposableLike } from '../lifecycle';
import type { LiveSession } from '../sessions/liveSession';
import type { SessionManager } from '../sessions/sessionManager';

export interface EventsSink {
  onEvents(accountId: string, monitorId: number, items: readonly SessionItem[]): void;
  sessionEnded(accountId: string, monitorId: number): void;
}

export function feedSessions(manager: Pick<SessionManager, 'list' | 'onDidChange'>, sink: EventsSink): DisposableLike {
  const wiring = new Map<string, DisposableLike>();
  const store = new DisposableStore();
  const watch = (s: LiveSession) => {
    if (wiring.has(s.id)) return;
    wiring.set(s.id, s.onItems((items) => sink.onEvents(s.accountId, s.monitorId, items)));
  };
  const unwatch = (s: LiveSession) => {
    wiring.get(s.id)?.dispose();
    wiring.delete(s.id);
    sink.sessionEnded(s.accountId, s.monitorId);
  };
  for (const s of manager.list()) watch(s);
  store.add(
    manager.onDidChange((e) => {
      if (e.kind === 'added') watch(e.source);
      else if (e.kind === 'removed') unwatch(e.source);
      else if (e.kind === 'state' && (e.source.state.kind === 'stopped' || e.source.state.kind === 'error')) sink.sessionEnded(e.source.accountId, e.source.monitorId);
    }),
  );
  store.add({
    dispose: () => {
      for (const w of wiring.values()) w.dispose();
      wiring.clear();
    },
  });
  return store;
}
