// Assertions on the typed errors of the library.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { PushMonitorError } from '../../src/core/errors';

/** Asserts `p` rejects with a PushMonitorError of `code` and returns it. */
export async function rejectsWith(p: Promise<unknown>, code: string): Promise<PushMonitorError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof PushMonitorError, `expected PushMonitorError, got ${inspect(e)}`);
    assert.equal(e.code, code, e.message);
    return e;
  }
  assert.fail(`expected a ${code} error`);
}

/** Runs calls expected to fail and keeps every way their errors could be shown: String(), inspect() and the stack. */
export function errorRecorder(): { texts: string[]; record(p: Promise<unknown>): Promise<void> } {
  const texts: string[] = [];
  return {
    texts,
    async record(p) {
      try {
        await p;
      } catch (e) {
        texts.push(String(e), inspect(e, { depth: 10 }), e instanceof Error ? (e.stack ?? '') : '');
      }
    },
  };
}
