// A frame trickled in tiny reads (issue 11 §6): the decoder used to keep one Buffer per
// read until the frame was complete, so a peer sending a large frame one byte per TCP
// segment made it hold ~100k Buffer objects (each with its own overhead, several times
// the byte it carries). Small pending chunks are now merged, with geometric growth so the
// copying stays linear; large reads are still kept as they are (no copy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameDecoder } from '../../src/core/protocol/frameDecoder';
import { encodeAck, encodeConnectResponse, encodeFrame } from '../../src/core/protocol/frames';
import type { Frame } from '../../src/core/protocol/frames';

const patterned = (n: number, salt = 0) => {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + salt) & 0xff;
  return b;
};

test('100k one-byte reads of one large frame: the pending chunk list stays bounded and the frame is intact', () => {
  const body = patterned(100_000);
  const bytes = encodeFrame(3, body);
  const d = new FrameDecoder();
  const got: Frame[] = [];
  let maxChunks = 0;
  for (let i = 0; i < bytes.length; i++) {
    got.push(...d.push(bytes.subarray(i, i + 1)));
    maxChunks = Math.max(maxChunks, d.bufferedChunks);
  }
  assert.ok(maxChunks <= 64, `held ${maxChunks} Buffers for one frame`);
  assert.equal(got.length, 1);
  assert.equal(got[0].type, 3);
  assert.ok(got[0].body.equals(body));
  assert.equal(d.bufferedBytes, 0);
  assert.equal(d.bufferedChunks, 0);
});

test('a 1 MB frame in one-byte reads: bytes allocated stay linear in the frame (merging is geometric, not quadratic)', () => {
  const body = patterned(1024 * 1024, 5);
  const bytes = encodeFrame(3, body);
  const d = new FrameDecoder();
  const got: Frame[] = [];
  // Count what the decoder allocates (Buffer.concat allocates through Buffer.allocUnsafe too):
  // re-concatenating every few reads would allocate far more than the frame, quadratically.
  const allocUnsafe = Buffer.allocUnsafe;
  let allocated = 0;
  Buffer.allocUnsafe = (n: number) => {
    allocated += n;
    return allocUnsafe(n);
  };
  try {
    for (let i = 0; i < bytes.length; i++) {
      const fs = d.push(bytes.subarray(i, i + 1));
      if (fs.length) got.push(...fs);
      if (d.bufferedChunks > 64) assert.fail(`held ${d.bufferedChunks} Buffers at byte ${i}`);
    }
  } finally {
    Buffer.allocUnsafe = allocUnsafe;
  }
  assert.ok(allocated <= 4 * bytes.length, `allocated ${allocated} bytes for a frame of ${bytes.length}`);
  assert.equal(got.length, 1);
  assert.ok(got[0].body.equals(body));
});

test('random tiny and large reads over many frames: every frame intact, even after later reads', () => {
  let seed = 99;
  const rnd = (n: number) => {
    // xorshift32
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  for (let round = 0; round < 20; round++) {
    const frames: Buffer[] = [];
    for (let k = 0; k < 30; k++) {
      const kind = rnd(4);
      frames.push(kind === 0 ? encodeAck(k) : kind === 1 ? encodeConnectResponse(200) : encodeFrame(3, patterned(rnd(kind === 2 ? 50 : 20_000), k)));
    }
    const stream = Buffer.concat(frames);
    const d = new FrameDecoder();
    const got: Frame[] = [];
    for (let i = 0; i < stream.length; ) {
      const n = rnd(50) === 0 ? 1 + rnd(9000) : 1 + rnd(3);
      // Each read in its own Buffer, as a socket delivers them.
      got.push(...d.push(Buffer.from(stream.subarray(i, i + n))));
      i += n;
      assert.ok(d.bufferedChunks <= 64, `round ${round}: ${d.bufferedChunks} Buffers`);
    }
    // Compared only now: bodies handed out earlier must not have been overwritten by later reads.
    assert.deepEqual(
      got.map((f) => `${f.type}:${f.body.toString('hex')}`),
      frames.map((f) => `${f.readUInt16BE(0)}:${f.subarray(6).toString('hex')}`),
      `round ${round}`,
    );
  }
});

test('large reads are not merged: a frame in 64 KB reads is assembled by one copy at the end', () => {
  const body = patterned(4 * 1024 * 1024);
  const bytes = encodeFrame(3, body);
  const d = new FrameDecoder();
  const got: Frame[] = [];
  let maxChunks = 0;
  for (let i = 0; i < bytes.length; i += 65536) {
    got.push(...d.push(bytes.subarray(i, i + 65536)));
    maxChunks = Math.max(maxChunks, d.bufferedChunks);
  }
  assert.ok(maxChunks > 60, 'kept as received (64 KB each)');
  assert.equal(got.length, 1);
  assert.ok(got[0].body.equals(body));
});
