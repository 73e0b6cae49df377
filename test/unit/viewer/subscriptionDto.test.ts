// The viewer's SubscriptionDto is the session's LiveSubscription itself (no mapper): what
// the session manager builds from a monitor reaches the webview header as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulatorAccount } from '../../../src/extension/accounts/accountModel';
import { subscriptionOf } from '../../../src/extension/sessions/sessionManager';
import type { SubscriptionDto } from '../../../src/shared/viewerProtocol';
import { stateView, subscriptionText } from '../../../src/webview/format';

test('a session subscription is the header DTO: account, topics, batch, ack and replay shown', () => {
  const sub: SubscriptionDto = subscriptionOf(simulatorAccount('Local simulator'), {
    id: 42,
    topics: ['DataPoint', 'DeviceCore'],
    transport: 'tcp',
    format: 'xml',
    compression: 'zlib',
    batchSize: 100,
    batchDuration: 10,
    ackOption: 'explicit',
    autoReplayOnConnect: true,
    fields: {},
  });
  const text = subscriptionText(sub);
  for (const part of ['#42 DataPoint, DeviceCore', 'xml', 'zlib', 'batch 100 / 10 s', 'ack explicit', 'replay on reconnect', 'Local simulator (localhost)']) {
    assert.ok(text.includes(part), `${part} in ${text}`);
  }
  assert.ok(!subscriptionText({ ...sub, autoReplayOnConnect: false }).includes('replay'));
});

test('every live state and the viewer-only ones have a view', () => {
  assert.equal(stateView({ kind: 'error', message: 'bad' }, 0).tone, 'error');
  assert.equal(stateView({ kind: 'absent' }, 0).tone, 'idle');
  assert.equal(stateView({ kind: 'offline' }, 0).icon, 'file');
});
