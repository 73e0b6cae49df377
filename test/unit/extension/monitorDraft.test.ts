import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatOnly as t } from '../../../src/extension/l10n';
import {
  batchDurationError,
  batchSizeError,
  DEFAULT_DRAFT,
  describeDraft,
  draftError,
  draftFrom,
  parseTopicList,
  TOPIC_PRESETS,
  toSettings,
  topicsError,
} from '../../../src/extension/wizard/monitorDraft';
import { validateTopics } from '../../../src/core/monitor';

test('every topic preset is valid for the server', () => {
  for (const p of TOPIC_PRESETS) assert.equal(validateTopics([p.topic]), undefined, p.topic);
});

test('topic input: commas or lines, validated by the core', () => {
  assert.deepEqual(parseTopicList('DeviceCore, DataPoint/abc\nFileData'), ['DeviceCore', 'DataPoint/abc', 'FileData']);
  assert.equal(topicsError('DeviceCore,[operation=U]DataPoint', t), undefined);
  assert.match(topicsError('DeviceCor', t) ?? '', /unknown topic resource "DeviceCor".*Known resources: alert_status/);
  assert.match(topicsError('', t) ?? '', /at least one topic/);
});

test('batch fields accept whole numbers in range only', () => {
  assert.equal(batchSizeError('100', t), undefined);
  for (const bad of ['0', '10001', '1.5', '-1', 'abc', '']) assert.ok(batchSizeError(bad, t), bad);
  assert.equal(batchDurationError('0', t), undefined);
  assert.ok(batchDurationError('3601', t));
});

test('drafts from command arguments are checked as a whole', () => {
  assert.equal(draftError(draftFrom(undefined), t), undefined);
  assert.match(draftError(draftFrom({ topics: ['Nope'] }), t) ?? '', /unknown topic resource/);
  assert.match(draftError(draftFrom({ batchSize: 0 }), t) ?? '', /batch size/);
  assert.match(draftError(draftFrom({ format: 'yaml' as 'json' }), t) ?? '', /format/);
  assert.deepEqual(DEFAULT_DRAFT.topics, ['DeviceCore', 'DataPoint']);
});

test('settings sent to the server, and a one-line summary', () => {
  const s = toSettings(draftFrom({ ackOption: 'explicit', autoReplayOnConnect: true }));
  assert.deepEqual(s, {
    topics: ['DeviceCore', 'DataPoint'], format: 'json', compression: 'zlib', batchSize: 100, batchDuration: 1,
    ackOption: 'explicit', autoReplayOnConnect: true, description: 'Created by Digi Push Monitor for VS Code',
  });
  assert.equal(describeDraft(draftFrom({}), t), 'JSON · zlib · batches of ≤ 100 / ≤ 1 s · lossless');
  assert.equal(describeDraft(draftFrom({ ackOption: 'off', autoReplayOnConnect: false }), t), 'JSON · zlib · batches of ≤ 100 / ≤ 1 s · no ack · auto-replay off');
});
