// Turns bursts of "something changed" into at most one flush per interval, and none
// while the panel is hidden (the pending change is flushed as soon as it is shown again).

import { systemClock, type Clock, type TimerHandle } from '../../core';

export class Coalescer {
  private dirty = false;
  private visible: boolean;
  private timer: TimerHandle = undefined;
  private last = -Infinity;
  private disposed = false;

  constructor(
    private readonly flush: () => void,
    private readonly intervalMs = 100,
    /** The clock and one-shot timer it runs on (fake in tests). */
    private readonly timers: Clock = systemClock,
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
