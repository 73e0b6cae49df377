// A push session on a fake clock over in-memory streams (the `connect` and `clock` seams):
// the connect timeout and the backoff run when the test moves the clock, not in real time.
import assert from 'node:assert/strict';
import { PushSession, type SessionState } from '../../src/core/session';
import { FakeClock, settle } from './fakeClock';

export type SessionOptions = ConstructorParameters<typeof PushSession>[0];
export type SessionCallback = ConstructorParameters<typeof PushSession>[1];

/** Short delays without jitter: 10, 20, 40, 50, 50… ms. */
export const fastRetry = { initialDelayMs: 10, maxDelayMs: 50, jitter: 0 };

/** `server.connect` may be replaced (e.g. to refuse) through `extra.connect`. */
export function fakeTimeSession(server: { connect: SessionOptions['connect'] }, extra: Partial<SessionOptions> = {}, cb?: SessionCallback) {
  const clock = new FakeClock(1_000_000);
  const s = new PushSession(
    { host: 'push.test', port: 3200, secure: false, username: 'u', password: 'secret-pw', monitorId: 77, reconnect: fastRetry, connect: server.connect, clock, ...extra },
    cb,
  );
  const states: SessionState[] = [];
  s.on('state', (st) => states.push(st));
  return { s, clock, states };
}

/** The delay of every retry scheduled so far, in order. */
export const retryDelays = (states: readonly SessionState[]): number[] => states.flatMap((st) => (st.kind === 'reconnecting' ? [st.delayMs] : []));

/** Settles I/O and promise chains until `predicate` holds, without moving the fake clock. */
export async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i++) await settle(1);
  assert.ok(predicate(), `not reached without moving the clock: ${what}`);
}
