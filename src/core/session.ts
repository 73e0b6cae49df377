// One push session: a TCP or TLS socket carrying one monitor (push-protocol §2.8).
// ConnectRequest → ConnectResponse (with a timeout) → PublishMessage* each decoded,
// delivered in order, then acknowledged. Unexpected closes reconnect with backoff
// and leave a gap marker in the stream; auth and bad-monitor answers end the session.
// The backoff starts over only after a connection proves itself (stableAfterMs or a
// delivered batch), not at every accepted handshake.
//
// Backpressure: a consumer that returns a promise (or an iterator that falls behind)
// pauses socket reads until it catches up, so memory stays bounded at any rate.

import { EventEmitter } from 'node:events';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { backoffDelay, DEFAULT_STABLE_AFTER_MS, type BackoffOptions } from './backoff';
import { systemClock, unrefTimer, type Clock, type TimerHandle } from './clock';
import { connectDirect, type PushConnect } from './connect';
import { ConnectRejectedError, describeError, describeValue, PushMonitorError, ProtocolError } from './errors';
import type { GapMarker, PushEvent, SessionItem } from './events';
import { ItemQueue } from './itemQueue';
import { silentLogger, withRedaction, type Logger } from './logger';
import { certificateVerification, describeTlsFailure, errorCode } from './tlsPolicy';
import { FrameType, isMonitorId, MAX_MONITOR_ID, Status } from './protocol/constants';
import { FrameDecoder } from './protocol/frameDecoder';
import {
  decodeConnectResponse,
  decodePublishMessage,
  encodeAck,
  encodeConnectRequest,
  frameTypeName,
  type Frame,
} from './protocol/frames';
import { decodePublishPayload } from './protocol/payload';

export type SessionState =
  | { kind: 'connecting'; attempt: number }
  | { kind: 'connected'; since: number }
  /** `reason` is `error.message`: why the last connection or attempt ended. */
  | { kind: 'reconnecting'; attempt: number; delayMs: number; retryAt: number; reason: string; error: PushMonitorError }
  | { kind: 'stopped' }
  | { kind: 'failed'; error: PushMonitorError };

/** `auto`: ack every batch once the consumer has taken it. `callback`: ack only when the callback returns true (the seed's rule). */
export type AckMode = 'auto' | 'callback';

export interface BatchInfo {
  monitorId: number;
  blockId: number;
  receivedAt: number;
  /** The frame's count field disagreed with the events found. */
  countMismatch: boolean;
  /**
   * Ack mode 'callback': acknowledges this batch now, for a consumer that returned without
   * `true` and stored the batch later (a worker waiting on another thread). False when its
   * connection has closed meanwhile: the batch was not acknowledged (with auto-replay the
   * server sends it again).
   */
  ack?: () => boolean;
}

export type BatchCallback = (events: PushEvent[], batch: BatchInfo) => unknown;

export interface ReconnectOptions extends BackoffOptions {
  /**
   * Give up after this many failed attempts in a row (default: never). A connection the
   * server accepted and then dropped before it proved itself (stableAfterMs) is one of them.
   */
  maxAttempts?: number;
  /**
   * An accepted connection resets the backoff (the next retry waits initialDelayMs again)
   * once it has stayed up this long, ms, or as soon as it delivers a batch to the consumer
   * (acknowledged, in ack mode `auto`). One dropped sooner counts as a failed attempt, so the
   * delay keeps growing as for a refused connection. Default 30 s (DEFAULT_STABLE_AFTER_MS).
   */
  stableAfterMs?: number;
}

