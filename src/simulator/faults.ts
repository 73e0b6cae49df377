// Fault injection, so clients can be tested against everything a real link or server can
// do to them. Faults are armed with set() (merged into what is armed), consumed by the
// next matching operation, counted, and reported through `applied()` and the 'fault' event.
//
// Push-side faults may be scoped to one monitor with `monitorId`; others apply to all.
//   One-shot (next PublishMessage):  closeMidFrame, corruptZlib (next zlib block),
//                                     oversizedLength, unknownFrameType (type-9 frame first)
//   One-shot (next handshake):       connectStatus (400|403), delayConnectResponse (ms)
//   Time windows from set():         refuseConnections (ms), stallHandshake (ms)
//   Until cleared:                    dripBytes, dropEvery (every n-th event not sent),
//                                     randomDisconnect (probability per block, seeded),
//                                     dropAfterHandshake (ConnectResponse 200, then close)
//   Counted down:                     disconnectAfterBlocks (n more blocks, then close),
//                                     restStatus {status, count, retryAfter} (next count /ws calls)
//   Until cleared (REST):             restDelayMs
//
// Every duration and count is bounded (FAULT_LIMITS): set() refuses more with a TypeError
// naming the fault and its limit (a 400 from POST /_sim/faults), so neither a timer past
// setTimeout's range nor an hour-long REST stall can be armed by accident or from outside.

import { Random } from './random';

export interface RestStatusFault {
  status: 429 | 500 | 503;
  /** How many /ws requests get it (default 1). */
  count?: number;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
}

export interface FaultSettings {
  closeMidFrame?: boolean;
  dripBytes?: boolean;
  corruptZlib?: boolean;
  oversizedLength?: boolean;
  unknownFrameType?: boolean;
  connectStatus?: 400 | 403;
  refuseConnections?: number;
  stallHandshake?: number;
  delayConnectResponse?: number;
  restStatus?: RestStatusFault;
  restDelayMs?: number;
  dropEvery?: number;
  disconnectAfterBlocks?: number;
  randomDisconnect?: number;
  /** Every accepted connection is closed right after its ConnectResponse 200, before anything else is sent. */
  dropAfterHandshake?: boolean;
  /** Restrict push-side faults to this monitor. */
  monitorId?: number;
}

export type OneShotFault = 'closeMidFrame' | 'corruptZlib' | 'oversizedLength' | 'unknownFrameType';
const ONE_SHOTS: readonly OneShotFault[] = ['closeMidFrame', 'corruptZlib', 'oversizedLength', 'unknownFrameType'];

export type FaultListener = (name: string, monitorId: number | undefined) => void;

export const FAULT_LIMITS = {
  /** refuseConnections, stallHandshake, delayConnectResponse, restDelayMs: one hour. */
  ms: 3_600_000,
  /** restStatus.count, dropEvery, disconnectAfterBlocks. */
  count: 1_000_000,
  /** restStatus.retryAfter: one day. */
  retryAfterSeconds: 86_400,
  monitorId: 2_147_483_647,
} as const;

function bounded(name: string, v: unknown, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max) throw new TypeError(`fault ${name} must be a number from 0 to ${max}`);
  return v;
}

export class Faults {
  private oneShots = new Set<OneShotFault>();
  private drip = false;
  private connectStatus: number | undefined;
  private connectDelay: number | undefined;
  private refuseUntil = 0;
  private stallUntil = 0;
  private rest: { status: number; remaining: number; retryAfter?: number } | undefined;
  private restDelay = 0;
  private dropEvery = 0;
  private dropCounter = 0;
  private blocksLeft: number | undefined;
  private disconnectChance = 0;
  private dropAccepted = false;
  private scope: number | undefined;
  private readonly counts: Record<string, number> = {};
  private readonly rng: Random;

  constructor(
    private readonly now: () => number = Date.now,
    seed?: number,
    private readonly onApplied: FaultListener = () => {},
  ) {
    this.rng = new Random(seed);
  }

