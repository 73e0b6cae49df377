// Every timer the simulator starts goes through one registry, so close() can clear them
// all and no test leaves a handle keeping the process alive.

export class Timers {
  private readonly timeouts = new Set<NodeJS.Timeout>();
  private readonly immediates = new Set<NodeJS.Immediate>();
  private closed = false;

  timeout(fn: () => void, ms: number): NodeJS.Timeout | undefined {
    if (this.closed) return undefined;
    const t = setTimeout(() => {
      this.timeouts.delete(t);
      fn();
    }, Math.max(0, ms));
    this.timeouts.add(t);
    return t;
  }

  interval(fn: () => void, ms: number): NodeJS.Timeout | undefined {
    if (this.closed) return undefined;
    const t = setInterval(fn, ms);
    this.timeouts.add(t);
    return t;
  }

  immediate(fn: () => void): NodeJS.Immediate | undefined {
    if (this.closed) return undefined;
    const i = setImmediate(() => {
      this.immediates.delete(i);
      fn();
    });
    this.immediates.add(i);
    return i;
  }

  clear(t: NodeJS.Timeout | undefined): void {
    if (!t) return;
    clearTimeout(t);
    this.timeouts.delete(t);
  }

  clearAll(): void {
    this.closed = true;
    for (const t of this.timeouts) clearTimeout(t);
    for (const i of this.immediates) clearImmediate(i);
    this.timeouts.clear();
    this.immediates.clear();
  }
}
