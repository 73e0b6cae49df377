// The UTF-8 bytes push-client writes, assembled in one buffer per write. Handing the stream a
// string makes it call Buffer.from(string), which on Node 20 measures the text and encodes it
// character by character — for ndjson that was as costly as everything else the CLI does per
// event except decoding (issue 14 §5). TextEncoder.encodeInto does the same encoding several
// times faster, bytes known in advance (the text before each ndjson resource) are copied, and
// the buffer is reused from write to write while the stream gives it back at once (a new 50 KB
// buffer per batch cost about as much again in allocation and garbage collection).

const encoder = new TextEncoder();

/** Buffers up to this size are kept for the next write; a larger one is used once. */
const SPARE_MAX = 1024 * 1024;
/** The smallest buffer made (a batch of 100 small ndjson events is ≈ 55 KB). */
const MIN_SIZE = 64 * 1024;

export class OutputBuffer {
  /** A buffer nobody holds, for the next output. */
  private spare: Buffer | undefined;
  /** The buffer being written, and how much of it is. */
  private buffer: Buffer = Buffer.alloc(0);
  /** The same memory as a plain Uint8Array: its subarray is cheaper than Buffer's, and encodeInto needs no more. */
  private view: Uint8Array = new Uint8Array(0);
  private at = 0;
  /** The buffer behind the bytes last returned by end(), when it may be kept. */
  private lent: Buffer | undefined;

  /** Starts an output; the bytes last returned by end() stay as they are unless release() was called. */
  begin(): void {
    this.lent = undefined;
    const spare = this.spare;
    this.spare = undefined;
    this.use(spare ?? Buffer.allocUnsafeSlow(MIN_SIZE));
    this.at = 0;
  }

  writeBytes(bytes: Uint8Array): void {
    if (this.buffer.length - this.at < bytes.length) this.grow(bytes.length);
    this.buffer.set(bytes, this.at);
    this.at += bytes.length;
  }

  writeText(text: string): void {
    let rest = text;
    for (;;) {
      // UTF-8 takes at most 3 bytes per UTF-16 unit; with less room encodeInto may stop short.
      if (this.buffer.length - this.at < rest.length) this.grow(rest.length);
      const { read, written } = encoder.encodeInto(rest, this.view.subarray(this.at));
      this.at += written;
      if (read === rest.length) return;
      rest = rest.slice(read); // encodeInto stops between code points, never inside a pair
      this.grow(rest.length * 3);
    }
  }

  /** The bytes written since begin(); valid until release() and the next begin(). */
  end(): Buffer {
    this.lent = this.buffer.length <= SPARE_MAX ? this.buffer : undefined;
    return this.buffer.subarray(0, this.at);
  }

  /** The stream let go of the bytes last returned (it wrote them out): their buffer is free again. */
  release(): void {
    if (this.lent) this.spare = this.lent;
    this.lent = undefined;
  }

  /** Room for `more` bytes after those written: a larger buffer, the written bytes copied over. */
  private grow(more: number): void {
    const size = Math.max(this.buffer.length * 2, this.at + more, MIN_SIZE);
    const larger = size <= SPARE_MAX ? Buffer.allocUnsafeSlow(size) : Buffer.allocUnsafe(size);
    this.buffer.copy(larger, 0, 0, this.at);
    this.use(larger);
  }

  private use(buffer: Buffer): void {
    this.buffer = buffer;
    this.view = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
  }

  /** UTF-8 bytes of `text` (begin, writeText, end). */
  encode(text: string): Buffer {
    this.begin();
    this.writeText(text);
    return this.end();
  }
}