  /** Arms faults, merged with what is armed; all or nothing (a refused value arms none of them). */
  set(s: FaultSettings): void {
    if (s === null || typeof s !== 'object') throw new TypeError('faults must be an object');
    new Faults(this.now).apply(s); // validates every value first, on a scratch instance
    this.apply(s);
  }

  private apply(s: FaultSettings): void {
    if (s.monitorId !== undefined) this.scope = bounded('monitorId', s.monitorId, FAULT_LIMITS.monitorId);
    for (const name of ONE_SHOTS) if (s[name]) this.oneShots.add(name);
    if (s.dripBytes !== undefined) this.drip = Boolean(s.dripBytes);
    if (s.connectStatus !== undefined) {
      if (s.connectStatus !== 400 && s.connectStatus !== 403) throw new TypeError('fault connectStatus must be 400 or 403');
      this.connectStatus = s.connectStatus;
    }
    if (s.delayConnectResponse !== undefined) this.connectDelay = bounded('delayConnectResponse', s.delayConnectResponse, FAULT_LIMITS.ms);
    if (s.refuseConnections !== undefined) this.refuseUntil = this.now() + bounded('refuseConnections', s.refuseConnections, FAULT_LIMITS.ms);
    if (s.stallHandshake !== undefined) this.stallUntil = this.now() + bounded('stallHandshake', s.stallHandshake, FAULT_LIMITS.ms);
    if (s.restStatus !== undefined) {
      const r = s.restStatus;
      if (![429, 500, 503].includes(r?.status)) throw new TypeError('fault restStatus.status must be 429, 500 or 503');
      this.rest = { status: r.status, remaining: r.count === undefined ? 1 : bounded('restStatus.count', r.count, FAULT_LIMITS.count) };
      if (r.retryAfter !== undefined) this.rest.retryAfter = bounded('restStatus.retryAfter', r.retryAfter, FAULT_LIMITS.retryAfterSeconds);
    }
    if (s.restDelayMs !== undefined) this.restDelay = bounded('restDelayMs', s.restDelayMs, FAULT_LIMITS.ms);
    if (s.dropEvery !== undefined) {
      this.dropEvery = Math.floor(bounded('dropEvery', s.dropEvery, FAULT_LIMITS.count));
      this.dropCounter = 0;
    }
    if (s.disconnectAfterBlocks !== undefined) this.blocksLeft = Math.floor(bounded('disconnectAfterBlocks', s.disconnectAfterBlocks, FAULT_LIMITS.count));
    if (s.randomDisconnect !== undefined) {
      this.disconnectChance = bounded('randomDisconnect', s.randomDisconnect, 1);
    }
    if (s.dropAfterHandshake !== undefined) this.dropAccepted = Boolean(s.dropAfterHandshake);
  }

  clear(): void {
    this.oneShots.clear();
    this.drip = false;
    this.connectStatus = undefined;
    this.connectDelay = undefined;
    this.refuseUntil = 0;
    this.stallUntil = 0;
    this.rest = undefined;
    this.restDelay = 0;
    this.dropEvery = 0;
    this.blocksLeft = undefined;
    this.disconnectChance = 0;
    this.dropAccepted = false;
    this.scope = undefined;
  }

