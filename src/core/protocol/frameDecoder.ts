// Streaming frame splitter for the push socket. Correct for any chunking: it keeps the
// received chunks in a list and only copies when a frame straddles chunk boundaries, so
// the cost is linear in the bytes received (no re-concatenation of a growing buffer).
// A frame whose header announces more than `maxFrameLength` is rejected from its header
// alone: nothing of the claimed size is ever allocated.
//
// Many small reads (a frame trickled a byte per TCP segment) would otherwise leave one
// Buffer per read in the list until the frame completes: past MERGE_AT pending chunks of
// small average size they are copied into one Buffer with room to grow (at most twice the
// bytes held, never more than the frame still needs), and later small reads are copied
// into that room. The room doubles on each merge, so the copying stays linear.

import { FrameTooLargeError, ProtocolError } from '../errors';
import { DEFAULT_MAX_FRAME_LENGTH, FrameType, HEADER_SIZE } from './constants';
import type { Frame } from './frames';

/** Pending chunks above this count are merged when they are small (below). */
const MERGE_AT = 32;
/** Reads of this size or more are kept as they are (a large frame over large reads is not copied twice). */
const SMALL_CHUNK = 4096;

export interface FrameDecoderOptions {
  /** Largest body a frame may announce, in bytes. */
  maxFrameLength?: number;
  /**
   * Server side only: accept the 6-byte acks the Python clients send (type, blockId, status;
   * no length). Rule from push-protocol §2.6: a type-4 header whose length field is not
   * exactly 4 is a complete legacy ack. The two forms cannot collide because the legacy
   * status is always 200, so its low half can never read as length 4.
   */
  acceptLegacyAcks?: boolean;
}

export class FrameDecoder {
  readonly maxFrameLength: number;
  private readonly acceptLegacyAcks: boolean;
  private chunks: Buffer[] = [];
  /** Index of the first chunk still holding unread bytes. */
  private first = 0;
  /** Read offset inside chunks[first]. */
  private offset = 0;
  private buffered = 0;
  private failed: ProtocolError | undefined;
  /** Set after a merge: the allocation whose first `roomUsed` bytes are the last chunk. Small reads are copied into the rest. */
  private room: Buffer | undefined;
  private roomUsed = 0;
  private readonly scratch = Buffer.alloc(HEADER_SIZE);

  constructor(options: FrameDecoderOptions = {}) {
    const max = options.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH;
    if (!Number.isInteger(max) || max < 16) throw new RangeError(`maxFrameLength must be an integer ≥ 16, got ${max}`);
    this.maxFrameLength = max;
    this.acceptLegacyAcks = options.acceptLegacyAcks ?? false;
  }

  /** Set once the stream is unrecoverable (after the frames before the fault were returned). */
  get error(): ProtocolError | undefined {
    return this.failed;
  }

  /** Bytes received but not yet returned as frames. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Diagnostic: how many Buffers hold the bytes received but not yet returned. */
  get bufferedChunks(): number {
    return this.chunks.length - this.first;
  }

  /**
   * Adds received bytes and returns every frame now complete, in order. Throws a
   * ProtocolError (FrameTooLargeError for oversized lengths); after that the stream
   * cannot be resynchronised and every later call throws the same error. When good
   * frames precede the bad header in the same chunk, they are returned first and the
   * error is left in `error`.
   */
  push(chunk: Buffer): Frame[] {
    if (this.failed) throw this.failed;
    if (chunk.length > 0) this.append(chunk);
    const frames: Frame[] = [];
    while (this.buffered >= HEADER_SIZE) {
      const head = this.peekHeader();
      const type = head.readUInt16BE(0);
      const length = head.readUInt32BE(2);
      if (this.acceptLegacyAcks && type === FrameType.PublishMessageReceived && length !== 4) {
        const legacy = Buffer.from(this.take(HEADER_SIZE));
        // Re-shape into the spec body (blockId, status) so callers see one form.
        frames.push({ type, body: legacy.subarray(2, 6) });
        continue;
      }
      if (length > this.maxFrameLength) {
        this.failed = new FrameTooLargeError(length, this.maxFrameLength, type);
        this.reset();
        // Complete frames that came before the bad header are still good: hand them out
        // and leave the error in `error` (the next push throws it).
        if (frames.length > 0) return frames;
        throw this.failed;
      }
      if (this.buffered < HEADER_SIZE + length) break;
      this.skip(HEADER_SIZE);
      frames.push({ type, body: this.take(length) });
    }
    this.compact();
    this.mergeSmallChunks();
    return frames;
  }

