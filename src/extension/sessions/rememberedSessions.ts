// Which sessions were running, remembered per workspace (workspaceState) so that a window
// reload or a restart starts them again (issue 14 §2). Account id + monitor id only,
// nothing secret. The session manager adds on start and removes on a user's stop, a deleted
// monitor or a sign-out; deactivation stops sessions without touching the list.
//
// The stored value is read back through parse(), which keeps only well-formed entries: a
// hand-edited or older state can hold anything.

import type { MementoLike } from '../monitors/createdMonitors';

export const RUNNING_SESSIONS_STATE_KEY = 'digiPushMonitor.runningSessions.v1';

/** More than anyone runs at once; a bound so a corrupt state cannot start thousands. */
export const MAX_REMEMBERED_SESSIONS = 100;

export interface SessionRef {
  accountId: string;
  monitorId: number;
}

const keyOf = (r: SessionRef) => JSON.stringify([r.accountId, r.monitorId]);

function isRef(v: unknown): v is SessionRef {
  const r = v as Partial<SessionRef> | null;
  return (
    !!r &&
    typeof r === 'object' &&
    typeof r.accountId === 'string' &&
    r.accountId.length > 0 &&
    r.accountId.length <= 200 &&
    typeof r.monitorId === 'number' &&
    Number.isSafeInteger(r.monitorId) &&
    r.monitorId > 0
  );
}

/** The well-formed, distinct entries of a stored value, oldest first, at most MAX_REMEMBERED_SESSIONS. */
export function parseRemembered(raw: unknown): SessionRef[] {
  if (!Array.isArray(raw)) return [];
  const out = new Map<string, SessionRef>();
  for (const r of raw as unknown[]) {
    if (!isRef(r)) continue;
    const ref = { accountId: r.accountId, monitorId: r.monitorId };
    out.set(keyOf(ref), ref);
    if (out.size >= MAX_REMEMBERED_SESSIONS) break;
  }
  return [...out.values()];
}

export class RememberedSessions {
  constructor(private readonly memento: MementoLike) {}

  list(): SessionRef[] {
    return parseRemembered(this.memento.get<unknown>(RUNNING_SESSIONS_STATE_KEY));
  }

  has(ref: SessionRef): boolean {
    return this.list().some((r) => keyOf(r) === keyOf(ref));
  }

  add(ref: SessionRef): PromiseLike<void> | undefined {
    if (this.has(ref)) return undefined;
    return this.write([...this.list(), { accountId: ref.accountId, monitorId: ref.monitorId }]);
  }

  remove(ref: SessionRef): PromiseLike<void> | undefined {
    const list = this.list();
    const kept = list.filter((r) => keyOf(r) !== keyOf(ref));
    return kept.length === list.length ? undefined : this.write(kept);
  }

  removeAccount(accountId: string): PromiseLike<void> | undefined {
    const list = this.list();
    const kept = list.filter((r) => r.accountId !== accountId);
    return kept.length === list.length ? undefined : this.write(kept);
  }

  private write(list: SessionRef[]): PromiseLike<void> {
    return this.memento.update(RUNNING_SESSIONS_STATE_KEY, list.slice(-MAX_REMEMBERED_SESSIONS));
  }
}
