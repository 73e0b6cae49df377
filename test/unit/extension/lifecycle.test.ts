import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DisposableStore, Emitter, toDisposable, type DisposableLike } from '../../../src/extension/lifecycle';

test('Emitter: fires to every listener; a throwing one is reported and the others still run', () => {
  const errors: unknown[] = [];
  const e = new Emitter<number>((x) => errors.push(x));
  const got: string[] = [];
  e.event((v) => got.push(`a${v}`));
  e.event(() => {
    throw new Error('boom');
  });
  e.event((v) => got.push(`c${v}`));
  e.fire(1);
  assert.deepEqual(got, ['a1', 'c1']);
  assert.equal((errors[0] as Error).message, 'boom');
  assert.equal(e.listenerCount, 3);
});

test('Emitter: dispose of a subscription removes it; thisArgs and disposables work like vscode.Event', () => {
  const e = new Emitter<void>();
  let n = 0;
  const sub = e.event(() => n++);
  e.fire();
  sub.dispose();
  e.fire();
  assert.equal(n, 1);

  const bag: DisposableLike[] = [];
  const self = { count: 0 };
  e.event(
    function (this: typeof self) {
      this.count++;
    },
    self,
    bag,
  );
  e.fire();
  assert.equal(self.count, 1);
  assert.equal(bag.length, 1);
  bag[0].dispose();
  e.fire();
  assert.equal(self.count, 1);
  assert.equal(e.listenerCount, 0);
});

test('Emitter: after dispose no listener is called or added', () => {
  const e = new Emitter<number>();
  let n = 0;
  e.event(() => n++);
  e.dispose();
  e.fire(1);
  e.event(() => n++).dispose();
  e.fire(2);
  assert.equal(n, 0);
  assert.equal(e.listenerCount, 0);
});

test('DisposableStore: disposes in reverse order once; a throwing child does not stop the rest; late adds are disposed at once', () => {
  const order: string[] = [];
  const store = new DisposableStore();
  store.add(toDisposable(() => order.push('a')));
  store.add(
    toDisposable(() => {
      order.push('b');
      throw new Error('x');
    }),
  );
  store.add(toDisposable(() => order.push('c')));
  store.dispose();
  store.dispose();
  assert.deepEqual(order, ['c', 'b', 'a']);
  assert.equal(store.isDisposed, true);
  store.add(toDisposable(() => order.push('late')));
  assert.deepEqual(order, ['c', 'b', 'a', 'late']);
});

test('DisposableStore.clear disposes the children and keeps the store usable', () => {
  const order: string[] = [];
  const store = new DisposableStore();
  store.add(toDisposable(() => order.push('a')));
  store.clear();
  store.add(toDisposable(() => order.push('b')));
  assert.deepEqual(order, ['a']);
  store.dispose();
  assert.deepEqual(order, ['a', 'b']);
});
