// When the tree redraws: each change asks for a redraw within its own delay (the earliest
// pending one wins), and while sessions run a tick every second keeps ages and
// "reconnecting in N s" current. Runs on an injected Clock, so tests move time by hand.

import { systemClock, type Clock, type TimerHandle } from '../../core';

export const TICK_MS = 1000;

export class RedrawSchedule {
  private timer: TimerHandle | undefined;
  private timerDue = 0;
  private ticker: TimerHandle | undefined;

  constructor(
    private readonly redraw: () => void,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Redraws within `delayMs`; an earlier pending redraw wins. */
  request(delayMs = 0): void {
    const due = this.clock.now() + delayMs;
    if (this.timer !== undefined && this.timerDue <= due) return;
    this.cancel();
    this.timerDue = due;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.redraw();
    }, delayMs);
  }

  /** Drops the pending redraw (the owner is redrawing now). */
  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Turns the once-a-second tick on or off. */
  setTicking(on: boolean): void {
    if (on && this.ticker === undefined) this.armTick();
    if (!on && this.ticker !== undefined) {
      this.clock.clearTimeout(this.ticker);
      this.ticker = undefined;
    }
  }

  private armTick(): void {
    this.ticker = this.clock.setTimeout(() => {
      this.armTick();
      this.request(0);
    }, TICK_MS);
  }

  dispose(): void {
    this.cancel();
    this.setTicking(false);
  }
}