export interface PushSessionOptions {
  host: string;
  port: number;
  /** TLS (port 3201) when true, plain TCP (3200) when false. */
  secure?: boolean;
  /** PEM of a private CA to trust instead of the system store (e.g. the simulator's). */
  ca?: string | Buffer | (string | Buffer)[];
  /** Certificate verification is on unless this is explicitly false (then a warning is logged). */
  rejectUnauthorized?: boolean;
  /** SNI / host name to verify; defaults to `host`. */
  servername?: string;
  username: string;
  password: string;
  monitorId: number;
  /** Time allowed for TCP connect + TLS handshake + ConnectResponse (seed: 60 s). */
  connectTimeoutMs?: number;
  /** false turns reconnecting off; otherwise exponential backoff with jitter. */
  reconnect?: false | ReconnectOptions;
  ackMode?: AckMode;
  maxFrameLength?: number;
  maxInflatedLength?: number;
  includeRaw?: boolean;
  /** Attach PushEvent.dataJson where the payload's own text is it (PayloadDecodeOptions.includeDataJson). */
  includeDataJson?: boolean;
  /** Items the async iterator may hold before socket reads pause. */
  highWaterMark?: number;
  logger?: Logger;
  /** Opens the byte stream for each attempt (default connectDirect: TCP or TLS to host:port). A proxy tunnel or a test's in-memory pair goes here. */
  connect?: PushConnect;
  /** Time and timers for the connect timeout, backoff and timestamps (default systemClock). */
  clock?: Clock;
}

export interface SessionStats {
  connects: number;
  reconnects: number;
  eventsReceived: number;
  batchesReceived: number;
  bytesReceived: number;
  acksSent: number;
  unknownFrames: number;
  countMismatches: number;
  consumerErrors: number;
  lastEventAt?: number;
  connectedAt?: number;
}

interface Connection {
  /** Undefined until the connect function has handed the stream over. */
  socket: Duplex | undefined;
  /** Aborts a connect function still at work. */
  abort: AbortController;
  decoder: FrameDecoder;
  handshakeDone: boolean;
  /** When the ConnectResponse 200 arrived (clock time). */
  acceptedAt?: number;
  /** A batch reached the consumer (and was acknowledged, when that is up to the session). */
  delivered: boolean;
  /** Frames received and not yet handled: queue[head…]. */
  queue: Frame[];
  head: number;
  busy: boolean;
  closed: boolean;
  error?: PushMonitorError;
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as PromiseLike<unknown>).then === 'function';

/** Events a session emits (typed through EventEmitter's event map). */
export interface PushSessionEvents {
  state: [state: SessionState];
  gap: [gap: GapMarker];
  warning: [error: PushMonitorError];
  batch: [events: PushEvent[], batch: BatchInfo];
}

export class PushSession extends EventEmitter<PushSessionEvents> implements AsyncIterable<SessionItem> {
  readonly monitorId: number;
  readonly stats: SessionStats = {
    connects: 0,
    reconnects: 0,
    eventsReceived: 0,
    batchesReceived: 0,
    bytesReceived: 0,
    acksSent: 0,
    unknownFrames: 0,
    countMismatches: 0,
    consumerErrors: 0,
  };

  private readonly opts: PushSessionOptions;
  private readonly log: Logger;
  private readonly callback: BatchCallback | undefined;
  private readonly queue: ItemQueue<SessionItem> | undefined;
  private current: Connection | undefined;
  private _state: SessionState = { kind: 'stopped' };
  private started = false;
  private stopping = false;
  /** Connection attempts since the last connection that proved itself (see stableAfterMs). */
  private attempt = 0;
  /** Retries scheduled since the last connection that proved itself (drives the backoff). */
  private retries = 0;
  private readonly stableAfterMs: number;
  private readonly clock: Clock;
  private connectTimer: TimerHandle | undefined;
  private retryTimer: TimerHandle | undefined;
  private disconnectedAt: number | undefined;
  private lastDropReason = '';
  private closedWaiters: (() => void)[] = [];
  /** Passed to the connect function always, so NODE_TLS_REJECT_UNAUTHORIZED cannot turn checks off. */
  private readonly verifyCertificates: boolean;

