// Seeded, reproducible randomness for the fuzzer and the soak run (not for secrets).
// Case i of seed s always gets the same generator: `caseRng(s, i)`, so any finding can be
// replayed alone with `npm run fuzz -- --seed s --case i`.

import { Random } from '../src/simulator/random';

/** The simulator's mulberry32 generator plus what the fuzzer needs on top. */
export class Prng extends Random {
  u32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  /** Picks by weight: [[weight, value], …]. */
  weighted<T>(table: readonly (readonly [number, T])[]): T {
    let total = 0;
    for (const [w] of table) total += w;
    let r = this.next() * total;
    for (const [w, v] of table) {
      r -= w;
      if (r < 0) return v;
    }
    return table[table.length - 1][1];
  }

  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = (this.next() * 256) | 0;
    return b;
  }
}

/** splitmix32-style mix of (seed, index) into an independent 32-bit seed. */
export function mixSeed(seed: number, index: number): number {
  let z = (seed ^ Math.imul(index >>> 0, 0x9e3779b9) ^ Math.floor(index / 4294967296)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

export function caseRng(seed: number, index: number): Prng {
  return new Prng(mixSeed(seed, index));
}

/** A fresh random seed, printed by the tools so the run can be repeated. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff) + 1;
}
