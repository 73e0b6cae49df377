// The session target: fuzz cases written by a local socket server (loopback) to a real
// PushSession. Per connection: ConnectRequest → ConnectResponse 200 (or, for one case in
// ten, a mutated handshake) → cases one after another, each in its own random chunks.
// A case whose bytes frame cleanly is followed by a valid sentinel PublishMessage and is
// done when the session acks it; a case that cannot frame (or that the session rejects)
// ends the connection, and the session's reconnect carries on with the next case.
//
// Checked: no uncaught exception or unhandled rejection; warnings and failures are
// PushMonitorErrors; delivered events are plain data; no case hangs (per-case bound);
// after stop() the open handles return to the baseline.

import { once } from 'node:events';
import net from 'node:net';
import { PushMonitorError } from '../src/core/errors';
import type { PushEvent } from '../src/core/events';
import { FrameDecoder } from '../src/core/protocol/frameDecoder';
import { decodeAck, encodeConnectResponse, encodeFrame, encodePublishMessage } from '../src/core/protocol/frames';
import { PushSession } from '../src/core/session';
import type { Finding } from './fuzzDecoder';
import type { CaseFactory, FuzzCase } from './fuzzMutate';
import { Prng } from './prng';
import { activeResources, settleTo } from './resources';

export interface SessionFuzzOptions {
  factory: CaseFactory;
  /** First case index (session cases are numbered apart from decoder cases). */
  from: number;
  cases: number;
  /** Bound on one case, ms. */
  perCaseMs?: number;
  /** Stop starting cases after this, ms. */
  deadlineMs?: number;
  onProgress?: (done: number) => void;
}

export interface SessionFuzzResult {
  cases: number;
  handshakeCases: number;
  connections: number;
  sessions: number;
  reconnects: number;
  warnings: number;
  events: number;
  acks: number;
  sentinelsAcked: number;
  failures: Record<string, number>;
  findings: Finding[];
  leaked: string[];
  ms: number;
}

const SENTINEL_BLOCK = 0xffff;
const MAX_FRAME = 1024 * 1024;
const SENTINEL = encodePublishMessage({
  blockId: SENTINEL_BLOCK,
  count: 1,
  compression: 0,
  format: 1,
  payload: Buffer.from('{"Document":{"Msg":{"timestamp":"2026-01-01T00:00:00.000Z","topic":"1001/DataPoint/sentinel","operation":"INSERTION","DataPoint":{"data":1}}}}'),
});

/** Does the stream frame cleanly (no decoder error, nothing left over) for the session's limit? */
function framesCleanly(bytes: Buffer): boolean {
  const d = new FrameDecoder({ maxFrameLength: MAX_FRAME });
  try {
    d.push(bytes);
    d.end();
    return true;
  } catch {
    return false;
  }
}

