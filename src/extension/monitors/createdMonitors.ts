// Monitors this extension created, remembered in globalState (ids only, nothing secret)
// so the "on exit" policy can delete them and the tree can mark them. Monitors live on
// the server and outlive VS Code (ux-anchors §2.G), hence the explicit bookkeeping.
//
// globalState is shared by every VS Code window. So each change is a read-modify-write of
// the stored list (a window never overwrites what another one added), and the "on exit"
// policy deletes only what this window created since it started (`createdThisRun`): a
// monitor another window created may still be streaming there, and one left by an earlier
// run that did not close cleanly is not this window's to delete (the user can, explicitly).

export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const CREATED_MONITORS_STATE_KEY = 'digiPushMonitor.createdMonitors.v1';

export interface CreatedMonitor {
  accountId: string;
  monitorId: number;
}

const keyOf = (m: CreatedMonitor) => `${m.accountId}/${m.monitorId}`;

function parse(raw: unknown): Map<string, CreatedMonitor> {
  const items = new Map<string, CreatedMonitor>();
  if (!Array.isArray(raw)) return items;
  for (const r of raw as unknown[]) {
    const c = r as Partial<CreatedMonitor> | null;
    if (c && typeof c.accountId === 'string' && typeof c.monitorId === 'number' && Number.isInteger(c.monitorId)) {
      items.set(keyOf(c as CreatedMonitor), { accountId: c.accountId, monitorId: c.monitorId });
    }
  }
  return items;
}

export class CreatedMonitors {
  /** Keys created by this window (this activation). */
  private readonly thisRun = new Set<string>();
  private cachedRaw: unknown;
  private cached = new Map<string, CreatedMonitor>();

  constructor(private readonly memento: MementoLike) {}

  /** The stored list as it is now (another window may have changed it). */
  private current(): Map<string, CreatedMonitor> {
    const raw = this.memento.get<unknown>(CREATED_MONITORS_STATE_KEY);
    if (raw !== this.cachedRaw) {
      this.cachedRaw = raw;
      this.cached = parse(raw);
    }
    return this.cached;
  }

  has(accountId: string, monitorId: number): boolean {
    return this.current().has(`${accountId}/${monitorId}`);
  }

  /** Every monitor the extension created, in any window or earlier run, not deleted since. */
  all(): CreatedMonitor[] {
    return [...this.current().values()];
  }

  /** The ones this window created since it started: what `createdMonitors.onExit = delete` deletes. */
  createdThisRun(): CreatedMonitor[] {
    return this.all().filter((m) => this.thisRun.has(keyOf(m)));
  }

  add(m: CreatedMonitor): PromiseLike<void> {
    const entry = { accountId: m.accountId, monitorId: m.monitorId };
    this.thisRun.add(keyOf(entry));
    return this.change((items) => items.set(keyOf(entry), entry));
  }

  remove(accountId: string, monitorId: number): PromiseLike<void> {
    this.thisRun.delete(`${accountId}/${monitorId}`);
    return this.change((items) => items.delete(`${accountId}/${monitorId}`));
  }

  removeAccount(accountId: string): PromiseLike<void> {
    return this.change((items) => {
      for (const [k, v] of items) {
        if (v.accountId === accountId) {
          items.delete(k);
          this.thisRun.delete(k);
        }
      }
    });
  }

  private change(edit: (items: Map<string, CreatedMonitor>) => void): PromiseLike<void> {
    const items = new Map(this.current());
    edit(items);
    const list = [...items.values()];
    this.cachedRaw = list;
    this.cached = items;
    return this.memento.update(CREATED_MONITORS_STATE_KEY, list);
  }
}
