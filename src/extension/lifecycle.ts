// Disposal and events for the whole extension, without a vscode import, so the session
// manager, catalog, viewer and sinks run under plain Node tests (the shape of VS Code's
// own src/vs/base/common/lifecycle.ts and event.ts, cut down). `vscode.Disposable` and
// `vscode.Event` accept these structurally: an Emitter's `event` can be handed to VS Code
// as a TreeDataProvider's or AuthenticationProvider's change event.

/** Anything that can be disposed (a `vscode.Disposable` is one). */
export interface DisposableLike {
  dispose(): unknown;
}

export const toDisposable = (fn: () => void): DisposableLike => ({ dispose: fn });

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

  /** Disposes the children now and keeps accepting new ones (a re-wiring). */
  clear(): void {
    for (const item of this.items.splice(0).reverse()) {
      try {
        item.dispose();
      } catch {
        // One failing child must not keep the others alive.
      }
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}

/**
 * Subscribes a listener; the result unsubscribes. Same signature as `vscode.Event`: with
 * `thisArgs` the listener is called on it, with `disposables` the subscription is pushed there.
 */
export type Event<T> = (listener: (value: T) => unknown, thisArgs?: unknown, disposables?: DisposableLike[]) => DisposableLike;

/**
 * A typed event source. A throwing listener is reported to `onListenerError` and does
 * not stop the others (one broken consumer must not starve the tree or the output).
 * Listeners added or removed while firing take effect from the next fire.
 */
export class Emitter<T> implements DisposableLike {
  private listeners = new Set<(value: T) => unknown>();
  private disposed = false;

  constructor(private readonly onListenerError: (error: unknown) => void = (e) => console.error('event listener failed', e)) {}

  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    if (this.disposed) return toDisposable(() => {});
    const bound = thisArgs === undefined ? listener : (value: T) => listener.call(thisArgs, value);
    this.listeners.add(bound);
    const subscription = toDisposable(() => this.listeners.delete(bound));
    disposables?.push(subscription);
    return subscription;
  };

  fire(value: T): void {
    this.fireChecked(value);
  }

  /** fire(), and whether every listener returned without throwing (a throw is still reported). */
  fireChecked(value: T): boolean {
    let ok = true;
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch (e) {
        ok = false;
        this.onListenerError(e);
      }
    }
    return ok;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}
