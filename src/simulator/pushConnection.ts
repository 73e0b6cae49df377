// One accepted push socket (plain or TLS): the ConnectRequest handshake (push-protocol §2.3,
// §2.4, §2.10), PublishMessage writes with socket back-pressure, and acks in both the
// 10-byte spec form and the 6-byte legacy form of the Python clients (§2.6). Frame-level
// faults (drip, mid-frame close, oversized length, unknown frame type) are applied here.
// Nothing is ever sent before a ConnectRequest has arrived, and there are no heartbeats.

import type { Socket } from 'node:net';
import {
  type Logger,
  FrameType,
  HEADER_SIZE,
  Status,
  FrameDecoder,
  type ConnectRequest,
  decodeAck,
  decodeConnectRequest,
  encodeConnectResponse,
  encodeFrame,
  encodePublishHeader,
  frameTypeName,
} from '../core';
import type { Faults } from './faults';
import type { Timers } from './timers';

/** Beyond this many buffered bytes the connection reports itself not writable until 'drain'. */
const MAX_BUFFERED_BYTES = 256 * 1024;
/** Client frames are tiny (ConnectRequest, acks); anything bigger is garbage. */
const MAX_CLIENT_FRAME = 64 * 1024;

export interface HandshakeInfo {
  connectionId: number;
  monitorId: number;
  username: string;
  status: number;
  secure: boolean;
}

/** What a connection needs from the rest of the simulator. */
export interface SessionBroker {
  /** Status for a ConnectRequest: 200, 400 (version, monitor) or 403 (credentials). */
  authorize(req: ConnectRequest): number;
  attach(conn: PushConnection, monitorId: number): void;
  detach(conn: PushConnection, reason: string): void;
  handshake(info: HandshakeInfo): void;
}

export interface ConnectionDeps {
  broker: SessionBroker;
  faults: Faults;
  timers: Timers;
  logger: Logger;
  secure: boolean;
  /** Accept but never answer (stallHandshake fault). */
  stalled: boolean;
}

export type ConnectionState = 'handshake' | 'stalled' | 'waiting' | 'open' | 'closed';

let nextConnectionId = 1;

export class PushConnection {
  readonly id = nextConnectionId++;
  readonly secure: boolean;
  readonly remote: string;
  monitorId: number | undefined;
  /** Set by the monitor channel on attach. */
  onAck: ((blockId: number, status: number) => void) | undefined;
  onLegacyAcks: ((count: number) => void) | undefined;
  onWritable: (() => void) | undefined;

  private stateValue: ConnectionState;
  private nextBlockId = 0;
  private readonly decoder = new FrameDecoder({ acceptLegacyAcks: true, maxFrameLength: MAX_CLIENT_FRAME });
  private readonly dripQueue: Buffer[] = [];
  private dripScheduled = false;
  private endWhenFlushed: 'end' | 'destroy' | undefined;
  private detached = false;

  constructor(
    private readonly socket: Socket,
    private readonly deps: ConnectionDeps,
  ) {
    this.secure = deps.secure;
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.stateValue = deps.stalled ? 'stalled' : 'handshake';
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.onWritable?.());
    socket.on('error', (e) => deps.logger.debug(`push connection ${this.id} (${this.remote}): ${e.message}`));
    socket.on('close', () => this.close('connection closed by peer', 'destroy'));
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** True when a PublishMessage may be written now without growing buffers past the bound. */
  get writable(): boolean {
    return this.stateValue === 'open' && this.dripQueue.length === 0 && this.socket.writableLength < MAX_BUFFERED_BYTES;
  }

  /**
   * Writes one PublishMessage. Returns its dataBlockId (per-connection counter from 0,
   * wrapping at 65536), or undefined when the connection is closed. `cut` means a fault
   * kept the frame from arriving whole; the connection is then closing.
   */
  sendPublish(count: number, compression: number, format: number, payload: Buffer): { blockId: number; cut: boolean } | undefined {
    if (this.stateValue !== 'open' || this.monitorId === undefined) return undefined;
    const monitorId = this.monitorId;
    const faults = this.deps.faults;
    const blockId = this.nextBlockId;
    this.nextBlockId = (this.nextBlockId + 1) & 0xffff;
    if (faults.takeOneShot('unknownFrameType', monitorId)) {
      this.write(encodeFrame(9, Buffer.from('simulator fault: frame of unknown type 9')));
    }
    const head = encodePublishHeader({ blockId, count, compression, format }, payload.length);
    if (faults.takeOneShot('oversizedLength', monitorId)) {
      head.writeUInt32BE(0xfffffff0, 2); // announces ~4 GiB; the stream cannot be resynchronised after this
      this.write(head);
      this.write(payload);
      this.close('fault: oversizedLength', 'end');
      return { blockId, cut: true };
    }
    if (faults.takeOneShot('closeMidFrame', monitorId)) {
      const whole = Buffer.concat([head, payload]);
      this.write(whole.subarray(0, Math.max(HEADER_SIZE + 1, Math.floor(whole.length / 2))));
      this.close('fault: closeMidFrame', 'end');
      return { blockId, cut: true };
    }
    if (this.dripping()) {
      this.write(head);
      this.write(payload);
    } else {
      this.socket.cork();
      this.socket.write(head);
      this.socket.write(payload);
      this.socket.uncork();
    }
    return { blockId, cut: false };
  }