  /** With a callback, batches go to it; without one, iterate the session (`for await`). */
  constructor(options: PushSessionOptions, callback?: BatchCallback) {
    super();
    // Checked here, not when the ConnectRequest is encoded inside a socket callback.
    if (!isMonitorId(options.monitorId)) {
      throw new PushMonitorError('INVALID_ARGUMENT', `monitorId must be an integer from 1 to ${MAX_MONITOR_ID}, got ${describeValue(options.monitorId)}`);
    }
    const stableAfterMs = options.reconnect === false ? undefined : options.reconnect?.stableAfterMs;
    if (stableAfterMs !== undefined && !(typeof stableAfterMs === 'number' && stableAfterMs >= 0 && stableAfterMs <= Number.MAX_SAFE_INTEGER)) {
      throw new PushMonitorError('INVALID_ARGUMENT', `reconnect.stableAfterMs must be a number of milliseconds, 0 or more, got ${describeValue(stableAfterMs)}`);
    }
    this.stableAfterMs = stableAfterMs ?? DEFAULT_STABLE_AFTER_MS;
    this.opts = options;
    this.monitorId = options.monitorId;
    this.clock = options.clock ?? systemClock;
    this.callback = callback;
    this.queue = callback ? undefined : new ItemQueue<SessionItem>(options.highWaterMark ?? 10_000);
    this.log = withRedaction(options.logger ?? silentLogger, [options.password]);
    this.verifyCertificates = certificateVerification({
      secure: options.secure !== false,
      rejectUnauthorized: options.rejectUnauthorized,
      target: `${options.host}:${options.port} (monitor ${this.monitorId})`,
      log: this.log,
    });
  }

  get state(): SessionState {
    return this._state;
  }

  /** console.log(session) / util.inspect: where, state and stats; never the options, which hold the password. */
  [Symbol.for('nodejs.util.inspect.custom')](): object {
    const { host, port, secure } = this.opts;
    return { monitorId: this.monitorId, host, port, secure: secure !== false, state: this._state, stats: this.stats };
  }

  /** Opens the connection; returns at once (non-blocking, like the seed's create_session). */
  start(): this {
    if (this.started) return this;
    this.started = true;
    this.connect();
    return this;
  }

  /** Closes the socket for good and ends the iterator. Resolves when the socket is closed. */
  stop(): Promise<void> {
    if (this._state.kind === 'stopped' && !this.current) return Promise.resolve();
    this.stopping = true;
    this.clearTimers();
    const conn = this.current;
    if (conn && !conn.closed) {
      const done = new Promise<void>((resolve) => this.closedWaiters.push(resolve));
      const socket = conn.socket;
      this.setState({ kind: 'stopped' });
      this.queue?.end();
      if (socket && socket.writableLength > 0 && !socket.destroyed) {
        // Acks still queued: flush them with a FIN, but do not wait on the server for long.
        socket.end();
        unrefTimer(this.clock.setTimeout(() => socket.destroy(), 250));
      } else {
        this.closeConnection(conn);
      }
      return done;
    }
    if (this._state.kind !== 'failed') this.setState({ kind: 'stopped' });
    this.queue?.end();
    return Promise.resolve();
  }

  /**
   * While `reconnecting`, skips the rest of the backoff wait and connects now (a user's
   * "Reconnect Now"). The attempt counts like any other: if it fails, the next wait is the
   * one that would have followed. Returns false, doing nothing, in any other state.
   */
  reconnectNow(): boolean {
    if (this._state.kind !== 'reconnecting' || this.retryTimer === undefined || this.stopping) return false;
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.log.info(`monitor ${this.monitorId}: reconnecting now (backoff wait skipped)`);
    this.connect();
    return true;
  }

  [Symbol.asyncIterator](): AsyncIterator<SessionItem> {
    if (!this.queue) throw new PushMonitorError('INVALID_ARGUMENT', 'this session delivers to a callback; create it without one to iterate it');
    return this.queue[Symbol.asyncIterator]();
  }

  private setState(state: SessionState): void {
    this._state = state;
    this.emit('state', state);
  }