  /** Drops buffered bytes (after an error, or when the socket is replaced). */
  reset(): void {
    this.room = undefined;
    this.chunks = [];
    this.first = 0;
    this.offset = 0;
    this.buffered = 0;
  }

  /** Throws if the stream ended inside a frame; call when the socket closes. */
  end(): void {
    if (this.buffered > 0 && !this.failed) {
      const n = this.buffered;
      this.reset();
      throw new ProtocolError(`connection closed inside a frame (${n} bytes of an incomplete frame discarded)`);
    }
  }

  private append(chunk: Buffer): void {
    this.buffered += chunk.length;
    const room = this.room;
    if (room && room.length - this.roomUsed >= chunk.length) {
      chunk.copy(room, this.roomUsed);
      this.roomUsed += chunk.length;
      // Bytes below roomUsed never change once written: frames handed out as views stay intact.
      this.chunks[this.chunks.length - 1] = room.subarray(0, this.roomUsed);
      return;
    }
    this.room = undefined;
    this.chunks.push(chunk);
  }

  /**
   * After a push: when the bytes of the incomplete frame sit in more than MERGE_AT chunks
   * and those after the first average under SMALL_CHUNK bytes, copy them into one Buffer
   * sized min(2 × held, rest of the frame).
   */
  private mergeSmallChunks(): void {
    const pending = this.chunks.length - this.first;
    if (pending <= MERGE_AT) return;
    const firstLeft = this.chunks[this.first].length - this.offset;
    if (this.buffered - firstLeft >= (pending - 1) * SMALL_CHUNK) return;
    // More than MERGE_AT non-empty chunks: at least a header's worth, of a frame not yet complete.
    const frameSize = HEADER_SIZE + this.peekHeader().readUInt32BE(2);
    const room = Buffer.allocUnsafe(Math.max(this.buffered, Math.min(2 * this.buffered, frameSize)));
    let used = 0;
    for (let i = this.first; i < this.chunks.length; i++) {
      const c = this.chunks[i];
      used += c.copy(room, used, i === this.first ? this.offset : 0);
    }
    this.chunks = [room.subarray(0, used)];
    this.first = 0;
    this.offset = 0;
    this.room = room;
    this.roomUsed = used;
  }

  private peekHeader(): Buffer {
    const c = this.chunks[this.first];
    if (c.length - this.offset >= HEADER_SIZE) return c.subarray(this.offset, this.offset + HEADER_SIZE);
    let copied = 0;
    let i = this.first;
    let off = this.offset;
    while (copied < HEADER_SIZE) {
      const src = this.chunks[i];
      const n = Math.min(src.length - off, HEADER_SIZE - copied);
      src.copy(this.scratch, copied, off, off + n);
      copied += n;
      i += 1;
      off = 0;
    }
    return this.scratch;
  }

  private skip(n: number): void {
    this.buffered -= n;
    while (n > 0) {
      const c = this.chunks[this.first];
      const avail = c.length - this.offset;
      if (n < avail) {
        this.offset += n;
        return;
      }
      n -= avail;
      this.first += 1;
      this.offset = 0;
    }
  }

  /** Removes n bytes; a view into one chunk when they lie in it, else one copy. */
  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const c = this.chunks[this.first];
    if (c.length - this.offset >= n) {
      const view = c.subarray(this.offset, this.offset + n);
      this.skip(n);
      return view;
    }
    const out = Buffer.allocUnsafe(n);
    let copied = 0;
    while (copied < n) {
      const src = this.chunks[this.first];
      const m = Math.min(src.length - this.offset, n - copied);
      src.copy(out, copied, this.offset, this.offset + m);
      copied += m;
      this.skip(m);
    }
    return out;
  }

  private compact(): void {
    if (this.first === 0) return;
    if (this.first >= this.chunks.length) {
      this.chunks = [];
      this.room = undefined;
    } else if (this.first > 64 || this.first * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.first);
    } else {
      return;
    }
    this.first = 0;
  }
}
