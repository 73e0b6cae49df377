// Every timer the simulator starts goes through one registry, so close() can clear them
// all and no test leaves a handle keeping the process alive. The registry keeps track of
// timers; the time itself is the core Clock's (src/core/clock.ts), so a fake clock moves
// the simulator's timers too.

import { systemClock, type Clock, type TimerHandle } from '../core';

/** A timer from timeout() or interval(); clear() takes it. */
export interface SimTimer {
  handle: TimerHandle;
}

export class Timers {
  private readonly timers = new Set<SimTimer>();
  private readonly immediates = new Set<NodeJS.Immediate>();
  private closed = false;

  constructor(private readonly clock: Clock = systemClock) {}

  timeout(fn: () => void, ms: number): SimTimer | undefined {
    if (this.closed) return undefined;
    const t: SimTimer = { handle: undefined };
    t.handle = this.clock.setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, Math.max(0, ms));
    this.timers.add(t);
    return t;
  }

  /** Runs `fn` every `ms` (at least 1) until cleared: a one-shot timer re-armed after each run, as Node re-arms an interval. */
  interval(fn: () => void, ms: number): SimTimer | undefined {
    if (this.closed) return undefined;
    const t: SimTimer = { handle: undefined };
    const arm = () => {
      t.handle = this.clock.setTimeout(() => {
        try {
          fn();
        } finally {
          if (this.timers.has(t)) arm();
        }
      }, Math.max(1, ms));
    };
    arm();
    this.timers.add(t);
    return t;
  }

  immediate(fn: () => void): NodeJS.Immediate | undefined {
    if (this.closed) return undefined;
    const i = setImmediate(() => {
      this.immediates.delete(i);
      fn();
    });
    this.immediates.add(i);
    return i;
  }

  clear(t: SimTimer | undefined): void {
    if (!t) return;
    this.clock.clearTimeout(t.handle);
    this.timers.delete(t);
  }

  clearAll(): void {
    this.closed = true;
    for (const t of this.timers) this.clock.clearTimeout(t.handle);
    for (const i of this.immediates) clearImmediate(i);
    this.timers.clear();
    this.immediates.clear();
  }
}
