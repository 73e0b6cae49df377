// Open-handle and memory bookkeeping for the leak checks: counts of
// process.getActiveResourcesInfo() by type, a bounded wait for them to settle back to a
// baseline (closes finish over a few event-loop turns; no sleeps), and a forced GC.

import v8 from 'node:v8';
import vm from 'node:vm';

export type ResourceCounts = Record<string, number>;

export function activeResources(): ResourceCounts {
  const out: ResourceCounts = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

/** Types whose count is above the baseline, as `Type +n`. */
export function excess(base: ResourceCounts, now: ResourceCounts): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(now)) if (v > (base[k] ?? 0)) out.push(`${k} +${v - (base[k] ?? 0)}`);
  return out;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Waits (event-loop turns, bounded by `maxMs`) until no resource type is above `base`
 * (types in `ignore` aside); returns what is still above it.
 */
export async function settleTo(base: ResourceCounts, maxMs = 2000, ignore: readonly string[] = []): Promise<string[]> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const left = excess(base, activeResources()).filter((e) => !ignore.some((i) => e.startsWith(`${i} `)));
    if (left.length === 0 || Date.now() > deadline) return left;
    await turn();
  }
}

let gcFn: (() => void) | undefined;

/** A full GC: global.gc when node ran with --expose-gc, else one enabled at run time. */
export function forceGc(): void {
  if (!gcFn) {
    const g = (globalThis as { gc?: () => void }).gc;
    if (g) gcFn = g;
    else {
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc') as () => void;
    }
  }
  gcFn();
}

/** Heap used after two full GCs (finalizers run between them). */
export async function settledHeap(): Promise<number> {
  forceGc();
  await turn();
  forceGc();
  return process.memoryUsage().heapUsed;
}
