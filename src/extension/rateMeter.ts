// Events per second over a short sliding window of one-second buckets, for the status
// bar and tooltips. Pure: time comes in as `now`.

export class RateMeter {
  // One slot more than the window: the current (partial) second needs its own.
  private readonly buckets: number[];
  private readonly seconds: number[];
  private firstSecond: number | undefined;

  constructor(private readonly windowSeconds = 5) {
    this.buckets = new Array<number>(windowSeconds + 1).fill(0);
    this.seconds = new Array<number>(windowSeconds + 1).fill(-1);
  }

  add(now: number, n = 1): void {
    const sec = Math.floor(now / 1000);
    this.firstSecond ??= sec;
    const i = sec % this.buckets.length;
    if (this.seconds[i] !== sec) {
      this.seconds[i] = sec;
      this.buckets[i] = 0;
    }
    this.buckets[i] += n;
  }

  /**
   * Mean events/s over the last full seconds, at most `windowSeconds` of them (fewer just after
   * the first event, so a new session does not read 0). The current, partial second is left out.
   */
  rate(now: number): number {
    const sec = Math.floor(now / 1000);
    if (this.firstSecond === undefined) return 0;
    const full = Math.min(this.windowSeconds, sec - this.firstSecond);
    if (full <= 0) return 0;
    let sum = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      const s = this.seconds[i];
      if (s < sec && s >= sec - this.windowSeconds) sum += this.buckets[i];
    }
    return sum / full;
  }
}
