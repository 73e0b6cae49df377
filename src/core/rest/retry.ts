// Backoff for throttled / briefly unavailable REST calls. Defaults follow
// python-devicecloud (push-protocol §1.3.5): 5 retries at 1, 1.5, 2.25, … s, capped at 10 s.

export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries?: number;
  /** Delay before the first retry, ms. */
  baseDelayMs?: number;
  /** Growth per retry. */
  factor?: number;
  /** Upper bound on any delay, including one the server asks for with Retry-After. */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: Readonly<Required<RetryOptions>> = {
  maxRetries: 5,
  baseDelayMs: 1000,
  factor: 1.5,
  maxDelayMs: 10_000,
};

export function resolveRetry(options: RetryOptions = {}): Required<RetryOptions> {
  const o = { ...DEFAULT_RETRY, ...options };
  for (const [k, v] of Object.entries(o)) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`retry.${k} must be a non-negative number`);
  }
  return { ...o, maxRetries: Math.floor(o.maxRetries) };
}

/** Statuses worth another try. 502/504 only for idempotent methods: a gateway error
 *  on POST may hide a monitor that was created after all. */
export function isRetryableStatus(status: number, method: string): boolean {
  if (status === 429 || status === 503) return true;
  return (status === 502 || status === 504) && method !== 'POST';
}

/**
 * Retry-After as milliseconds from `now`: either delta-seconds or an HTTP-date.
 * Undefined when absent or unreadable (the caller then uses its own backoff).
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Delay before retry number `retry` (0-based): the server's wish if it stated one, else exponential; always capped. */
export function retryDelayMs(retry: number, o: Required<RetryOptions>, retryAfterMs?: number): number {
  const wanted = retryAfterMs ?? o.baseDelayMs * Math.pow(o.factor, retry);
  return Math.round(Math.min(o.maxDelayMs, Math.max(0, wanted)));
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts; leaves no timer behind. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
