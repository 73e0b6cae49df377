import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isTcpMonitor,
  monitorCreateXml,
  parseCreatedId,
  parseMonitorPage,
  parseServerError,
  parseXml,
  splitTopics,
  topicResource,
  validateTopics,
} from '../../src/core/monitor';

test('create body carries every setting and escapes text', () => {
  const xml = monitorCreateXml({
    topics: ['DeviceCore', 'DataPoint/00000000-00000000-00409DFF-FF000000'],
    batchSize: 1,
    batchDuration: 60,
    compression: 'gzip',
    format: 'json',
    ackOption: 'explicit',
    autoReplayOnConnect: true,
    description: 'a <b> & "c"',
  });
  const m = parseXml(xml)?.Monitor as Record<string, string>;
  assert.deepEqual(m, {
    monTopic: 'DeviceCore,DataPoint/00000000-00000000-00409DFF-FF000000',
    monTransportType: 'tcp',
    monBatchSize: '1',
    monBatchDuration: '60',
    monFormatType: 'json',
    monCompression: 'gzip',
    monAckOption: 'explicit',
    monAutoReplayOnConnect: 'true',
    monDescription: 'a <b> & "c"',
  });
  assert.doesNotMatch(xml, /<b>/);
});

test('JSON list envelope with string counters', () => {
  const page = parseMonitorPage(JSON.stringify({
    resultTotalRows: '3', requestedStartRow: '1', resultSize: '1', requestedSize: '1', remainingSize: '1',
    items: [{ monId: '178007', cstId: '7603', monTopic: 'DeviceCore,FileData', monTransportType: 'tcp', monFormatType: 'json', monBatchSize: '1', monBatchDuration: '10', monCompression: 'zlib', monStatus: 'INACTIVE', monAutoReplayOnConnect: 'true' }],
  }));
  assert.deepEqual([page.totalRows, page.start, page.size, page.remaining], [3, 1, 1, 1]);
  const m = page.items[0];
  assert.equal(m.id, 178007);
  assert.deepEqual(m.topics, ['DeviceCore', 'FileData']);
  assert.equal(m.status, 'INACTIVE');
  assert.equal(m.autoReplayOnConnect, true);
  assert.equal(m.batchDuration, 10);
});

test('XML list envelope with one and with several monitors', () => {
  const one = '<?xml version="1.0" encoding="ISO-8859-1"?><result><resultTotalRows>1</resultTotalRows><requestedStartRow>0</requestedStartRow><resultSize>1</resultSize><requestedSize>1000</requestedSize><remainingSize>0</remainingSize><Monitor><monId>5</monId><monTopic>DeviceCore</monTopic><monTransportType>tcp</monTransportType></Monitor></result>';
  assert.deepEqual(parseMonitorPage(one).items.map((m) => m.id), [5]);
  const two = one.replace('</result>', '<Monitor><monId>6</monId><monTopic>DataPoint</monTopic></Monitor></result>');
  assert.deepEqual(parseMonitorPage(two).items.map((m) => [m.id, m.topics[0]]), [[5, 'DeviceCore'], [6, 'DataPoint']]);
});

test('malformed list bodies are rejected with a reason', () => {
  assert.throws(() => parseMonitorPage('{"items":'), /not valid JSON/);
  assert.throws(() => parseMonitorPage('{"items":3}'), /not an array/);
  assert.throws(() => parseMonitorPage('<html>oops</html>'), /no <result>/);
});

test('created id from header or body', () => {
  assert.equal(parseCreatedId('Monitor/178008', ''), 178008);
  assert.equal(parseCreatedId(undefined, '<result>\n  <location>Monitor/42</location>\n</result>'), 42);
  assert.equal(parseCreatedId(undefined, '<result/>'), undefined);
});

test('server error text in XML and JSON', () => {
  assert.equal(parseServerError('<result><error>POST Monitor error. Invalid request. Invalid monTopic specified</error></result>'), 'POST Monitor error. Invalid request. Invalid monTopic specified');
  assert.equal(parseServerError('{"error":["GET Monitor error. Error reading Monitor entity id=\'12123\'"]}'), "GET Monitor error. Error reading Monitor entity id='12123'");
  assert.equal(parseServerError(''), undefined);
});

test('topic validation knows the resources and the prefix/suffix forms', () => {
  assert.equal(topicResource('[operation=U]DeviceCore'), 'DeviceCore');
  assert.equal(topicResource('DeviceCore[U]'), 'DeviceCore');
  assert.equal(topicResource('[group=Staging]FileData/*.*'), 'FileData');
  assert.equal(validateTopics(['DeviceCore', 'DataPoint/*/cl1/cval']), undefined);
  assert.match(validateTopics(['DeviceCor']) ?? '', /unknown topic resource "DeviceCor"/);
  assert.match(validateTopics([]) ?? '', /at least one/);
  assert.equal(validateTopics(['[operation=C,U]DeviceCore']), undefined);
  assert.deepEqual(splitTopics('[operation=C,U]DeviceCore,DataPoint'), ['[operation=C,U]DeviceCore', 'DataPoint']);
  assert.match(validateTopics(['DeviceCore,DataPoint']) ?? '', /comma outside/);
});

test('isTcpMonitor: tcp in any case, or no transport (the server default); http and polling are not', () => {
  for (const transport of ['tcp', 'TCP', '']) assert.equal(isTcpMonitor({ transport }), true, transport);
  for (const transport of ['http', 'polling', 'tcpx']) assert.equal(isTcpMonitor({ transport }), false, transport);
});
