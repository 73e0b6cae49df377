// Baseline (a), the decode-only limit: the frames of one real burst are captured off a
// loopback socket once, then decoded in a tight loop in this one process, with no socket
// and no simulator competing for the CPU.
//
//   'bare'      inflate + JSON.parse of each batch (exactly the bare client's work)
//   'library'   decodePublishMessage + decodePublishPayload (the library's event objects)
//   'pipeline'  FrameDecoder.push over the captured chunks + library decode + encodeAck:
//               the library's whole receive path minus the socket
//   'inflate'   inflate alone, 'parse' JSON.parse alone (of pre-inflated text): the split
//               of the bare work, for the profile discussion
//   'cli'       push-client --output ndjson's work per batch (src/cli/pushClient/run.ts): the
//               session's decode with includeDataJson, writeEvents, one write to /dev/null

import { openSync, writeSync } from 'node:fs';
import net from 'node:net';
import { inflateSync } from 'node:zlib';
import { FrameDecoder } from '../src/core/protocol/frameDecoder';
import { decodePublishMessage, encodeAck, encodeConnectRequest } from '../src/core/protocol/frames';
import { decodePublishPayload } from '../src/core/protocol/payload';
import { writeEvents } from '../src/cli/pushClient/formatEvents';
import { OutputBuffer } from '../src/cli/pushClient/utf8Bytes';
import { notify, serve } from './ipc';

let chunks: Buffer[] = [];
let bodies: Buffer[] = [];
let texts: string[] = [];
let events = 0;
const devNull = openSync('/dev/null', 'w');
const output = new OutputBuffer();

function capture(host: string, port: number, monitorId: number, count: number): Promise<{ frames: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port });
    const decoder = new FrameDecoder();
    chunks = [];
    bodies = [];
    events = 0;
    let live = false;
    s.once('connect', () => s.write(encodeConnectRequest({ username: 'demo', password: 'demo-password', monitorId })));
    s.once('error', reject);
    s.on('data', (chunk: Buffer) => {
      if (live) chunks.push(Buffer.from(chunk));
      for (const f of decoder.push(chunk)) {
        if (f.type === 2) {
          live = true;
          notify('captureReady');
          continue;
        }
        if (f.type !== 3) continue;
        bodies.push(Buffer.from(f.body));
        events += f.body.readUInt16BE(2);
        s.write(encodeAck(f.body.readUInt16BE(0)));
      }
      if (events >= count) {
        s.destroy();
        texts = bodies.map((b) => {
          const p = b.subarray(10, 10 + b.readUInt32BE(6));
          return (b[4] === 1 ? inflateSync(p) : p).toString('utf8');
        });
        resolve({ frames: bodies.length, bytes: chunks.reduce((n, c) => n + c.length, 0) });
      }
    });
  });
}

function pass(mode: string): number {
  let n = 0;
  if (mode === 'bare') {
    for (const body of bodies) {
      const payload = body.subarray(10, 10 + body.readUInt32BE(6));
      const text = (body[4] === 1 ? inflateSync(payload) : payload).toString('utf8');
      const msg = JSON.parse(text).Document.Msg;
      n += Array.isArray(msg) ? msg.length : 1;
    }
  } else if (mode === 'inflate') {
    for (const body of bodies) {
      inflateSync(body.subarray(10, 10 + body.readUInt32BE(6)));
      n += body.readUInt16BE(2);
    }
  } else if (mode === 'parse') {
    for (const t of texts) {
      const msg = JSON.parse(t).Document.Msg;
      n += Array.isArray(msg) ? msg.length : 1;
    }
  } else if (mode === 'cli') {
    for (const body of bodies) {
      const msg = decodePublishMessage(body);
      const batch = decodePublishPayload(msg, { monitorId: 1, receivedAt: Date.now(), includeDataJson: true }).events;
      output.begin();
      writeEvents(batch, batch.length, 'ndjson', output);
      writeSync(devNull, output.end());
      output.release();
      n += batch.length;
    }
  } else if (mode === 'library') {
    for (const body of bodies) {
      const msg = decodePublishMessage(body);
      n += decodePublishPayload(msg, { monitorId: 1, receivedAt: Date.now() }).events.length;
    }
  } else {
    const decoder = new FrameDecoder();
    for (const c of chunks) {
      for (const f of decoder.push(c)) {
        const msg = decodePublishMessage(f.body);
        n += decodePublishPayload(msg, { monitorId: 1, receivedAt: Date.now() }).events.length;
        encodeAck(msg.blockId);
      }
    }
  }
  return n;
}

/** Whole passes over the captured frames until at least minMs have passed (at most 10,000 passes). */
function loop(mode: string, minMs: number): { events: number; ms: number; eventsPerSecond: number } {
  const t0 = performance.now();
  let n = 0;
  let ms = 0;
  for (let i = 0; i < 10_000 && ms < minMs; i++) {
    n += pass(mode);
    ms = performance.now() - t0;
  }
  return { events: n, ms, eventsPerSecond: (n * 1000) / ms };
}

serve({
  capture: (m) => capture(m.host as string, m.port as number, m.monitorId as number, m.count as number),
  loop: (m) => loop(m.mode as string, m.minMs as number),
  close: () => {
    setImmediate(() => process.exit(0));
    return true;
  },
});
notify('ready');
