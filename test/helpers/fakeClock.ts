// A Clock (src/core/clock.ts) that moves only when the test says so. Timers fire in due
// order (ties in the order they were set) as advance() passes their time; a timer set by
// a firing timer fires in the same advance() if it falls due within it. The async forms
// let I/O and promise chains settle after each timer, for code (a push session over an
// in-memory stream) that reacts to a timer with more asynchronous work.
import type { Clock, TimerHandle } from '../../src/core/clock';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

/** Lets queued process.nextTick callbacks, promise reactions and stream events run. */
export async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(start = 0) {
    this.t = start;
  }

  // Arrow properties, so `clock.now` can be handed on alone (as a `now: () => number` option).
  now = (): number => this.t;

  setTimeout = (fn: () => void, ms: number): TimerHandle => {
    const id = ++this.seq;
    this.pending.set(id, { at: this.t + Math.max(0, ms), seq: id, fn });
    return id;
  };

  clearTimeout = (handle: TimerHandle): void => {
    this.pending.delete(handle as number);
  };

  /** Timers set and not yet fired or cleared. */
  get armed(): number {
    return this.pending.size;
  }

  /** When the next timer falls due (undefined: none armed). */
  nextDue(): number | undefined {
    return this.due()?.[1].at;
  }

  /** Moves time forward by `ms`, firing every timer due on the way. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (let next = this.due(end); next; next = this.due(end)) this.fire(next);
    this.t = end;
  }

  /** advance(), with I/O and promises settled after each timer and at the end. */
  async advanceAsync(ms: number): Promise<void> {
    const end = this.t + ms;
    await settle();
    for (let next = this.due(end); next; next = this.due(end)) {
      this.fire(next);
      await settle();
    }
    this.t = end;
  }

  /** Jumps to the next timer, fires it and settles; false when none is armed. */
  async runNext(): Promise<boolean> {
    await settle();
    const next = this.due();
    if (!next) return false;
    this.fire(next);
    await settle();
    return true;
  }

  private due(until = Infinity): [number, Pending] | undefined {
    let best: [number, Pending] | undefined;
    for (const entry of this.pending) {
      const p = entry[1];
      if (p.at <= until && (!best || p.at < best[1].at || (p.at === best[1].at && p.seq < best[1].seq))) best = entry;
    }
    return best;
  }

  private fire([id, p]: [number, Pending]): void {
    this.pending.delete(id);
    this.t = Math.max(this.t, p.at);
    p.fn();
  }
}
