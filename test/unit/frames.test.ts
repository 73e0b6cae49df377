import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync, inflateSync } from 'node:zlib';
import {
  decodeAck,
  decodeConnectRequest,
  decodeConnectResponse,
  decodePublishMessage,
  encodeAck,
  encodeConnectRequest,
  encodeConnectResponse,
  encodePublishMessage,
} from '../../src/core/protocol/frames';
import { FrameDecoder } from '../../src/core/protocol/frameDecoder';
import { encodeLegacyAck } from '../helpers/legacyAck';
import { ProtocolError } from '../../src/core/errors';
import { hex, JSON_PAYLOAD, VECTORS, XML_BATCH } from '../helpers/vectors';

test('ConnectRequest vectors encode byte for byte and decode back', () => {
  const a = encodeConnectRequest({ username: 'testuser', password: 'testpass', monitorId: 12345 });
  assert.equal(a.toString('hex'), VECTORS.connectRequestTestuser);
  const b = encodeConnectRequest({ username: 'pepsi', password: 'cola', monitorId: 0x104 });
  assert.equal(b.toString('hex'), VECTORS.connectRequestPepsi);
  assert.equal(b.readUInt32BE(2), 0x13);
  assert.deepEqual(decodeConnectRequest(a.subarray(6)), { version: 1, username: 'testuser', password: 'testpass', monitorId: 12345 });
});

test('ConnectRequest counts UTF-8 bytes, not characters', () => {
  const f = encodeConnectRequest({ username: 'jürgen', password: 'pässwörd€', monitorId: 7 });
  assert.equal(f.readUInt16BE(8), Buffer.byteLength('jürgen'));
  assert.deepEqual(decodeConnectRequest(f.subarray(6)), { version: 1, username: 'jürgen', password: 'pässwörd€', monitorId: 7 });
});

test('ConnectResponse and ack vectors', () => {
  assert.equal(encodeConnectResponse(200).toString('hex'), VECTORS.connectResponseOk);
  assert.equal(encodeConnectResponse(403).toString('hex'), VECTORS.connectResponse403);
  assert.equal(encodeConnectResponse(400).toString('hex'), VECTORS.connectResponse400);
  assert.deepEqual(decodeConnectResponse(hex(VECTORS.connectResponse403).subarray(6)), { status: 403, version: 1 });
  assert.equal(encodeAck(1).toString('hex'), VECTORS.ackBlock1);
  assert.equal(encodeAck(0x1a7).toString('hex'), VECTORS.ackBlock1A7);
  assert.equal(encodeLegacyAck(1).toString('hex'), VECTORS.legacyAckBlock1);
  assert.deepEqual(decodeAck(hex(VECTORS.ackBlock1A7).subarray(6)), { blockId: 0x1a7, status: 200 });
});

test('PublishMessage uncompressed JSON vector round-trips byte for byte', () => {
  const frame = encodePublishMessage({ blockId: 1, count: 1, compression: 0, format: 1, payload: Buffer.from(JSON_PAYLOAD) });
  assert.equal(frame.toString('hex'), VECTORS.publishJsonBlock1);
  const msg = decodePublishMessage(frame.subarray(6));
  assert.equal(msg.payload.toString(), JSON_PAYLOAD);
  assert.deepEqual([msg.blockId, msg.count, msg.compression, msg.format], [1, 1, 0, 1]);
});

test('PublishMessage zlib vector: headers decode and the body inflates to the JSON payload', () => {
  const v = hex(VECTORS.publishZlibBlock2);
  assert.equal(v.readUInt32BE(2), v.length - 6);
  const msg = decodePublishMessage(v.subarray(6));
  assert.deepEqual([msg.blockId, msg.count, msg.compression, msg.format, msg.payload.length], [2, 1, 1, 1, 173]);
  assert.equal(inflateSync(msg.payload).toString(), JSON_PAYLOAD);
  // Re-encoding with our zlib round-trips (compressed bytes may differ between zlib builds).
  const re = encodePublishMessage({ ...msg, payload: deflateSync(Buffer.from(JSON_PAYLOAD)) });
  const back = decodePublishMessage(re.subarray(6));
  assert.equal(re.readUInt32BE(2), 10 + back.payload.length);
  assert.equal(inflateSync(back.payload).toString(), JSON_PAYLOAD);
});

test('XML batch vector header: block 3, count 2, 493-byte payload', () => {
  assert.equal(Buffer.byteLength(XML_BATCH), 493);
  const frame = encodePublishMessage({ blockId: 3, count: 2, compression: 0, format: 0, payload: Buffer.from(XML_BATCH) });
  assert.equal(frame.subarray(0, 16).toString('hex'), '0003000001f7' + '000300020000000001ed');
  assert.equal(frame.length, 509);
});

test('malformed bodies give ProtocolError naming the problem', () => {
  assert.throws(() => decodeConnectResponse(Buffer.alloc(3)), /ConnectResponse: body is 3 bytes/);
  assert.throws(() => decodePublishMessage(Buffer.alloc(4)), ProtocolError);
  const bad = Buffer.alloc(12);
  bad.writeUInt32BE(50, 6);
  assert.throws(() => decodePublishMessage(bad), /payloadSize 50 exceeds the 2 bytes/);
  const req = encodeConnectRequest({ username: 'a', password: 'b', monitorId: 1 }).subarray(6);
  assert.throws(() => decodeConnectRequest(req.subarray(0, req.length - 1)), /malformed ConnectRequest/);
  assert.throws(() => encodeAck(70000), RangeError);
});

test('server-side decoder accepts both the 10-byte and the legacy 6-byte ack', () => {
  const d = new FrameDecoder({ acceptLegacyAcks: true });
  const stream = Buffer.concat([hex(VECTORS.legacyAckBlock1), hex(VECTORS.ackBlock1A7), encodeLegacyAck(0), encodeAck(2)]);
  const acks = [];
  for (const byte of stream) for (const f of d.push(Buffer.from([byte]))) acks.push(decodeAck(f.body));
  assert.deepEqual(acks, [
    { blockId: 1, status: 200 },
    { blockId: 0x1a7, status: 200 },
    { blockId: 0, status: 200 },
    { blockId: 2, status: 200 },
  ]);
});