  private clearTimers(): void {
    if (this.connectTimer !== undefined) this.clock.clearTimeout(this.connectTimer);
    if (this.retryTimer !== undefined) this.clock.clearTimeout(this.retryTimer);
    this.connectTimer = undefined;
    this.retryTimer = undefined;
  }

  private connect(): void {
    if (this.stopping) return;
    this.attempt += 1;
    this.setState({ kind: 'connecting', attempt: this.attempt });
    const { host, port } = this.opts;
    const secure = this.opts.secure !== false;
    this.log.debug(`monitor ${this.monitorId}: connecting to ${host}:${port} (${secure ? 'TLS' : 'plain TCP'}), attempt ${this.attempt}`);
    const conn: Connection = {
      socket: undefined,
      abort: new AbortController(),
      decoder: new FrameDecoder({ maxFrameLength: this.opts.maxFrameLength }),
      handshakeDone: false,
      delivered: false,
      queue: [],
      head: 0,
      busy: false,
      closed: false,
    };
    this.current = conn;
    // One limit for connect + TLS + ConnectResponse, whatever the connect function does.
    const timeoutMs = this.opts.connectTimeoutMs ?? 60_000;
    this.connectTimer = this.clock.setTimeout(() => {
      this.dropConnection(conn, new PushMonitorError('TIMEOUT', `no ConnectResponse from ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    let opened: Duplex | Promise<Duplex>;
    try {
      opened = (this.opts.connect ?? connectDirect)({
        host,
        port,
        secure,
        ca: this.opts.ca,
        rejectUnauthorized: this.verifyCertificates,
        servername: this.opts.servername ?? (net.isIP(host) ? undefined : host),
        signal: conn.abort.signal,
      });
    } catch (e) {
      opened = Promise.reject(e);
    }
    const attach = (socket: Duplex) => {
      try {
        this.attach(conn, socket);
      } catch (e) {
        // Not a usable stream (a connect function's bug): a failed attempt like any other.
        this.connectFailed(conn, e);
      }
    };
    if (isThenable(opened)) opened.then(attach, (e: unknown) => this.connectFailed(conn, e));
    else attach(opened);
  }

  /** The connect function failed: classify its error and let onClose decide on a retry. */
  private connectFailed(conn: Connection, e: unknown): void {
    if (conn.closed) return;
    conn.error ??= e instanceof PushMonitorError ? e : this.classifySocketError(e as NodeJS.ErrnoException, false);
    conn.socket?.destroy();
    this.onClose(conn);
  }

  /** The stream is ready: send the ConnectRequest and read. */
  private attach(conn: Connection, socket: Duplex): void {
    if (conn.closed) {
      // Timed out or stopped while the connect function was at work.
      socket.destroy();
      return;
    }
    conn.socket = socket;
    socket.on('data', (chunk: Buffer) => this.onData(conn, chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      conn.error ??= this.classifySocketError(err, conn.handshakeDone);
      // A TLS socket that fails to read a record emits 'error' but stays open, with no
      // 'close' to follow: end it here so onClose runs (idempotent for every other error).
      socket.destroy();
    });
    socket.on('close', () => this.onClose(conn));
    if (socket.destroyed) {
      // It ended before it was handed over; its 'close' may have gone already.
      const err = socket.errored as NodeJS.ErrnoException | null;
      if (err) conn.error ??= this.classifySocketError(err, false);
      this.onClose(conn);
      return;
    }
    socket.write(encodeConnectRequest({ username: this.opts.username, password: this.opts.password, monitorId: this.monitorId }));
  }

  /** `established`: the push handshake had succeeded, so a TLS error now is a broken stream, not a setup to fix. */
  private classifySocketError(err: NodeJS.ErrnoException, established: boolean): PushMonitorError {
    const where = `${this.opts.host}:${this.opts.port}`;
    const code = errorCode(err);
    // The classifier REST uses too; a TLS error ends the session (onClose), no retry loop.
    const tlsFailure = established ? undefined : describeTlsFailure(err);
    if (tlsFailure !== undefined) {
      return new PushMonitorError('TLS', `TLS verification of ${where} failed: ${tlsFailure}; pass the server's CA with the ca option`, { cause: err });
    }
    if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code)) {
      return new PushMonitorError('UNREACHABLE', `cannot reach push server ${where} (${code})`, { cause: err });
    }
    return new PushMonitorError('CLOSED', `connection to ${where} failed: ${err.message}`, { cause: err });
  }

  private onData(conn: Connection, chunk: Buffer): void {
    if (conn !== this.current || conn.closed) return;
    this.stats.bytesReceived += chunk.length;
    let frames: Frame[];
    try {
      frames = conn.decoder.push(chunk);
    } catch (e) {
      this.dropConnection(conn, e instanceof PushMonitorError ? e : new ProtocolError(describeError(e)));
      return;
    }
    if (frames.length === 0) return;
    if (conn.head === conn.queue.length) {
      conn.queue = frames;
      conn.head = 0;
    } else {
      for (const f of frames) conn.queue.push(f);
    }
    if (!conn.busy) this.drain(conn);
  }

  /** Handles queued frames in order; stops (socket paused) while the consumer is busy. */
  private drain(conn: Connection): void {
    const socket = conn.socket;
    if (!socket) return;
    socket.cork();
    try {
      // An index, not Array.shift (which moves every remaining frame each time).
      while (conn.head < conn.queue.length && !conn.closed) {
        const frame = conn.queue[conn.head++];
        const pending = this.handleFrame(conn, frame);
        if (pending) {
          conn.busy = true;
          socket.pause();
          pending
            .then(() => {
              conn.busy = false;
              if (conn.closed) return;
              this.drain(conn);
              if (!conn.busy) socket.resume();
            })
            .catch((e: unknown) => this.pendingFailed(conn, e));
          return;
        }
      }
      // All handled: let go of the frames (views into received chunks).
      conn.queue = [];
      conn.head = 0;
    } finally {
      socket.uncork();
    }
    // The decoder stopped at a bad header after the frames just handled (and acked, now
    // that the corked acks are flushed): drop the connection.
    const fault = conn.decoder.error;
    if (fault && !conn.closed) this.dropConnection(conn, fault);
  }

  /**
   * A frame's promise rejected, or handling the frames after it threw: something past the
   * consumer failed (a warning listener or logger, say). End the session with that reason
   * rather than leave reads paused forever.
   */
  private pendingFailed(conn: Connection, e: unknown): void {
    conn.busy = false;
    if (conn.closed) return;
    const error = new PushMonitorError(
      'CONSUMER_FAILED',
      `monitor ${this.monitorId}: handling a batch failed after the consumer returned: ${describeError(e)}; session ended`,
      { cause: e },
    );
    try {
      this.fail(conn, error);
    } catch {
      // A listener or logger threw again: the socket still closes below, so nothing stalls.
    } finally {
      conn.error ??= error;
      this.closeConnection(conn);
    }
  }

  /** Returns a promise when the consumer has not finished with the frame yet. */
  private handleFrame(conn: Connection, frame: Frame): Promise<void> | undefined {
    try {
      if (!conn.handshakeDone) {
        if (frame.type !== FrameType.ConnectResponse) {
          throw new ProtocolError(`expected ConnectResponse, got ${frameTypeName(frame.type)} before the handshake finished`);
        }
        this.onConnectResponse(conn, frame);
        return undefined;
      }
      switch (frame.type) {
        case FrameType.PublishMessage:
          return this.onPublish(conn, frame);
        default:
          // Unknown or out-of-place types are reported and skipped, never parsed as something else.
          this.stats.unknownFrames += 1;
          this.warn(new ProtocolError(`skipped unexpected ${frameTypeName(frame.type)} frame (${frame.body.length} bytes)`));
          return undefined;
      }
    } catch (e) {
      this.dropConnection(conn, e instanceof PushMonitorError ? e : new ProtocolError(describeError(e)));
      return undefined;
    }
  }

  private onConnectResponse(conn: Connection, frame: Frame): void {
    const { status } = decodeConnectResponse(frame.body);
    if (status !== Status.OK) {
      // 403 (credentials) and 400 (monitor) will not change by retrying: end the session.
      this.fail(conn, new ConnectRejectedError(status, this.monitorId));
      return;
    }
    conn.handshakeDone = true;
    if (this.connectTimer !== undefined) this.clock.clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    const now = this.clock.now();
    this.stats.connects += 1;
    this.stats.connectedAt = now;
    if (this.stats.connects > 1) this.stats.reconnects += 1;
    // The retry counters are not reset here: onClose does, if this connection proves itself.
    conn.acceptedAt = now;
    this.log.info(`monitor ${this.monitorId}: connected to ${this.opts.host}:${this.opts.port}`);
    this.setState({ kind: 'connected', since: now });
    if (this.disconnectedAt !== undefined) {
      const gap: GapMarker = {
        kind: 'gap',
        monitorId: this.monitorId,
        disconnectedAt: this.disconnectedAt,
        reconnectedAt: now,
        reason: this.lastDropReason,
      };
      this.disconnectedAt = undefined;
      this.emit('gap', gap);
      void this.queue?.push([gap]);
    }
  }

  private onPublish(conn: Connection, frame: Frame): Promise<void> | undefined {
    const msg = decodePublishMessage(frame.body);
    const receivedAt = this.clock.now();
    const { events, countMismatch } = decodePublishPayload(msg, {
      includeRaw: this.opts.includeRaw,
      includeDataJson: this.opts.includeDataJson,
      maxInflatedLength: this.opts.maxInflatedLength,
      monitorId: this.monitorId,
      receivedAt,
    });
    const s = this.stats;
    s.batchesReceived += 1;
    s.eventsReceived += events.length;
    s.lastEventAt = receivedAt;
    if (countMismatch) {
      s.countMismatches += 1;
      this.log.debug(`monitor ${this.monitorId}: block ${msg.blockId} announced ${msg.count} events, carried ${events.length}`);
    }
    const info: BatchInfo = { monitorId: this.monitorId, blockId: msg.blockId, receivedAt, countMismatch };
    if (this.opts.ackMode === 'callback') info.ack = () => this.ackLater(conn, msg.blockId);
    if (this.listenerCount('batch') > 0) this.emit('batch', events, info);

    if (this.queue) {
      const room = this.queue.push(events);
      conn.delivered = true;
      if (this.queue.size < (this.opts.highWaterMark ?? 10_000)) {
        this.ack(conn, msg.blockId);
        return undefined;
      }
      return room.then(() => this.ack(conn, msg.blockId));
    }

    let result: unknown;
    let thenable: boolean;
    try {
      result = this.callback?.(events, info);
      thenable = isThenable(result); // reads `then`, a getter that may throw
    } catch (e) {
      this.consumerFailed(msg.blockId, e);
      return undefined;
    }
    if (thenable) {
      // Not Promise.resolve: it reads `constructor` of a native promise, which may throw.
      return new Promise<unknown>((resolve) => resolve(result)).then(
        (v) => this.afterConsumer(conn, msg.blockId, v),
        (e: unknown) => this.consumerFailed(msg.blockId, e),
      );
    }
    this.afterConsumer(conn, msg.blockId, result);
    return undefined;
  }

  private afterConsumer(conn: Connection, blockId: number, result: unknown): void {
    conn.delivered = true;
    if ((this.opts.ackMode ?? 'auto') === 'auto' || result === true) this.ack(conn, blockId);
  }

  /** A throwing consumer does not ack the block (it may be replayed) and does not end the session. */
  private consumerFailed(blockId: number, e: unknown): void {
    this.stats.consumerErrors += 1;
    this.warn(new PushMonitorError('CONSUMER_FAILED', `monitor ${this.monitorId}: consumer threw on block ${blockId}; not acknowledged: ${describeError(e)}`, { cause: e }));
  }

  private ackLater(conn: Connection, blockId: number): boolean {
    if (conn.closed || conn !== this.current || !conn.socket) return false;
    this.ack(conn, blockId);
    return true;
  }

  private ack(conn: Connection, blockId: number): void {
    if (conn.closed || conn !== this.current || !conn.socket) return;
    conn.socket.write(encodeAck(blockId));
    this.stats.acksSent += 1;
  }

  private warn(e: PushMonitorError): void {
    this.log.warn(e.message);
    if (this.listenerCount('warning') > 0) this.emit('warning', e);
  }

  /** Ends this connection; onClose decides whether to retry. */
  private dropConnection(conn: Connection, error: PushMonitorError): void {
    if (conn.closed) return;
    conn.error = error;
    this.closeConnection(conn);
  }

  /** Destroys the stream (its 'close' runs onClose), or, while the connect function is still at work, aborts it and closes now. */
  private closeConnection(conn: Connection): void {
    if (conn.socket) {
      conn.socket.destroy();
      return;
    }
    conn.abort.abort(conn.error);
    this.onClose(conn);
  }

  /** Ends the session for good with `error`. */
  private fail(conn: Connection, error: PushMonitorError): void {
    this.log.error(error.message);
    this.stopping = true;
    this.clearTimers();
    this.setState({ kind: 'failed', error });
    this.queue?.end(error);
    conn.error = error;
    this.closeConnection(conn);
  }

  /**
   * An accepted connection that stayed up stableAfterMs or delivered a batch resets the
   * backoff. One refused, never accepted, or accepted and dropped sooner is a failed attempt,
   * so a server that accepts and then drops is not retried about once a second forever.
   */
  private provedItself(conn: Connection): boolean {
    if (conn.acceptedAt === undefined) return false;
    return conn.delivered || this.clock.now() - conn.acceptedAt >= this.stableAfterMs;
  }

  private onClose(conn: Connection): void {
    if (conn.closed) return;
    conn.closed = true;
    conn.queue = [];
    conn.head = 0;
    if (conn !== this.current) return;
    this.current = undefined;
    if (this.connectTimer !== undefined) this.clock.clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    const waiters = this.closedWaiters;
    this.closedWaiters = [];
    for (const w of waiters) w();
    if (this.stopping) return;

    let error = conn.error;
    if (!error) {
      try {
        conn.decoder.end();
        error = new PushMonitorError('CLOSED', `push server ${this.opts.host}:${this.opts.port} closed the connection`);
      } catch (e) {
        error = e as PushMonitorError;
      }
    }
    if (error.code === 'TLS') {
      this.fail(conn, error);
      return;
    }
    if (conn.handshakeDone && this.disconnectedAt === undefined) {
      this.disconnectedAt = this.clock.now();
    }
    this.lastDropReason = error.message;
    const proved = this.provedItself(conn);
    if (proved) {
      this.attempt = 0;
      this.retries = 0;
    }
    const reconnect = this.opts.reconnect;
    const max = reconnect === false ? 0 : (reconnect?.maxAttempts ?? Infinity);
    if (this.retries >= max) {
      this.fail(conn, error);
      return;
    }
    this.retries += 1;
    const delayMs = backoffDelay(this.retries, reconnect === false ? {} : reconnect);
    const early = conn.acceptedAt !== undefined && !proved ? ` (accepted ${this.clock.now() - conn.acceptedAt} ms before, nothing delivered: counted as failed attempt ${this.retries})` : '';
    this.log.warn(`monitor ${this.monitorId}: ${error.message}${early}; reconnecting in ${delayMs} ms`);
    this.setState({ kind: 'reconnecting', attempt: this.retries, delayMs, retryAt: this.clock.now() + delayMs, reason: error.message, error });
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delayMs);
  }
}
