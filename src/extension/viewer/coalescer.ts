// Turns bursts of "something changed" into at most one flush per interval, and none
// while the panel is hidden (the pending change is flushed as soon as it is shown again).

/** The clock and one-shot timer a Coalescer runs on (fakes in tests). */
export interface CoalescerTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realCoalescerTimers: CoalescerTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class Coalescer {
  private dirty = false;
  private visible: boolean;
  private timer: unknown = undefined;
  private last = -Infinity;
  private disposed = false;

  constructor(
    private readonly flush: () => void,
    private readonly intervalMs = 100,
    private readonly timers: CoalescerTimers = realCoalescerTimers,
    visible = true,
  ) {
    this.visible = visible;
  }

  /** Something changed: flush soon (at most once per interval, only while visible). */
  request(): void {
    if (this.disposed) return;
    this.dirty = true;
    this.arm();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (!visible && this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (visible) this.arm();
  }

  get pending(): boolean {
    return this.dirty;
  }

  private arm(): void {
    if (!this.dirty || !this.visible || this.timer !== undefined || this.disposed) return;
    const wait = Math.max(0, this.last + this.intervalMs - this.timers.now());
    this.timer = this.timers.setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    this.timer = undefined;
    if (!this.dirty || !this.visible || this.disposed) return;
    this.dirty = false;
    this.last = this.timers.now();
    this.flush();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
