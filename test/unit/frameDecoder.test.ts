import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameDecoder } from '../../src/core/protocol/frameDecoder';
import { encodeAck, encodeConnectResponse, encodeFrame, encodePublishMessage } from '../../src/core/protocol/frames';
import { FrameTooLargeError, ProtocolError } from '../../src/core/errors';
import { JSON_PAYLOAD } from '../helpers/vectors';

function sampleStream(): { bytes: Buffer; frames: Buffer[] } {
  const frames = [
    encodeConnectResponse(200),
    encodePublishMessage({ blockId: 0, count: 1, compression: 0, format: 1, payload: Buffer.from(JSON_PAYLOAD) }),
    encodeFrame(9, Buffer.from('unknown type')),
    encodeFrame(3, Buffer.alloc(0)),
    encodePublishMessage({ blockId: 1, count: 1, compression: 0, format: 1, payload: Buffer.from('{"Document":{}}') }),
    encodeAck(7),
  ];
  return { bytes: Buffer.concat(frames), frames };
}

const asHex = (fs: { type: number; body: Buffer }[]) => fs.map((f) => `${f.type}:${f.body.toString('hex')}`);
const expected = (frames: Buffer[]) => frames.map((f) => `${f.readUInt16BE(0)}:${f.subarray(6).toString('hex')}`);

test('one chunk with many frames yields them all in order', () => {
  const { bytes, frames } = sampleStream();
  assert.deepEqual(asHex(new FrameDecoder().push(bytes)), expected(frames));
});

test('one byte at a time yields the same frames', () => {
  const { bytes, frames } = sampleStream();
  const d = new FrameDecoder();
  const got = [];
  for (let i = 0; i < bytes.length; i++) got.push(...d.push(bytes.subarray(i, i + 1)));
  assert.deepEqual(asHex(got), expected(frames));
  assert.equal(d.bufferedBytes, 0);
});

test('a split at every offset yields the same frames', () => {
  const { bytes, frames } = sampleStream();
  for (let cut = 0; cut <= bytes.length; cut++) {
    const d = new FrameDecoder();
    const got = [...d.push(bytes.subarray(0, cut)), ...d.push(bytes.subarray(cut))];
    assert.deepEqual(asHex(got), expected(frames), `split at ${cut}`);
  }
});

test('three-way splits at many offsets yield the same frames', () => {
  const { bytes, frames } = sampleStream();
  for (let a = 0; a < bytes.length; a += 7) {
    for (let b = a; b <= bytes.length; b += 11) {
      const d = new FrameDecoder();
      const got = [...d.push(bytes.subarray(0, a)), ...d.push(bytes.subarray(a, b)), ...d.push(bytes.subarray(b))];
      assert.deepEqual(asHex(got), expected(frames), `splits at ${a}, ${b}`);
    }
  }
});

test('a frame inside one chunk is returned as a view, not a copy', () => {
  const f = encodeFrame(3, Buffer.alloc(100, 1));
  const chunk = Buffer.concat([f, f]);
  const [first] = new FrameDecoder().push(chunk);
  assert.equal(first.body.buffer, chunk.buffer);
});

test('an oversized length is rejected from the header, before its bytes arrive', () => {
  const d = new FrameDecoder({ maxFrameLength: 1024 });
  const head = Buffer.alloc(6);
  head.writeUInt16BE(3, 0);
  head.writeUInt32BE(0xfffffff0, 2);
  assert.throws(
    () => d.push(head),
    (e: unknown) => e instanceof FrameTooLargeError && e.announced === 0xfffffff0 && e.limit === 1024 && /maxFrameLength/.test(e.message),
  );
  assert.equal(d.bufferedBytes, 0);
  // The stream cannot be resynchronised: later pushes keep failing.
  assert.throws(() => d.push(encodeAck(1)), FrameTooLargeError);
});

test('a frame at exactly the limit is accepted', () => {
  const d = new FrameDecoder({ maxFrameLength: 64 });
  assert.equal(d.push(encodeFrame(3, Buffer.alloc(64))).length, 1);
  assert.throws(() => d.push(encodeFrame(3, Buffer.alloc(65))), FrameTooLargeError);
});

test('end() inside a frame reports truncation; at a boundary it is quiet', () => {
  const f = encodeAck(1);
  const d = new FrameDecoder();
  d.push(f.subarray(0, 8));
  assert.throws(() => d.end(), (e: unknown) => e instanceof ProtocolError && /closed inside a frame \(8 bytes/.test(e.message));
  const ok = new FrameDecoder();
  ok.push(f);
  ok.end();
});

test('many small chunks over a large frame stay linear (no quadratic copying)', () => {
  const big = encodeFrame(3, Buffer.alloc(4 * 1024 * 1024, 7));
  const d = new FrameDecoder();
  let out: { type: number; body: Buffer }[] = [];
  for (let i = 0; i < big.length; i += 1024) out = out.concat(d.push(big.subarray(i, i + 1024)));
  assert.equal(out.length, 1);
  assert.equal(out[0].body.length, 4 * 1024 * 1024);
  assert.equal(out[0].body[12345], 7);
});

test('invalid maxFrameLength is refused', () => {
  assert.throws(() => new FrameDecoder({ maxFrameLength: -1 }), /maxFrameLength/);
});

test('frames before an oversized header in the same chunk are returned; the error follows', () => {
  const d = new FrameDecoder({ maxFrameLength: 1024 });
  const head = Buffer.alloc(6);
  head.writeUInt16BE(3, 0);
  head.writeUInt32BE(1 << 30, 2);
  const frames = d.push(Buffer.concat([encodeAck(1), encodeAck(2), head]));
  assert.deepEqual(frames.map((f) => f.body.readUInt16BE(0)), [1, 2]);
  assert.ok(d.error instanceof FrameTooLargeError);
  assert.throws(() => d.push(Buffer.alloc(0)), FrameTooLargeError);
});
