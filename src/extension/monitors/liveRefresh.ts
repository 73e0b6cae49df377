// Re-reads a monitor over REST after its session goes live (the server's status for it
// changed), at most once per monitor per interval. A server that accepts and then drops
// puts a session through `live` on every reconnect; one REST call each time is enough to
// draw 429s on a real account. The first go-live re-reads at once; go-lives within the
// interval after it become one re-read at its end, so the tree still shows the latest status.

import { systemClock, type Clock } from '../../core';
import { Coalescer } from '../viewer/coalescer';

/** At most one re-read per monitor this often, ms. */
export const LIVE_REFRESH_INTERVAL_MS = 30_000;

export class LiveRefreshThrottle {
  private readonly perMonitor = new Map<string, Coalescer>();

  constructor(
    private readonly refresh: (accountId: string, monitorId: number) => void,
    private readonly intervalMs = LIVE_REFRESH_INTERVAL_MS,
    private readonly clock: Clock = systemClock,
  ) {}

  /** A session on this monitor of this account reached `live`. */
  wentLive(accountId: string, monitorId: number): void {
    const key = JSON.stringify([accountId, monitorId]);
    let coalescer = this.perMonitor.get(key);
    if (!coalescer) {
      coalescer = new Coalescer(() => this.refresh(accountId, monitorId), this.intervalMs, this.clock);
      this.perMonitor.set(key, coalescer);
    }
    coalescer.request();
  }

  /** Drops pending re-reads (deactivation). */
  dispose(): void {
    for (const c of this.perMonitor.values()) c.dispose();
    this.perMonitor.clear();
  }
}
