// A fixed-capacity FIFO: pushing into a full buffer evicts the oldest item and counts it.
// The backing array grows up to the capacity on demand, so an idle session costs little.

export class RingBuffer<T> {
  private items: T[] = [];
  private head = 0;
  private size = 0;
  private evictedTotal = 0;
  private cap: number;

  constructor(capacity: number) {
    this.cap = RingBuffer.checkCapacity(capacity);
  }

  /** `n` if it is a valid capacity (a positive integer), else a RangeError. */
  static checkCapacity(n: number): number {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`ring buffer capacity must be a positive integer, got ${n}`);
    return n;
  }

  get capacity(): number {
    return this.cap;
  }

  get length(): number {
    return this.size;
  }

  /** Items evicted (by pushes into a full buffer or a smaller capacity) since creation. */
  get evicted(): number {
    return this.evictedTotal;
  }

  /** Appends; returns the evicted oldest item when the buffer was full. */
  push(item: T): T | undefined {
    if (this.size < this.cap) {
      const i = (this.head + this.size) % this.cap;
      if (i === this.items.length) this.items.push(item);
      else this.items[i] = item;
      this.size++;
      return undefined;
    }
    const old = this.items[this.head];
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.cap;
    this.evictedTotal++;
    return old;
  }

  /** Removes and returns the oldest item, counted as evicted; undefined when empty. */
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const old = this.items[this.head];
    // Clear the slot: the evicted item must not stay reachable from the backing array.
    this.items[this.head] = undefined as T;
    this.head = (this.head + 1) % this.cap;
    this.size--;
    this.evictedTotal++;
    return old;
  }

  /** Item `i` counted from the oldest (0), or undefined out of range. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.size || !Number.isInteger(i)) return undefined;
    return this.items[(this.head + i) % this.cap];
  }

  first(): T | undefined {
    return this.at(0);
  }

  last(): T | undefined {
    return this.at(this.size - 1);
  }

  /** Index of the first item for which `lessThan(item)` is false (items must be ordered by it). */
  lowerBound(lessThan: (item: T) => boolean): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lessThan(this.items[(this.head + mid) % this.cap])) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Changes the capacity; shrinking evicts (and counts) the oldest items. */
  setCapacity(capacity: number): number {
    const cap = RingBuffer.checkCapacity(capacity);
    const keep = Math.min(this.size, cap);
    const dropped = this.size - keep;
    const next: T[] = new Array<T>(keep);
    for (let i = 0; i < keep; i++) next[i] = this.items[(this.head + dropped + i) % this.cap];
    this.items = next;
    this.head = 0;
    this.size = keep;
    this.cap = cap;
    this.evictedTotal += dropped;
    return dropped;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.size; i++) yield this.items[(this.head + i) % this.cap];
  }

  toArray(): T[] {
    return [...this];
  }
}
