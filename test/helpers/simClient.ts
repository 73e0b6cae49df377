// Helpers for tests that run our PushClient against the in-process simulator.
import { startSimulator, DEMO_ACCOUNT, pushClientOptionsFor, sequenceOf, type SimulatorHandle, type SimulatorOptions } from '../../src/simulator';
import { PushClient, type PushClientOptions } from '../../src/core/pushClient';
import type { PushEvent } from '../../src/core/events';

export { DEMO_ACCOUNT, sequenceOf };

export async function startSim(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  return startSimulator({ seed: 7, ...options });
}

/** A client for the simulator's demo account; TLS push verified against its CA unless `secure: false`. */
export function simClient(sim: SimulatorHandle, extra: PushClientOptions = {}): PushClient {
  const secure = extra.secure !== false;
  return new PushClient(
    { username: DEMO_ACCOUNT.username, password: DEMO_ACCOUNT.password },
    {
      ...pushClientOptionsFor(sim, secure),
      retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 50 },
      ...extra,
      session: { reconnect: { initialDelayMs: 10, maxDelayMs: 100, jitter: 0 }, ...extra.session },
    },
  );
}

/** Sequence numbers of events, failing on any event without one. */
export function sequences(events: readonly PushEvent[]): number[] {
  return events.map((e) => {
    const s = sequenceOf(e);
    if (s === undefined) throw new Error(`event without a sequence number: ${e.topic}`);
    return s;
  });
}

/** True when `seqs` is exactly from..from+n-1 in order. */
export function isContiguous(seqs: readonly number[]): boolean {
  for (let i = 1; i < seqs.length; i++) if (seqs[i] !== seqs[i - 1] + 1) return false;
  return true;
}
