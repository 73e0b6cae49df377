// One monitor's live session as consumers see it (LiveSource). The object outlives the
// PushSession behind it: Stop then Start on the same monitor attaches a new PushSession
// to the same LiveSession, so a viewer or the output keep their subscription.
//
// Lossless delivery (issue 14 §1): the PushSession runs in ack mode 'callback' and a batch is
// acknowledged only when `deliver` returns true — after the store listeners (onItemsToKeep,
// the viewer's buffers) have appended it. A batch a store failed to take is not acknowledged,
// so a monitor with auto-replay sends it again.

import type { GapMarker, PushEvent, SessionItem, PushMonitorError, PushSessionEvents, SessionState } from '../../core';
import { DisposableStore, Emitter, toDisposable, type Event } from '../lifecycle';
import type { LiveState, LiveSubscription } from '../../shared/sessionModel';
import type { LiveSource } from '../liveSource';
import { RateMeter } from '../rateMeter';
import { isActive, toLiveState } from './liveState';

/** What a LiveSession uses of its push session: the core's PushSession, or one run in a worker (worker/workerSession.ts). */
export interface SessionHandle {
  readonly state: SessionState;
  on<K extends keyof PushSessionEvents>(event: K, listener: (...args: PushSessionEvents[K]) => void): unknown;
  off<K extends keyof PushSessionEvents>(event: K, listener: (...args: PushSessionEvents[K]) => void): unknown;
  stop(): Promise<void>;
  reconnectNow(): boolean;
}

export const sessionKey = (accountId: string, monitorId: number) => `${accountId}/${monitorId}`;

export class LiveSession implements LiveSource {
  readonly id: string;
  readonly accountId: string;
  readonly monitorId: number;
  label: string;
  subscription: LiveSubscription;

  private _state: LiveState = { kind: 'stopped' };
  private _error: PushMonitorError | undefined;
  private session: SessionHandle | undefined;
  private readonly wiring = new DisposableStore();
  private readonly items: Emitter<readonly SessionItem[]>;
  private readonly kept: Emitter<readonly SessionItem[]>;
  private readonly states: Emitter<LiveState>;
  readonly onItems: Event<readonly SessionItem[]>;
  readonly onItemsToKeep: Event<readonly SessionItem[]>;
  readonly onState: Event<LiveState>;
  private readonly rate = new RateMeter(5);
  /** Events received over every PushSession this source has had. */
  eventCount = 0;
  lastEventAt: number | undefined;

  constructor(accountId: string, monitorId: number, label: string, subscription: LiveSubscription, onListenerError: (e: unknown) => void) {
    this.id = sessionKey(accountId, monitorId);
    this.accountId = accountId;
    this.monitorId = monitorId;
    this.label = label;
    this.subscription = subscription;
    this.items = new Emitter(onListenerError);
    this.kept = new Emitter(onListenerError);
    this.states = new Emitter(onListenerError);
    this.onItems = this.items.event;
    this.onItemsToKeep = this.kept.event;
    this.onState = this.states.event;
  }

  get state(): LiveState {
    return this._state;
  }

  /** The error that ended the last session (typed, with a `code` for actions such as "Sign in again"). */
  get error(): PushMonitorError | undefined {
    return this._error;
  }

  get isActive(): boolean {
    return isActive(this._state);
  }

  eventsPerSecond(now = Date.now()): number {
    return this.rate.rate(now);
  }

  /**
   * The batch callback handed to PushClient.createSession (ack mode 'callback'): true, and so
   * acknowledged, once every store listener has taken the batch; false when one threw.
   */
  readonly deliver = (events: PushEvent[]): boolean => {
    if (events.length === 0) return true;
    const now = Date.now();
    this.eventCount += events.length;
    this.lastEventAt = now;
    this.rate.add(now, events.length);
    const stored = this.kept.fireChecked(events);
    this.items.fire(events);
    return stored;
  };

  /** Wires a freshly created push session (its state, gaps, warnings) to this source. */
  attach(session: SessionHandle, onWarning: (e: PushMonitorError) => void): void {
    const wiring = this.wiring;
    wiring.clear();
    this.session = session;
    this._error = undefined;
    const onState = (s: SessionState) => {
      if (s.kind === 'failed') this._error = s.error;
      this.setState(toLiveState(s));
    };
    const onGap = (g: GapMarker) => {
      this.kept.fire([g]);
      this.items.fire([g]);
    };
    session.on('state', onState);
    session.on('gap', onGap);
    session.on('warning', onWarning);
    wiring.add(toDisposable(() => session.off('state', onState)));
    wiring.add(toDisposable(() => session.off('gap', onGap)));
    wiring.add(toDisposable(() => session.off('warning', onWarning)));
    this.setState(toLiveState(session.state));
  }

  /** Shown while the client is prepared (secret read, simulator started) before the socket opens. */
  markConnecting(): void {
    this._error = undefined;
    this.setState({ kind: 'connecting' });
  }

  /** Marks a start that failed before a PushSession existed (no credentials, simulator failed…). */
  failBeforeStart(error: PushMonitorError): void {
    this._error = error;
    this.setState({ kind: 'error', message: error.message });
  }

  /** Skips the backoff wait of a reconnecting session ("Reconnect Now"); false in any other state. */
  reconnectNow(): boolean {
    return this.session?.reconnectNow() ?? false;
  }

  async stop(): Promise<void> {
    const s = this.session;
    if (!s) {
      if (this._state.kind !== 'stopped') this.setState({ kind: 'stopped' });
      return;
    }
    await s.stop();
    // A session that had failed stays 'error' in core; a user Stop clears it here.
    if (this._state.kind !== 'stopped') this.setState({ kind: 'stopped' });
  }

  private setState(state: LiveState): void {
    // 'connecting' is set before the socket exists and again by the session: say it once.
    const same = state.kind === this._state.kind && (state.kind === 'connecting' || state.kind === 'stopped');
    this._state = state;
    if (!same) this.states.fire(state);
  }

  dispose(): void {
    this.wiring.dispose();
    this.items.dispose();
    this.kept.dispose();
    this.states.dispose();
  }
}
