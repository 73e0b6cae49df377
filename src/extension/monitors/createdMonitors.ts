// Monitors this extension created, remembered in globalState (ids only, nothing secret)
// so the "on exit" policy can delete them and the tree can mark them. Monitors live on
// the server and outlive VS Code (ux-anchors §2.G), hence the explicit bookkeeping.

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

export class CreatedMonitors {
  private readonly items = new Map<string, CreatedMonitor>();

  constructor(private readonly memento: MementoLike) {
    const raw = memento.get<unknown>(CREATED_MONITORS_STATE_KEY);
    if (Array.isArray(raw)) {
      for (const r of raw as unknown[]) {
        const c = r as Partial<CreatedMonitor> | null;
        if (c && typeof c.accountId === 'string' && typeof c.monitorId === 'number' && Number.isInteger(c.monitorId)) {
          this.items.set(keyOf(c as CreatedMonitor), { accountId: c.accountId, monitorId: c.monitorId });
        }
      }
    }
  }

  has(accountId: string, monitorId: number): boolean {
    return this.items.has(`${accountId}/${monitorId}`);
  }

  all(): CreatedMonitor[] {
    return [...this.items.values()];
  }

  add(m: CreatedMonitor): PromiseLike<void> {
    this.items.set(keyOf(m), { accountId: m.accountId, monitorId: m.monitorId });
    return this.save();
  }

  remove(accountId: string, monitorId: number): PromiseLike<void> {
    this.items.delete(`${accountId}/${monitorId}`);
    return this.save();
  }

  removeAccount(accountId: string): PromiseLike<void> {
    for (const [k, v] of this.items) if (v.accountId === accountId) this.items.delete(k);
    return this.save();
  }

  private save(): PromiseLike<void> {
    return this.memento.update(CREATED_MONITORS_STATE_KEY, this.all());
  }
}
