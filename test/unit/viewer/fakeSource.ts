// A LiveSource driven by the test.
import type { SessionItem } from '../../../src/core/events';
import { Emitter } from '../../../src/extension/lifecycle';
import type { LiveSource } from '../../../src/extension/liveSource';
import type { LiveState, LiveSubscription } from '../../../src/shared/sessionModel';

export class FakeSource implements LiveSource {
  state: LiveState = { kind: 'live', since: 0 };
  private readonly items = new Emitter<readonly SessionItem[]>((e) => {
    throw e;
  });
  private readonly states = new Emitter<LiveState>((e) => {
    throw e;
  });
  readonly onItems = this.items.event;
  readonly onState = this.states.event;
  readonly subscription: LiveSubscription;

  constructor(
    readonly id: string,
    readonly label: string,
    topics: string[] = ['DataPoint'],
  ) {
    this.subscription = { accountLabel: 'Local simulator', host: '127.0.0.1', monitorId: 42, topics, format: 'json', compression: 'none', batchSize: 100, batchDuration: 10 };
  }

  emit(items: SessionItem[]): void {
    this.items.fire(items);
  }

  setState(s: LiveState): void {
    this.state = s;
    this.states.fire(s);
  }

  get listenerCount(): number {
    return this.items.listenerCount + this.states.listenerCount;
  }
}
