// The UTF-8 bytes of what push-client writes. Handing the stream a string makes it call
// Buffer.from(string), which on Node 20 measures the text and encodes it character by
// character — for ndjson that was as costly as everything else the CLI does per event except
// decoding (issue 14 §5). TextEncoder.encodeInto does the same encoding several times faster,
// and into one buffer reused from write to write while the stream gives it back at once (a
// new 50 KB buffer per batch cost as much again in allocation and garbage collection).

const encoder = new TextEncoder();

/** Buffers up to this size are kept for the next write; a larger one is used once. */
const SPARE_MAX = 1024 * 1024;
/** The smallest buffer kept (a batch of 100 small events is ≈ 55 KB). */
const SPARE_MIN = 64 * 1024;

export class Utf8Encoder {
  /** A buffer nobody holds, for the next encode. */
  private spare: Buffer | undefined;
  /** The whole buffer behind the bytes last returned, when it may be kept. */
  private lent: Buffer | undefined;

  /** UTF-8 bytes of `text`; they stay valid until `release()` is called. */
  encode(text: string): Buffer {
    this.lent = undefined;
    // Sized for ASCII (one byte a character) first; UTF-8 needs at most 3 bytes per UTF-16 unit.
    let buffer = this.take(text.length);
    const first = encoder.encodeInto(text, buffer);
    let written = first.written;
    if (first.read < text.length) {
      this.release(); // nothing handed out yet: the first buffer may serve again if large enough
      buffer = this.take(text.length * 3);
      ({ written } = encoder.encodeInto(text, buffer));
    }
    return buffer.subarray(0, written);
  }

  /** The stream let go of the bytes last returned (it wrote them out): their buffer is free again. */
  release(): void {
    if (this.lent) this.spare = this.lent;
    this.lent = undefined;
  }

  private take(size: number): Buffer {
    const spare = this.spare;
    this.spare = undefined; // used now, or too small to keep
    if (spare && spare.length >= size) {
      this.lent = spare;
      return spare;
    }
    if (size > SPARE_MAX) {
      this.lent = undefined;
      return Buffer.allocUnsafe(size);
    }
    const fresh = Buffer.allocUnsafeSlow(Math.max(size, SPARE_MIN));
    this.lent = fresh;
    return fresh;
  }
}
