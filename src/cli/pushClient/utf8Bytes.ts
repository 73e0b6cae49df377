// The UTF-8 bytes of what push-client writes. Handing the stream a string makes it call
// Buffer.from(string), which on Node 20 measures the text and encodes it character by
// character — for ndjson that was as costly as everything else the CLI does per event except
// decoding (issue 14 §5). TextEncoder.encodeInto does the same encoding several times faster.
// A fresh buffer per write: the stream may keep it until it is flushed.

const encoder = new TextEncoder();

export function utf8Bytes(text: string): Buffer {
  // Sized for ASCII (one byte a character) first; UTF-8 needs at most 3 bytes per UTF-16 unit.
  let bytes = Buffer.allocUnsafe(text.length);
  const first = encoder.encodeInto(text, bytes);
  let written = first.written;
  if (first.read < text.length) {
    bytes = Buffer.allocUnsafe(text.length * 3);
    ({ written } = encoder.encodeInto(text, bytes));
  }
  return bytes.subarray(0, written);
}
