// Exponential backoff with jitter and a cap. Used for push-session reconnects.

export interface BackoffOptions {
  /** Delay before the first retry, ms. */
  initialDelayMs?: number;
  /** Upper bound on any delay, ms. */
  maxDelayMs?: number;
  /** Growth per attempt. */
  factor?: number;
  /** Random spread as a fraction of the delay (0.2 = ±20%), so many clients do not retry in step. */
  jitter?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = {
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  factor: 2,
  jitter: 0.2,
};

/** Delay before retry number `attempt` (1-based). `random` is injectable for tests. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const o = { ...DEFAULT_BACKOFF, ...options };
  const base = Math.min(o.maxDelayMs, o.initialDelayMs * Math.pow(o.factor, Math.max(0, attempt - 1)));
  const spread = base * o.jitter * (random() * 2 - 1);
  return Math.max(0, Math.min(o.maxDelayMs, Math.round(base + spread)));
}

/**
 * How long an accepted push connection must stay up before its end no longer counts as a
 * failed attempt (the next retry then starts again at initialDelayMs), ms. A connection that
 * delivers a batch counts at once. Long enough that a server accepting and then dropping
 * (a block that never decodes, two clients replacing each other) is retried with growing
 * delays instead of about once a second.
 */
export const DEFAULT_STABLE_AFTER_MS = 30_000;
