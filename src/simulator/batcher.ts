// When the next PublishMessage goes out (push-protocol §3.5): as soon as monBatchSize
// events are waiting, or monBatchDuration after the first event of the batch arrived,
// whichever comes first. Replayed events (stored while the monitor was suspended) go out
// at once in full-size batches: they have waited long enough.

export type BatchDecision = { send: number } | { waitUntil: number };

export interface QueueHead {
  /** Events waiting. */
  length: number;
  /** Arrival time (ms) of the oldest waiting event. */
  headAt: number;
  headReplay: boolean;
}

export function nextBatch(q: QueueHead, batchSize: number, durationMs: number, now: number): BatchDecision {
  const send = Math.min(batchSize, q.length);
  if (send === batchSize || q.headReplay || durationMs <= 0) return { send };
  const due = q.headAt + durationMs;
  return now >= due ? { send } : { waitUntil: due };
}