function handshakeBytes(rng: Prng): { bytes: Buffer; what: string } {
  const ok = encodeConnectResponse(200);
  switch (rng.int(0, 7)) {
    case 0:
      return { bytes: encodeConnectResponse(rng.pick([400, 403, 201, 500, 0, 0xffff, rng.int(0, 0x10000)])), what: 'status' };
    case 1: {
      const b = Buffer.from(ok);
      for (let i = rng.int(1, 4); i > 0; i--) b[rng.int(0, b.length)] ^= 1 << rng.int(0, 8);
      return { bytes: b, what: 'bitflip' };
    }
    case 2:
      return { bytes: ok.subarray(0, rng.int(0, ok.length)), what: 'truncate' };
    case 3:
      return { bytes: encodeFrame(rng.int(0, 7), rng.bytes(rng.int(0, 12))), what: 'frame' };
    case 4:
      return { bytes: Buffer.concat([ok, rng.bytes(rng.int(1, 40))]), what: 'trailing' };
    case 5: {
      const b = Buffer.from(ok);
      b.writeUInt32BE(rng.pick([0, 3, 5, 0xffffffff, rng.u32()]), 2);
      return { bytes: b, what: 'length' };
    }
    default:
      return { bytes: rng.bytes(rng.int(1, 20)), what: 'random' };
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function checkEvent(e: PushEvent): string | undefined {
  if (e.kind !== 'event') return `kind ${String(e.kind)}`;
  for (const k of ['topic', 'type', 'operation', 'timestamp'] as const) if (typeof e[k] !== 'string') return `${k} is ${typeof e[k]}`;
  if (typeof e.data === 'function' || e.data === Object.prototype) return 'data is a function or prototype';
  return undefined;
}

export async function runSessionFuzz(o: SessionFuzzOptions): Promise<SessionFuzzResult> {
  const started = Date.now();
  const perCaseMs = o.perCaseMs ?? 5000;
  const deadline = started + (o.deadlineMs ?? Infinity);
  const findings: Finding[] = [];
  const r: SessionFuzzResult = {
    cases: 0, handshakeCases: 0, connections: 0, sessions: 0, reconnects: 0, warnings: 0, events: 0, acks: 0, sentinelsAcked: 0,
    failures: {}, findings, leaked: [], ms: 0,
  };
  const baseline = activeResources();
  let current: FuzzCase | undefined;
  const finding = (kind: Finding['kind'], message: string, stack?: string) =>
    findings.push({ kind, target: 'session', index: current?.index ?? -1, message, recipe: current?.recipe.join(' ') ?? '', stack });
  const onUncaught = (e: unknown) => finding('crash', `uncaught: ${(e as Error)?.message ?? String(e)}`, (e as Error)?.stack);
  const onRejection = (e: unknown) => finding('crash', `unhandled rejection: ${(e as Error)?.message ?? String(e)}`, (e as Error)?.stack);
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onRejection);

  let next = o.from;
  const end = o.from + o.cases;
  let finished!: () => void;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  const more = () => next < end && Date.now() < deadline;

  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => void serve(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;

  async function serve(socket: net.Socket): Promise<void> {
    sockets.add(socket);
    socket.setNoDelay(true);
    r.connections += 1;
    const decoder = new FrameDecoder();
    let closed = false;
    let sawRequest = false;
    let sentinelAcked = 0;
    let wake: (() => void) | undefined;
    const poke = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const f of decoder.push(chunk)) {
          if (f.type === 1) sawRequest = true;
          else if (f.type === 4) {
            r.acks += 1;
            if (decodeAck(f.body).blockId === SENTINEL_BLOCK) sentinelAcked += 1;
          }
        }
      } catch (e) {
        finding('invariant', `the session sent bytes that do not frame: ${(e as Error).message}`);
        socket.destroy();
      }
      poke();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      sockets.delete(socket);
      poke();
    });
    /** Resolves true when cond holds, false on close; a finding when the bound passes. */
    const until = async (cond: () => boolean, what: string): Promise<boolean> => {
      const limit = Date.now() + perCaseMs;
      while (!cond()) {
        if (closed) return false;
        const left = limit - Date.now();
        if (left <= 0) {
          finding('hang', `no progress within ${perCaseMs} ms waiting for ${what}`);
          socket.destroy();
          return false;
        }
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
      return true;
    };
    const write = async (c: FuzzCase) => {
      let off = 0;
      // Yield between chunks so they tend to arrive apart; at most ~64 yields per case.
      const every = Math.ceil(c.chunks.length / 64);
      for (let i = 0; i < c.chunks.length; i++) {
        if (closed) return;
        const n = c.chunks[i];
        socket.write(c.bytes.subarray(off, off + n));
        off += n;
        if (c.chunks.length > 1 && i % every === 0) await turn();
      }
    };

    if (!(await until(() => sawRequest, 'the ConnectRequest'))) return;
    if (!more()) {
      socket.destroy();
      return;
    }
    const hsRng = new Prng(next * 2654435761);
    if (hsRng.chance(0.1)) {
      current = o.factory.make(next++);
      const hs = handshakeBytes(hsRng);
      current = { ...current, bytes: hs.bytes, chunks: [hs.bytes.length], recipe: [`handshake:${hs.what}`] };
      r.handshakeCases += 1;
      r.cases += 1;
      socket.write(hs.bytes);
      socket.end();
      await until(() => false, 'the session to leave after a handshake case');
      if (r.cases % 1000 === 0) o.onProgress?.(r.cases);
      return;
    }
    socket.write(encodeConnectResponse(200));
    while (more() && !closed) {
      const c = o.factory.make(next++);
      current = c;
      r.cases += 1;
      if (r.cases % 1000 === 0) o.onProgress?.(r.cases);
      await write(c);
      if (closed) return;
      if (!framesCleanly(c.bytes)) {
        socket.end();
        await until(() => false, 'the session to drop a stream that cannot frame');
        return;
      }
      const want = sentinelAcked + 1;
      socket.write(SENTINEL);
      if (!(await until(() => sentinelAcked >= want, 'the sentinel ack'))) return;
      r.sentinelsAcked += 1;
    }
    if (!more()) socket.destroy();
  }

  const sessions: PushSession[] = [];
  const startSession = (): void => {
    r.sessions += 1;
    const s = new PushSession(
      {
        host: '127.0.0.1',
        port,
        secure: false,
        username: 'fuzz',
        password: 'fuzz-password',
        monitorId: 1,
        connectTimeoutMs: perCaseMs,
        maxFrameLength: MAX_FRAME,
        maxInflatedLength: 16 * 1024 * 1024,
        reconnect: { initialDelayMs: 0, maxDelayMs: 0, jitter: 0 },
      },
      (events) => {
        r.events += events.length;
        for (const e of events) {
          const bad = checkEvent(e);
          if (bad) finding('invariant', `delivered event: ${bad}`);
        }
      },
    );
    sessions.push(s);
    s.on('warning', (w) => {
      r.warnings += 1;
      if (!(w instanceof PushMonitorError)) finding('untyped', `warning is not a PushMonitorError: ${String(w)}`);
    });
    s.on('state', (st) => {
      if (st.kind === 'reconnecting' && !more()) void s.stop().then(finished);
      if (st.kind === 'failed') {
        if (!(st.error instanceof PushMonitorError)) finding('untyped', `failed with a non-PushMonitorError: ${String(st.error)}`);
        r.failures[st.error.code] = (r.failures[st.error.code] ?? 0) + 1;
        if (more()) startSession();
        else finished();
      }
    });
    s.start();
  };
  startSession();
  // Ends when the last connection is gone and no case is left.
  const poll = setInterval(() => {
    if (!more() && sockets.size === 0) finished();
  }, 50);
  await allDone;
  clearInterval(poll);
  for (const s of sessions) {
    r.reconnects += s.stats.reconnects;
    await s.stop();
  }
  for (const s of sockets) s.destroy();
  server.close();
  await once(server, 'close');
  r.leaked = await settleTo(baseline, 3000);
  if (r.leaked.length > 0) finding('leak', `open handles above the baseline after stop(): ${r.leaked.join(', ')}`);
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onRejection);
  r.ms = Date.now() - started;
  return r;
}
