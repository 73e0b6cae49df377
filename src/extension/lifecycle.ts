// Disposal and events without a vscode import, so the session manager, catalog and
// sinks run under plain Node tests. `vscode.Disposable` is structurally the same shape.

export interface DisposableLike {
  dispose(): unknown;
}

/** Holds children and disposes them in reverse order; late additions are disposed at once. */
export class DisposableStore implements DisposableLike {
  private readonly items: DisposableLike[] = [];
  private disposed = false;

  add<T extends DisposableLike>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const item of this.items.splice(0).reverse()) {
      try {
        item.dispose();
      } catch {
        // One failing child must not keep the others alive.
      }
    }
  }
}

export const toDisposable = (fn: () => void): DisposableLike => ({ dispose: fn });

/**
 * A minimal typed event. A throwing listener is reported to `onListenerError` and does
 * not stop the others (one broken consumer must not starve the tree or the output).
 */
export class Emitter<T> implements DisposableLike {
  private listeners = new Set<(value: T) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  readonly event = (listener: (value: T) => void): DisposableLike => {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  };

  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch (e) {
        this.onListenerError(e);
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  dispose(): void {
    this.listeners.clear();
  }
}
