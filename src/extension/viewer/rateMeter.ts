// Events per second in one-second buckets, for the header's rate and sparkline.

export class RateMeter {
  private readonly counts: number[];
  /** Second (epoch ms / 1000, floored) that counts[last] belongs to. */
  private second = -1;
  private pos = 0;

  constructor(seconds = 60) {
    this.counts = new Array<number>(seconds + 1).fill(0);
  }

  private advance(nowMs: number): void {
    const s = Math.floor(nowMs / 1000);
    if (this.second < 0) {
      this.second = s;
      return;
    }
    if (s <= this.second) return;
    const steps = Math.min(s - this.second, this.counts.length);
    for (let i = 0; i < steps; i++) {
      this.pos = (this.pos + 1) % this.counts.length;
      this.counts[this.pos] = 0;
    }
    this.second = s;
  }

  add(n: number, nowMs: number): void {
    this.advance(nowMs);
    this.counts[this.pos] += n;
  }

  /** Count of the last complete second. */
  rate(nowMs: number): number {
    this.advance(nowMs);
    return this.counts[(this.pos + this.counts.length - 1) % this.counts.length];
  }

  /** The last `seconds` complete seconds, oldest first. */
  history(nowMs: number): number[] {
    this.advance(nowMs);
    const n = this.counts.length;
    const out: number[] = [];
    for (let i = n - 1; i >= 1; i--) out.push(this.counts[(this.pos - i + n) % n]);
    return out;
  }
}
