// A bounded queue feeding an async iterator. `push` resolves once the queue is below its
// high-water mark again, so a producer that awaits it slows to the consumer's pace.

export class ItemQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private head = 0;
  private ended = false;
  private error: unknown;
  private waitingConsumer: (() => void) | undefined;
  private waitingProducers: (() => void)[] = [];

  constructor(private readonly highWaterMark: number) {}

  get size(): number {
    return this.items.length - this.head;
  }

  /** Adds items; the promise resolves when the consumer has made room (immediately if there is room). */
  push(batch: readonly T[]): Promise<void> {
    if (this.ended) return Promise.resolve();
    for (const item of batch) this.items.push(item);
    this.wakeConsumer();
    if (this.size < this.highWaterMark) return Promise.resolve();
    return new Promise((resolve) => this.waitingProducers.push(resolve));
  }

  /** No more items; the iterator finishes after draining (or throws `error` if given). */
  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.error = error;
    this.wakeConsumer();
    this.releaseProducers();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    while (true) {
      if (this.size > 0) {
        const item = this.items[this.head];
        this.items[this.head] = undefined as T;
        this.head += 1;
        if (this.head > 1024 && this.head * 2 > this.items.length) {
          this.items = this.items.slice(this.head);
          this.head = 0;
        }
        if (this.size < this.highWaterMark / 2 || this.size === 0) this.releaseProducers();
        yield item;
        continue;
      }
      if (this.ended) {
        if (this.error !== undefined) throw this.error;
        return;
      }
      await new Promise<void>((resolve) => (this.waitingConsumer = resolve));
    }
  }

  private wakeConsumer(): void {
    const w = this.waitingConsumer;
    this.waitingConsumer = undefined;
    w?.();
  }

  private releaseProducers(): void {
    const ps = this.waitingProducers;
    this.waitingProducers = [];
    for (const p of ps) p();
  }
}
