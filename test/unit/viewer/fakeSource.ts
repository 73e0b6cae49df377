// A LiveSource driven by the test.
import type { SessionItem } from '../../../src/core/events';
import type { LiveSource, LiveState, LiveSubscription, Unsubscribe } from '../../../src/extension/liveSource';

export class FakeSource implements LiveSource {
  state: LiveState = { kind: 'live', since: 0 };
  private readonly itemListeners = new Set<(items: readonly SessionItem[]) => void>();
  private readonly stateListeners = new Set<(s: LiveState) => void>();
  readonly subscription: LiveSubscription;

  constructor(
    readonly id: string,
    readonly label: string,
    topics: string[] = ['DataPoint'],
  ) {
    this.subscription = { accountLabel: 'Local simulator', host: '127.0.0.1', monitorId: 42, topics, format: 'json', compression: 'none', batchSize: 100, batchDuration: 10 };
  }

  onItems(l: (items: readonly SessionItem[]) => void): Unsubscribe {
    this.itemListeners.add(l);
    return { dispose: () => this.itemListeners.delete(l) };
  }

  onState(l: (s: LiveState) => void): Unsubscribe {
    this.stateListeners.add(l);
    return { dispose: () => this.stateListeners.delete(l) };
  }

  emit(items: SessionItem[]): void {
    for (const l of this.itemListeners) l(items);
  }

  setState(s: LiveState): void {
    this.state = s;
    for (const l of this.stateListeners) l(s);
  }

  get listenerCount(): number {
    return this.itemListeners.size + this.stateListeners.size;
  }
}
