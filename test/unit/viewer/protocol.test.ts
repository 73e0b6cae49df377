import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePersistedState, parseWebviewMessage, VIEWER_PROTOCOL_VERSION } from '../../../src/shared/viewerProtocol';

test('well-formed requests pass validation', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'request', id: 1, method: 'rows', params: { epoch: 2, start: 0, count: 100 } }), {
    type: 'request', id: 1, method: 'rows', params: { epoch: 2, start: 0, count: 100 },
  });
  assert.deepEqual(parseWebviewMessage({ type: 'request', id: 2, method: 'export', params: { format: 'csv' } })?.type, 'request');
  assert.deepEqual(parseWebviewMessage({ type: 'request', id: 3, method: 'pause' }), { type: 'request', id: 3, method: 'pause', params: {} });
  assert.deepEqual(parseWebviewMessage({ type: 'ready', protocol: VIEWER_PROTOCOL_VERSION }), { type: 'ready', protocol: VIEWER_PROTOCOL_VERSION });
});

test('malformed or unknown messages are refused', () => {
  const bad: unknown[] = [
    null, 'x', [], { type: 'request' }, { type: 'request', id: 1, method: 'eval', params: {} },
    { type: 'request', id: 1.5, method: 'rows', params: { epoch: 1, start: 0, count: 1 } },
    { type: 'request', id: 1, method: 'rows', params: { epoch: 1, start: 0, count: -1 } },
    { type: 'request', id: 1, method: 'export', params: { format: 'exe' } },
    { type: 'request', id: 1, method: 'setFilter', params: { filter: { text: 5 } } },
    { type: 'request', id: 1, method: 'setFilter', params: { filter: { text: 'x'.repeat(5000) } } },
    { type: 'request', id: 1, method: 'detail', params: { seq: '1' } },
    { type: 'ready' },
  ];
  for (const b of bad) assert.equal(parseWebviewMessage(b), undefined, JSON.stringify(b)?.slice(0, 80));
});

test('persisted state is checked field by field', () => {
  assert.equal(parsePersistedState({ v: 2, viewKey: 'merged' }), undefined);
  const s = parsePersistedState({ v: 1, viewKey: 'merged', filter: { text: 'a' }, selectedSeq: 'x', detailView: 'evil', follow: false });
  assert.deepEqual(s, { v: 1, viewKey: 'merged', filter: { text: 'a', type: '', device: '', operation: '' }, follow: false, detailOpen: false });
});
