// Test-side helpers for the simulator suites: a raw push client built only from the codec
// (no higher-level client), REST calls over fetch, and bounded waits on handle events.

import { once, type EventEmitter } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { FrameDecoder } from '../../src/core/protocol/frameDecoder';
import { encodeLegacyAck } from '../helpers/legacyAck';
import {
  decodeConnectResponse,
  decodePublishMessage,
  encodeAck,
  encodeConnectRequest,
  type ConnectResponse,
  type Frame,
  type PublishMessage,
} from '../../src/core/protocol/frames';
import { decodePublishPayload } from '../../src/core/protocol/payload';
import { FrameType } from '../../src/core/protocol/constants';
import type { PushEvent } from '../../src/core/events';
import { DEMO_PASSWORD, DEMO_USERNAME, type SimulatorHandle } from '../../src/simulator';

export const WAIT_MS = 10_000;

export type AckMode = 'spec' | 'legacy' | 'none';

export interface RawConnectOptions {
  port: number;
  host?: string;
  /** TLS options; absent = plain TCP. */
  tls?: tls.ConnectionOptions;
}

/** A push client made of a socket, the FrameDecoder and the frame codecs. */
export class RawPushClient {
  readonly decoder = new FrameDecoder();
  /** Every chunk size received, to observe byte dripping. */
  readonly chunkSizes: number[] = [];
  closed = false;
  decodeError: Error | undefined;
  private readonly frames: Frame[] = [];
  private waiter: (() => void) | undefined;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunkSizes.push(chunk.length);
      try {
        this.frames.push(...this.decoder.push(chunk));
      } catch (e) {
        this.decodeError = e as Error;
      }
      this.wake();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static async connect(o: RawConnectOptions): Promise<RawPushClient> {
    const host = o.host ?? '127.0.0.1';
    const socket = o.tls ? tls.connect({ host, port: o.port, ...o.tls }) : net.connect({ host, port: o.port });
    await once(socket, o.tls ? 'secureConnect' : 'connect');
    return new RawPushClient(socket);
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** Resolves when `cond` holds, re-checked on every received chunk and on close. */
  async until(cond: () => boolean, what: string, timeoutMs = WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  async nextFrame(timeoutMs = WAIT_MS): Promise<Frame> {
    await this.until(() => this.frames.length > 0 || this.closed || this.decodeError !== undefined, 'a frame', timeoutMs);
    const f = this.frames.shift();
    if (f) return f;
    throw this.decodeError ?? new Error('connection closed before a frame arrived');
  }

  /** Waits for the peer to close; true if it did in time. */
  async waitClosed(timeoutMs = WAIT_MS): Promise<void> {
    await this.until(() => this.closed, 'the connection to close', timeoutMs);
  }

  send(buf: Buffer): void {
    this.socket.write(buf);
  }

  async handshake(monitorId: number, username = DEMO_USERNAME, password = DEMO_PASSWORD, version = 1): Promise<ConnectResponse> {
    this.send(encodeConnectRequest({ username, password, monitorId, version }));
    const f = await this.nextFrame();
    if (f.type !== FrameType.ConnectResponse) throw new Error(`expected ConnectResponse, got type ${f.type}`);
    return decodeConnectResponse(f.body);
  }

  async nextPublish(timeoutMs = WAIT_MS): Promise<PublishMessage> {
    for (;;) {
      const f = await this.nextFrame(timeoutMs);
      if (f.type === FrameType.PublishMessage) return decodePublishMessage(f.body);
    }
  }

  ack(blockId: number, mode: AckMode): void {
    if (mode === 'spec') this.send(encodeAck(blockId));
    else if (mode === 'legacy') this.send(encodeLegacyAck(blockId));
  }

  /** Reads blocks until at least `n` events arrived, acking each block as asked. */
  async readEvents(n: number, ack: AckMode = 'spec', timeoutMs = WAIT_MS): Promise<{ events: PushEvent[]; blocks: PublishMessage[] }> {
    const events: PushEvent[] = [];
    const blocks: PublishMessage[] = [];
    while (events.length < n) {
      const msg = await this.nextPublish(timeoutMs);
      blocks.push(msg);
      events.push(...decodePublishPayload(msg).events);
      this.ack(msg.blockId, ack);
    }
    return { events, blocks };
  }

  close(): void {
    this.socket.destroy();
  }
}

export function basicAuth(username = DEMO_USERNAME, password = DEMO_PASSWORD): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export interface RestResult {
  status: number;
  text: string;
  headers: Headers;
}

export async function rest(
  sim: SimulatorHandle,
  method: string,
  path: string,
  o: { body?: string; auth?: string | null; headers?: Record<string, string> } = {},
): Promise<RestResult> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.auth !== null) headers.Authorization = o.auth ?? basicAuth();
  const res = await fetch(sim.restUrl + path, { method, headers, body: o.body });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** Creates a monitor over REST (XML, no Content-Type, like the seed) and returns its id. */
export async function createMonitor(sim: SimulatorHandle, fields: Record<string, string | number | boolean>, auth?: string): Promise<number> {
  const inner = Object.entries({ monTransportType: 'tcp', ...fields })
    .map(([k, v]) => `<${k}>${String(v)}</${k}>`)
    .join('');
  const r = await rest(sim, 'POST', '/ws/Monitor', { body: `<Monitor>${inner}</Monitor>`, auth });
  if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.text}`);
  return Number((r.headers.get('location') ?? '').split('/').pop());
}

/** Waits for an event of the handle matching `pred`, bounded. */
export function waitForEvent<T>(emitter: EventEmitter, name: string, pred: (arg: T) => boolean = () => true, timeoutMs = WAIT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => {
      emitter.off(name, on);
      reject(new Error(`timed out waiting for "${name}"`));
    }, timeoutMs);
    const on = (arg: T) => {
      if (!pred(arg)) return;
      clearTimeout(t);
      emitter.off(name, on);
      resolve(arg);
    };
    emitter.on(name, on);
  });
}

/** Connects and completes the handshake (asserting 200). */
export async function session(sim: SimulatorHandle, monitorId: number, o: { tls?: boolean } = {}): Promise<RawPushClient> {
  const c = o.tls
    ? await RawPushClient.connect({ port: sim.pushTlsPort as number, tls: { ca: sim.caPem } })
    : await RawPushClient.connect({ port: sim.pushPort });
  const r = await c.handshake(monitorId);
  if (r.status !== 200) throw new Error(`handshake answered ${r.status}`);
  return c;
}
