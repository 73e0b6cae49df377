// The one clock the library (and the extension and simulator on top of it) reads time
// and starts one-shot timers through. Production code takes a Clock parameter that
// defaults to systemClock; tests pass a fake one (test/helpers/fakeClock.ts) and move
// time by hand instead of sleeping (as MQTT.js's KeepaliveManager and undici's
// lib/util/timers take their timer functions).

/** What setTimeout returned: only the clock that made it can clear it. */
export type TimerHandle = unknown;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer this clock started; undefined and fired timers are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/** Date.now and the global timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout> | undefined),
};

/** Lets the process exit while this timer is pending (Node timers); a no-op for handles without unref. */
export function unrefTimer(handle: TimerHandle): TimerHandle {
  if (handle !== null && typeof handle === 'object' && typeof (handle as { unref?: unknown }).unref === 'function') {
    (handle as { unref(): void }).unref();
  }
  return handle;
}
