// The webview's persisted state is untrusted: a capture view key is a random id the host
// maps to a URI it stored itself, so a forged `capture:<uri>` makes the host read nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePersistedState } from '../../../src/shared/viewerProtocol';
import {
  CAPTURE_REGISTRY_KEY, CaptureRegistry, MAX_REMEMBERED_CAPTURES, restoreTarget, type MementoLike,
} from '../../../src/extension/viewer/captureRegistry';
import { decodeViewKey, encodeViewKey } from '../../../src/extension/viewer/viewKey';

const captureViewKey = (id: string) => encodeViewKey({ kind: 'capture', id });

class Memento implements MementoLike {
  readonly data = new Map<string, unknown>();
  get(key: string): unknown {
    return this.data.get(key);
  }
  update(key: string, value: unknown): Promise<void> {
    this.data.set(key, structuredClone(value));
    return Promise.resolve();
  }
}

const FILE = 'file:///home/me/captures/run%201.dpmcapture';

test('a capture view key is an opaque id, not the file', () => {
  const reg = new CaptureRegistry(new Memento());
  const key = captureViewKey(reg.register(FILE));
  assert.match(key, /^capture:[A-Za-z0-9_-]{22}$/);
  assert.ok(!key.includes('file') && !key.includes('captures'));
  assert.notEqual(captureViewKey(new CaptureRegistry(new Memento()).register(FILE)), key, 'ids are random');
});

test('forged capture keys from the webview are refused; known ones restore after a reload', () => {
  const memento = new Memento();
  const id = new CaptureRegistry(memento).register(FILE);
  const key = captureViewKey(id);
  const reloaded = new CaptureRegistry(memento);
  const restore = (state: unknown) => restoreTarget(parsePersistedState(state)?.viewKey, reloaded);
  const state = (viewKey: string) => ({ v: 1, viewKey, filter: {}, follow: true, detailOpen: false });

  assert.deepEqual(restore(state(key)), { kind: 'capture', id, uri: FILE });
  for (const forged of ['capture:file:///etc/passwd', 'capture:vscode-remote://x/etc/shadow', 'capture:', `capture:${'A'.repeat(22)}`, `${key}x`, `capture:${FILE}`]) {
    assert.equal(restore(state(forged)).kind, 'refused', forged);
  }
  assert.deepEqual(restore(state('source:acc/42')), { kind: 'live', id: 'acc/42' });
  assert.deepEqual(restore(state('merged')), { kind: 'merged' });
  assert.deepEqual(restore(undefined), { kind: 'merged' });
});

test('opening a file again reuses its id; the registry keeps the most recent files only', () => {
  const memento = new Memento();
  const reg = new CaptureRegistry(memento);
  const first = reg.register(FILE);
  assert.equal(reg.find(FILE), first);
  assert.equal(reg.find('file:///other'), undefined);
  for (let i = 0; i < MAX_REMEMBERED_CAPTURES; i++) reg.register(`file:///c/${i}`);
  assert.equal(reg.uriOf(first), undefined, 'the oldest is forgotten');
  assert.equal((memento.get(CAPTURE_REGISTRY_KEY) as unknown[]).length, MAX_REMEMBERED_CAPTURES);
  const again = reg.register('file:///c/0');
  assert.equal(reg.register('file:///c/0'), again);
  assert.equal((memento.get(CAPTURE_REGISTRY_KEY) as unknown[]).length, MAX_REMEMBERED_CAPTURES);
});

test('malformed stored entries are ignored', () => {
  const memento = new Memento();
  memento.data.set(CAPTURE_REGISTRY_KEY, [['short', FILE], [42, FILE], 'x', ['B'.repeat(22), ''], ['C'.repeat(22), FILE], ['D'.repeat(22), 'u'.repeat(10_000)]]);
  const reg = new CaptureRegistry(memento);
  assert.equal(reg.uriOf('C'.repeat(22)), FILE);
  assert.equal(reg.uriOf('B'.repeat(22)), undefined);
  assert.equal(reg.uriOf('D'.repeat(22)), undefined);
  assert.equal(new CaptureRegistry({ get: () => ({ not: 'an array' }), update: () => Promise.resolve() }).find(FILE), undefined);
});

test('view keys: one codec for source, merged and capture keys', () => {
  for (const key of [{ kind: 'source', id: 'acc/42' }, { kind: 'merged' }, { kind: 'capture', id: 'A'.repeat(22) }] as const) {
    assert.deepEqual(decodeViewKey(encodeViewKey(key)), key);
  }
  assert.equal(encodeViewKey({ kind: 'source', id: 'acc/42' }), 'source:acc/42');
  assert.equal(encodeViewKey({ kind: 'merged' }), 'merged');
  assert.equal(decodeViewKey('file:///etc/passwd'), undefined);
  assert.equal(decodeViewKey(''), undefined);
});