  /**
   * Ends the session. 'end' flushes what was written (FIN after the data), 'destroy' drops
   * the socket at once (after flushing a drip queue, if any). A plain destroy could turn
   * into a reset that loses written bytes, so faults always use 'end'.
   * The broker hears about it in a microtask, so a caller in the middle of a write loop
   * finishes its own bookkeeping first.
   */
  close(reason: string, mode: 'end' | 'destroy'): void {
    if (this.stateValue === 'closed') return;
    this.stateValue = 'closed';
    this.deps.logger.debug(`push connection ${this.id} (${this.remote}) closing: ${reason}`);
    if (this.dripQueue.length > 0 || this.dripScheduled) {
      this.endWhenFlushed = mode;
    } else if (mode === 'end') {
      // FIN after what was written (a refusal, a cut frame), then let go of the socket.
      this.socket.end(() => this.socket.destroy());
    } else {
      this.socket.destroy();
    }
    queueMicrotask(() => this.notifyDetached(reason));
  }

  /** Immediate teardown (simulator shutdown, disconnect()). */
  destroy(reason: string): void {
    this.dripQueue.length = 0;
    this.close(reason, 'destroy');
    this.socket.destroy();
  }

  private notifyDetached(reason: string): void {
    if (this.detached) return;
    this.detached = true;
    this.onAck = this.onLegacyAcks = this.onWritable = undefined;
    this.deps.broker.detach(this, reason);
  }

  private dripping(): boolean {
    return this.dripQueue.length > 0 || this.deps.faults.dripBytes(this.monitorId);
  }

  private write(buf: Buffer): void {
    if (this.socket.destroyed) return;
    if (this.dripping()) {
      this.dripQueue.push(buf);
      this.scheduleDrip();
    } else {
      this.socket.write(buf);
    }
  }

  /** dripBytes fault: one byte per write, one write per event-loop turn. */
  private scheduleDrip(): void {
    if (this.dripScheduled) return;
    this.dripScheduled = true;
    this.deps.timers.immediate(() => {
      this.dripScheduled = false;
      const head = this.dripQueue[0];
      if (!head || this.socket.destroyed) {
        this.dripQueue.length = 0;
        return;
      }
      this.socket.write(head.subarray(0, 1));
      if (head.length > 1) this.dripQueue[0] = head.subarray(1);
      else this.dripQueue.shift();
      if (this.dripQueue.length > 0) {
        this.scheduleDrip();
      } else if (this.endWhenFlushed) {
        this.socket.end(() => this.socket.destroy());
      } else {
        this.onWritable?.();
      }
    });
  }

  private onData(chunk: Buffer): void {
    if (this.stateValue === 'stalled' || this.stateValue === 'closed') return;
    const before = this.decoder.bufferedBytes;
    let frames;
    try {
      frames = this.decoder.push(chunk);
    } catch (e) {
      this.close(`protocol error: ${(e as Error).message}`, 'destroy');
      return;
    }
    // The decoder reshapes 6-byte legacy acks into the 4-byte spec body; count them from
    // the bytes consumed: every spec frame uses 6 + body bytes, every legacy ack only 6.
    let framed = 0;
    for (const f of frames) framed += HEADER_SIZE + f.body.length;
    const consumed = before + chunk.length - this.decoder.bufferedBytes;
    const legacy = (framed - consumed) / 4;
    for (const frame of frames) {
      const state = this.state; // re-read: handling a frame can change it
      if (state === 'handshake') {
        if (frame.type !== FrameType.ConnectRequest) {
          this.close(`expected ConnectRequest, got ${frameTypeName(frame.type)}`, 'destroy');
          return;
        }
        this.handshake(frame.body);
      } else if (state === 'open' && frame.type === FrameType.PublishMessageReceived) {
        const ack = decodeAck(frame.body);
        this.onAck?.(ack.blockId, ack.status);
      } else if (state !== 'closed') {
        this.deps.logger.debug(`push connection ${this.id}: ignoring ${frameTypeName(frame.type)} in state ${state}`);
      }
    }
    if (legacy > 0) this.onLegacyAcks?.(legacy);
  }

  private handshake(body: Buffer): void {
    let req: ConnectRequest;
    let status: number;
    try {
      req = decodeConnectRequest(body);
      status = this.deps.faults.takeConnectStatus(req.monitorId) ?? this.deps.broker.authorize(req);
    } catch {
      req = { version: 0, username: '', password: '', monitorId: 0 };
      status = Status.BAD_REQUEST;
    }
    this.stateValue = 'waiting';
    const answer = () => {
      if (this.stateValue !== 'waiting') return;
      this.deps.broker.handshake({ connectionId: this.id, monitorId: req.monitorId, username: req.username, status, secure: this.secure });
      if (status !== Status.OK) {
        this.write(encodeConnectResponse(status));
        this.close(`ConnectRequest refused with ${status}`, 'end');
        return;
      }
      this.stateValue = 'open';
      this.monitorId = req.monitorId;
      this.write(encodeConnectResponse(Status.OK));
      if (this.deps.faults.dropAfterHandshake(req.monitorId)) {
        // Accepted, then gone before the monitor's channel sends anything.
        this.close('fault: dropAfterHandshake', 'end');
        return;
      }
      this.deps.broker.attach(this, req.monitorId);
    };
    const delay = this.deps.faults.takeConnectDelay(req.monitorId);
    if (delay === undefined) answer();
    else this.deps.timers.timeout(answer, delay);
  }
}
