// Seeded PRNG (mulberry32) so a `seed` reproduces the same fleet and event stream.
// Not for secrets: certificates and serials use node:crypto.

import { randomInt } from 'node:crypto';

export class Random {
  private state: number;

  constructor(seed: number = randomInt(0, 0x7fffffff)) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** `digits` upper-case hex digits. */
  hex(digits: number): string {
    let s = '';
    while (s.length < digits) s += this.int(0, 0x10000).toString(16).padStart(4, '0');
    return s.slice(0, digits).toUpperCase();
  }
}
