// Reading a capture file with bounded memory: the size is checked before anything is read
// (CAPTURE_MAX_BYTES), a local file is streamed in chunks through CaptureParser (so a
// wrong file fails at its first line and a long line is never kept whole), and bytes from
// another file system provider (which only hands out whole files) are decoded in chunks
// too. No vscode import: eventViewer.ts chooses the path by URI scheme.

import { createReadStream, promises as fsp } from 'node:fs';
import { CAPTURE_MAX_BYTES, CaptureFormatError, CaptureParser, type CaptureLimits, type ParsedCapture } from './capture';

export interface ReadCaptureOptions extends Partial<CaptureLimits> {
  maxBytes?: number;
  /** Bytes per chunk (default 1 MiB). */
  chunkBytes?: number;
}

const CHUNK = 1024 * 1024;

/** `1.5 MiB`, `256 MiB`, `900 bytes`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

/** Throws when a file of `size` bytes is over the limit. */
export function checkCaptureSize(size: number, maxBytes = CAPTURE_MAX_BYTES): void {
  if (size > maxBytes) throw new CaptureFormatError(`the file is ${formatBytes(size)}; captures up to ${formatBytes(maxBytes)} are opened`);
}

/** Streams a capture from a local file. */
export async function readCaptureFile(file: string, options: ReadCaptureOptions = {}): Promise<ParsedCapture> {
  const maxBytes = options.maxBytes ?? CAPTURE_MAX_BYTES;
  const st = await fsp.stat(file);
  if (!st.isFile()) throw new CaptureFormatError('not a regular file');
  checkCaptureSize(st.size, maxBytes);
  const parser = new CaptureParser(options);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  // `end` is inclusive: one byte more than the limit is enough to see that the file grew.
  const stream = createReadStream(file, { highWaterMark: options.chunkBytes ?? CHUNK, start: 0, end: maxBytes });
  let read = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      read += chunk.length;
      if (read > maxBytes) checkCaptureSize(read, maxBytes);
      // Invalid UTF-8 becomes U+FFFD rather than failing the whole file.
      parser.push(decoder.decode(chunk, { stream: true }));
    }
  } finally {
    stream.destroy();
  }
  parser.push(decoder.decode());
  return parser.end();
}

/** Reads a capture from a whole file's bytes (file systems other than `file:`), decoding in chunks. */
export function readCaptureBytes(bytes: Uint8Array, options: ReadCaptureOptions = {}): ParsedCapture {
  checkCaptureSize(bytes.length, options.maxBytes ?? CAPTURE_MAX_BYTES);
  const parser = new CaptureParser(options);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const step = options.chunkBytes ?? CHUNK;
  for (let i = 0; i < bytes.length; i += step) parser.push(decoder.decode(bytes.subarray(i, i + step), { stream: true }));
  parser.push(decoder.decode());
  return parser.end();
}

/**
 * Why a capture could not be read, for the user: a CaptureFormatError's own message (it
 * never quotes the file), otherwise only the error's code (file system messages repeat
 * paths and are logged instead).
 */
export function describeCaptureError(e: unknown): string {
  if (e instanceof CaptureFormatError) return e.message;
  const code = e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined;
  switch (code) {
    case 'ENOENT':
    case 'FileNotFound':
      return 'the file does not exist';
    case 'EACCES':
    case 'EPERM':
    case 'NoPermissions':
      return 'permission denied';
    case 'EISDIR':
    case 'FileIsADirectory':
      return 'it is a folder';
    default:
      return code ? `the file could not be read (${code.slice(0, 40)})` : 'the file could not be read';
  }
}
