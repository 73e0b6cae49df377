// Baseline (b) and the counting client of measure 4. Deliberately independent of the
// library: node:net + node:zlib only, the way a minimal hand-written client would do it.
//
//   mode 'bare'   socket → frame split → inflate → JSON.parse of the batch → ack
//                 (no event objects, no callbacks; events counted from the parsed Msg array)
//   mode 'count'  socket → frame split → ack; events counted from the frame's count field
//                 (no inflate, no parse: what is left is the simulator's own emit rate)
//
// Acks are the 10-byte spec form, corked per received chunk, as the library does.

import net from 'node:net';
import { inflateSync } from 'node:zlib';
import { notify, serve } from './ipc';

type Mode = 'bare' | 'count';

function connectRequest(user: string, pass: string, monitorId: number): Buffer {
  const u = Buffer.from(user);
  const p = Buffer.from(pass);
  const len = 10 + u.length + p.length;
  const b = Buffer.alloc(6 + len);
  b.writeUInt16BE(1, 0);
  b.writeUInt32BE(len, 2);
  b.writeUInt16BE(1, 6);
  b.writeUInt16BE(u.length, 8);
  u.copy(b, 10);
  b.writeUInt16BE(p.length, 10 + u.length);
  p.copy(b, 12 + u.length);
  b.writeUInt32BE(monitorId, 12 + u.length + p.length);
  return b;
}

function ack(blockId: number): Buffer {
  const b = Buffer.allocUnsafe(10);
  b.writeUInt16BE(4, 0);
  b.writeUInt32BE(4, 2);
  b.writeUInt16BE(blockId, 6);
  b.writeUInt16BE(200, 8);
  return b;
}

let socket: net.Socket | undefined;
let received = 0;
let target = Infinity;
let frames = 0;
let bytes = 0;

function arrived(n: number): void {
  received += n;
  if (received >= target) {
    target = Infinity;
    notify('done', { received, frames, bytes });
  }
}

function connect(host: string, port: number, monitorId: number, mode: Mode): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port });
    socket = s;
    s.setNoDelay(true);
    let pending: Buffer | undefined;
    let live = false;
    s.once('connect', () => s.write(connectRequest('demo', 'demo-password', monitorId)));
    s.once('error', reject);
    s.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      const buf = pending ? Buffer.concat([pending, chunk]) : chunk;
      let off = 0;
      s.cork();
      while (buf.length - off >= 6) {
        const type = buf.readUInt16BE(off);
        const len = buf.readUInt32BE(off + 2);
        if (buf.length - off < 6 + len) break;
        const body = buf.subarray(off + 6, off + 6 + len);
        off += 6 + len;
        if (type === 2) {
          if (body.readUInt16BE(0) !== 200) reject(new Error(`ConnectResponse ${body.readUInt16BE(0)}`));
          live = true;
          resolve();
        } else if (type === 3 && live) {
          frames += 1;
          let n: number;
          if (mode === 'count') {
            n = body.readUInt16BE(2);
          } else {
            const payload = body.subarray(10, 10 + body.readUInt32BE(6));
            const text = (body[4] === 1 ? inflateSync(payload) : payload).toString('utf8');
            const msg = JSON.parse(text).Document.Msg;
            n = Array.isArray(msg) ? msg.length : 1;
          }
          s.write(ack(body.readUInt16BE(0)));
          arrived(n);
        }
      }
      s.uncork();
      pending = off < buf.length ? buf.subarray(off) : undefined;
    });
  });
}

serve({
  connect: (m) => connect(m.host as string, m.port as number, m.monitorId as number, m.mode as Mode),
  expect: (m) => {
    target = received + (m.count as number);
    return received;
  },
  close: () => {
    socket?.destroy();
    setImmediate(() => process.exit(0));
    return true;
  },
});
notify('ready');
