// Events per second in one-second buckets, for the status bar and tooltips (mean over a few
// seconds) and the viewer's header (the last second, and a sparkline of the last minute).
// Pure: time comes in as `now` (ms since the epoch).

export class RateMeter {
  // One slot more than the window: the current (partial) second needs its own.
  private readonly buckets: number[];
  /** The second each bucket counts (-1: none yet). */
  private readonly seconds: number[];
  private firstSecond: number | undefined;
  private lastSecond = -1;

  /** Keeps the last `windowSeconds` full seconds. */
  constructor(private readonly windowSeconds: number) {
    this.buckets = new Array<number>(windowSeconds + 1).fill(0);
    this.seconds = new Array<number>(windowSeconds + 1).fill(-1);
  }

  /** Counts `n` events at `now`. A clock that steps back counts them in the latest second seen. */
  add(now: number, n = 1): void {
    const sec = Math.max(Math.floor(now / 1000), this.lastSecond);
    this.lastSecond = sec;
    this.firstSecond ??= sec;
    const i = sec % this.buckets.length;
    if (this.seconds[i] !== sec) {
      this.seconds[i] = sec;
      this.buckets[i] = 0;
    }
    this.buckets[i] += n;
  }

  /**
   * Mean events/s over the last `seconds` full seconds (at most the window; fewer just after
   * the first event, so a new session does not read 0). The current, partial second is left out.
   */
  rate(now: number, seconds = this.windowSeconds): number {
    const sec = Math.floor(now / 1000);
    if (this.firstSecond === undefined) return 0;
    const span = Math.min(seconds, this.windowSeconds);
    const full = Math.min(span, sec - this.firstSecond);
    if (full <= 0) return 0;
    let sum = 0;
    for (let s = sec - full; s < sec; s++) sum += this.count(s);
    return sum / full;
  }

  /** Events in each of the last `windowSeconds` full seconds, oldest first. */
  history(now: number): number[] {
    const sec = Math.floor(now / 1000);
    const out: number[] = [];
    for (let s = sec - this.windowSeconds; s < sec; s++) out.push(this.count(s));
    return out;
  }

  private count(second: number): number {
    const i = second % this.buckets.length;
    return this.seconds[i] === second ? this.buckets[i] : 0;
  }
}