  /** What is armed now (windows as remaining ms). */
  armed(): FaultSettings {
    const out: FaultSettings = {};
    for (const n of this.oneShots) out[n] = true;
    if (this.drip) out.dripBytes = true;
    if (this.connectStatus !== undefined) out.connectStatus = this.connectStatus as 400 | 403;
    if (this.connectDelay !== undefined) out.delayConnectResponse = this.connectDelay;
    const now = this.now();
    if (this.refuseUntil > now) out.refuseConnections = this.refuseUntil - now;
    if (this.stallUntil > now) out.stallHandshake = this.stallUntil - now;
    if (this.rest && this.rest.remaining > 0) {
      out.restStatus = { status: this.rest.status as 429, count: this.rest.remaining };
      if (this.rest.retryAfter !== undefined) out.restStatus.retryAfter = this.rest.retryAfter;
    }
    if (this.restDelay) out.restDelayMs = this.restDelay;
    if (this.dropEvery) out.dropEvery = this.dropEvery;
    if (this.blocksLeft !== undefined) out.disconnectAfterBlocks = this.blocksLeft;
    if (this.disconnectChance) out.randomDisconnect = this.disconnectChance;
    if (this.dropAccepted) out.dropAfterHandshake = true;
    if (this.scope !== undefined) out.monitorId = this.scope;
    return out;
  }

  /** How many times each fault was applied. */
  applied(): Record<string, number> {
    return { ...this.counts };
  }

  private hit(name: string, monitorId?: number): true {
    this.counts[name] = (this.counts[name] ?? 0) + 1;
    this.onApplied(name, monitorId);
    return true;
  }

  private inScope(monitorId: number | undefined): boolean {
    return this.scope === undefined || monitorId === undefined || this.scope === monitorId;
  }

  takeOneShot(name: OneShotFault, monitorId: number): boolean {
    if (!this.oneShots.has(name) || !this.inScope(monitorId)) return false;
    this.oneShots.delete(name);
    return this.hit(name, monitorId);
  }

  dripBytes(monitorId: number | undefined): boolean {
    return this.drip && this.inScope(monitorId);
  }

  refuseConnection(): boolean {
    return this.refuseUntil > this.now() && this.hit('refuseConnections');
  }

  stallHandshake(): boolean {
    return this.stallUntil > this.now() && this.hit('stallHandshake');
  }

  takeConnectStatus(monitorId: number): number | undefined {
    const s = this.connectStatus;
    if (s === undefined || !this.inScope(monitorId)) return undefined;
    this.connectStatus = undefined;
    this.hit('connectStatus', monitorId);
    return s;
  }

  takeConnectDelay(monitorId: number): number | undefined {
    const d = this.connectDelay;
    if (d === undefined || !this.inScope(monitorId)) return undefined;
    this.connectDelay = undefined;
    this.hit('delayConnectResponse', monitorId);
    return d;
  }

  takeRestStatus(): { status: number; retryAfter?: number } | undefined {
    const r = this.rest;
    if (!r || r.remaining <= 0) return undefined;
    r.remaining -= 1;
    this.hit('restStatus');
    return r.retryAfter === undefined ? { status: r.status } : { status: r.status, retryAfter: r.retryAfter };
  }

  restDelayMs(): number {
    if (this.restDelay > 0) this.hit('restDelayMs');
    return this.restDelay;
  }

  /** True when this event must be dropped (every dropEvery-th event). */
  dropEvent(monitorId: number): boolean {
    if (!this.dropEvery || !this.inScope(monitorId)) return false;
    this.dropCounter += 1;
    if (this.dropCounter % this.dropEvery !== 0) return false;
    return this.hit('dropEvery', monitorId);
  }

  /** Called after an accepted handshake; true when the connection must be closed at once. */
  dropAfterHandshake(monitorId: number): boolean {
    return this.dropAccepted && this.inScope(monitorId) && this.hit('dropAfterHandshake', monitorId);
  }

  /** Called after each block; true when the connection must now be closed. */
  disconnectAfterBlock(monitorId: number): boolean {
    if (!this.inScope(monitorId)) return false;
    if (this.blocksLeft !== undefined) {
      this.blocksLeft -= 1;
      if (this.blocksLeft <= 0) {
        this.blocksLeft = undefined;
        return this.hit('disconnectAfterBlocks', monitorId);
      }
    }
    return this.disconnectChance > 0 && this.rng.chance(this.disconnectChance) && this.hit('randomDisconnect', monitorId);
  }
}
