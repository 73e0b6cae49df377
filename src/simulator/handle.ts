// The public shape of a running simulator: options, defaults, the handle, its stats and
// the events it emits for tests to wait on.

import type { EventEmitter } from 'node:events';
import type { Clock, Logger, MonitorSettings } from '../core';
import type { SimAccount } from './accounts';
import type { BurstResult, MonitorStats } from './channel';
import type { FaultSettings } from './faults';
import type { HandshakeInfo } from './pushConnection';
import type { EventInput, SimEvent } from './simEvent';

export interface SimulatorOptions {
  /** Listen address of every server. Default 127.0.0.1. Anything but loopback needs `allowRemote`. */
  host?: string;
  /**
   * Allows a non-loopback `host`: anyone who can reach it can then use the REST API and push
   * with the configured accounts (the demo account's credentials are public), and call the
   * control API with the token. Default false: startSimulator() rejects such a host.
   */
  allowRemote?: boolean;
  /** 0 (default) = a free port. */
  restPort?: number;
  pushPort?: number;
  /** null disables the TLS listener (as does `tls: false`). */
  pushTlsPort?: number | null;
  tls?: boolean;
  /** Default: [DEMO_ACCOUNT]. Generated events go to the first account's customer. */
  accounts?: SimAccount[];
  /** Background generator, events per second; 0 (default) = off. */
  rate?: number;
  /** Simulated fleet size. Default 5. */
  devices?: number;
  /** Makes fleet, event stream and random faults reproducible. */
  seed?: number;
  logger?: Logger;
  /** History kept per data stream; oldest points dropped and counted (stats().dataPoints.dropped). Default 10,000. */
  maxPointsPerStream?: number;
  /** History kept over all streams, oldest first. Default 200,000. */
  maxStoredPoints?: number;
  /** Bound on events stored per monitor (queued or kept for replay); oldest dropped and counted. Default 1,000,000. */
  maxReplayEvents?: number;
  /** Max unacked blocks on an explicit-ack monitor before sending pauses (open question §6.6). Default 64. */
  ackWindow?: number;
  /** Time and timers: event times, batching, fault delays, the rate generator (a fake one in tests). Default systemClock. */
  clock?: Clock;
  /** Reads event times and batching from this instead of clock.now (ms since the epoch). */
  now?: () => number;
}

export const SIMULATOR_DEFAULTS = {
  host: '127.0.0.1',
  rate: 0,
  devices: 5,
  maxReplayEvents: 1_000_000,
  ackWindow: 64,
  burstBatchSize: 100,
  maxPointsPerStream: 10_000,
  maxStoredPoints: 200_000,
  /** Streams an account may create over REST (generated streams are always made). */
  maxStreams: 100_000,
} as const;

export interface MonitorSummary {
  id: number;
  customerId: number;
  topics: string;
  transport: string;
  format: 'json' | 'xml';
  compression: 'zlib' | 'none';
  batchSize: number;
  batchDurationMs: number;
  explicitAck: boolean;
  autoReplay: boolean;
  status: string;
  connected: boolean;
}

export interface SimulatorStats {
  /** Per monitor id. */
  monitors: Record<string, MonitorStats>;
  /** Sums over all monitors. */
  totals: MonitorStats;
  /** Push sockets accepted (before any handshake). */
  socketsAccepted: number;
  /** Last global sequence number handed out. */
  lastSequence: number;
  /** How many times each fault was applied. */
  faults: Record<string, number>;
  /** Data stream history: streams, points kept, points dropped by a bound (not deletes). */
  dataPoints: { streams: number; points: number; dropped: number };
}

/** What connectDevice / disconnectDevice did. */
export interface DeviceConnectionChange {
  deviceId: string;
  devId: number;
  /** The device's state now. */
  connected: boolean;
  /** False when it already was in that state (no event then). */
  changed: boolean;
  /** Sequence number of the DeviceCore UPDATE published, when changed. */
  sequence?: number;
}

export interface FaultControl {
  /** Arms faults (merged with what is armed). */
  set(settings: FaultSettings): void;
  clear(): void;
  armed(): FaultSettings;
  applied(): Record<string, number>;
}

/** Events the handle emits, for tests to wait on (no sleeps). */
export interface SimulatorEventMap {
  /** A push socket was accepted (refused: the refuseConnections fault destroyed it). */
  connect: [{ remote: string; secure: boolean; refused: boolean }];
  /** A ConnectRequest was answered. */
  handshake: [HandshakeInfo];
  session: [{ monitorId: number; connectionId: number; secure: boolean }];
  sessionEnd: [{ monitorId: number; connectionId: number; reason: string }];
  block: [{ monitorId: number; blockId: number; count: number; replayed: number }];
  ack: [{ monitorId: number; blockId: number; status: number; events: number }];
  /** Sending to a monitor stalled: socket back-pressure or a full explicit-ack window. */
  paused: [{ monitorId: number; reason: 'backpressure' | 'ackWindow' }];
  monitor: [{ action: 'created' | 'updated' | 'reset' | 'deleted'; monitorId: number }];
  publish: [{ count: number }];
  fault: [{ name: string; monitorId?: number }];
}

export interface SimulatorHandle extends EventEmitter<SimulatorEventMap> {
  readonly restUrl: string;
  readonly host: string;
  readonly restPort: number;
  readonly pushPort: number;
  readonly pushTlsPort: number | null;
  readonly caPem: string;
  readonly caPath: string;
  readonly accounts: readonly SimAccount[];
  readonly faults: FaultControl;
  /**
   * Token of the /_sim/ control API, random per run: send `Authorization: Bearer <token>`.
   * The CLI prints it in its ready line; the simulator's own log redacts it.
   */
  readonly controlToken: string;
  close(): Promise<void>;
  publish(events: EventInput | EventInput[]): SimEvent[];
  generate(n: number, options?: { username?: string }): SimEvent[];
  burst(monitorId: number, n: number, options?: { batchSize?: number }): Promise<BurstResult>;
  stats(): SimulatorStats;
  stats(monitorId: number): MonitorStats;
  disconnect(monitorId?: number): number;
  monitors(): MonitorSummary[];
  createMonitor(settings: MonitorSettings, options?: { username?: string }): number;
  setRate(eventsPerSecond: number): void;
  /**
   * Disconnects one device of the account (default the first) by device id: its DeviceCore
   * record changes (dpConnectionStatus 0, dpLastDisconnectTime) and the DeviceCore UPDATE
   * carrying it is published. Unknown device: UnknownDeviceError.
   */
  disconnectDevice(deviceId: string, options?: { username?: string }): DeviceConnectionChange;
  /** Connects one device (dpConnectionStatus 1, dpLastConnectTime), as disconnectDevice. */
  connectDevice(deviceId: string, options?: { username?: string }): DeviceConnectionChange;
}

