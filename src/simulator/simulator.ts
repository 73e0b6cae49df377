// The running simulator: wires accounts, monitor store, delivery hub, generator, faults,
// REST/control server and push listeners together, and is the handle tests drive.

import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Logger, monitorCreateFields, type MonitorSettings, silentLogger, systemClock, withRedaction } from '../core';
import { AccountBook, DEMO_ACCOUNT, type SimAccount } from './accounts';
import { createCertificates } from './certificates';
import type { BurstResult, MonitorStats } from './channel';
import { createControlHandler } from './control';
import { Faults } from './faults';
import { EventGenerator } from './generator';
import {
  type DeviceConnectionChange,
  type FaultControl,
  type MonitorSummary,
  SIMULATOR_DEFAULTS,
  type SimulatorEventMap,
  type SimulatorHandle,
  type SimulatorOptions,
  type SimulatorStats,
} from './handle';
import { Hub, type HubNotice } from './hub';
import { isLoopbackHost } from './loopback';
import { type PushServers, startPushServers } from './pushServer';
import { createRestServer } from './restServer';
import { eventFromInput, type EventInput, type SimEvent } from './simEvent';
import { deliverySettings, MonitorStore } from './store';
import { StreamStore } from './streamStore';
import { Timers, type SimTimer } from './timers';

const EMPTY_STATS: MonitorStats = {
  published: 0, sent: 0, acked: 0, replayed: 0, dropped: 0, blocksSent: 0, connections: 0,
  acksReceived: 0, legacyAcks: 0, queued: 0, unackedBlocks: 0,
};

function positiveInt(name: string, v: number | undefined, dflt: number, min = 1): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${v}`);
  return v;
}

export class Simulator extends EventEmitter<SimulatorEventMap> implements SimulatorHandle {
  restUrl = '';
  restPort = 0;
  pushPort = 0;
  pushTlsPort: number | null = null;
  caPem = '';
  caPath = '';
  readonly host: string;
  readonly accounts: readonly SimAccount[];
  readonly faults: FaultControl;
  readonly controlToken = randomBytes(32).toString('base64url');

  private readonly book: AccountBook;
  private readonly faultState: Faults;
  private readonly timers: Timers;
  private readonly store = new MonitorStore();
  private readonly streams: StreamStore;
  private readonly hub: Hub;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly generators = new Map<string, EventGenerator>();
  private readonly seed: number | undefined;
  private readonly devices: number;
  private lastSeq = 0;
  private socketsAccepted = 0;
  private rateTimer: SimTimer | undefined;
  private rest: http.Server | undefined;
  private push: PushServers | undefined;
  private tempDir: string | undefined;
  private closing: Promise<void> | undefined;

  private constructor(private readonly options: SimulatorOptions) {
    super();
    this.host = options.host ?? SIMULATOR_DEFAULTS.host;
    this.book = new AccountBook(options.accounts ?? [DEMO_ACCOUNT]);
    this.accounts = this.book.list;
    this.logger = withRedaction(options.logger ?? silentLogger, [...this.book.secrets(), this.controlToken]);
    const clock = options.clock ?? systemClock;
    this.timers = new Timers(clock);
    this.now = options.now ?? (() => clock.now());
    this.seed = options.seed;
    this.devices = positiveInt('devices', options.devices, SIMULATOR_DEFAULTS.devices);
    this.streams = new StreamStore({
      maxPointsPerStream: positiveInt('maxPointsPerStream', options.maxPointsPerStream, SIMULATOR_DEFAULTS.maxPointsPerStream),
      maxStoredPoints: positiveInt('maxStoredPoints', options.maxStoredPoints, SIMULATOR_DEFAULTS.maxStoredPoints),
      maxStreams: SIMULATOR_DEFAULTS.maxStreams,
    });
    this.faultState = new Faults(this.now, options.seed, (name, monitorId) => {
      this.logger.info(`fault applied: ${name}${monitorId === undefined ? '' : ` (monitor ${monitorId})`}`);
      this.emit('fault', monitorId === undefined ? { name } : { name, monitorId });
    });
    this.faults = this.faultState;
    this.hub = new Hub({
      store: this.store,
      accounts: this.book,
      faults: this.faultState,
      timers: this.timers,
      logger: this.logger,
      now: this.now,
      notify: (n) => this.onNotice(n),
      ackWindow: positiveInt('ackWindow', options.ackWindow, SIMULATOR_DEFAULTS.ackWindow),
      maxReplayEvents: positiveInt('maxReplayEvents', options.maxReplayEvents, SIMULATOR_DEFAULTS.maxReplayEvents),
      reserveSequence: (n) => {
        const first = this.lastSeq + 1;
        this.lastSeq += n;
        return first;
      },
      burstDeviceId: this.generatorFor(this.book.primary).fleet[0].deviceId,
    });
  }

  static async start(options: SimulatorOptions = {}): Promise<Simulator> {
    const host = options.host ?? SIMULATOR_DEFAULTS.host;
    if (!isLoopbackHost(host) && options.allowRemote !== true) {
      throw new RangeError(
        `refusing to listen on ${host}: not a loopback address, so other machines could use the simulator's accounts ` +
          '(the demo account\'s credentials are public); pass allowRemote: true to mean it',
      );
    }
    const sim = new Simulator(options);
    try {
      await sim.listen();
    } catch (e) {
      await sim.close();
      throw e;
    }
    return sim;
  }

  private async listen(): Promise<void> {
    const o = this.options;
    const certs = await createCertificates();
    this.caPem = certs.caPem;
    this.tempDir = await mkdtemp(path.join(tmpdir(), 'push-simulator-'));
    this.caPath = path.join(this.tempDir, 'ca.pem');
    await writeFile(this.caPath, certs.caPem, { mode: 0o600 });

    this.rest = createRestServer({
      store: this.store,
      hub: this.hub,
      accounts: this.book,
      faults: this.faultState,
      timers: this.timers,
      logger: this.logger,
      control: createControlHandler(this, this.logger, {
        token: this.controlToken,
        port: () => this.restPort,
        allowRemote: this.options.allowRemote === true,
      }),
      onChange: (action, monitorId) => this.emit('monitor', { action, monitorId }),
      fleetOf: (account) => this.generatorFor(account).devices,
      streams: this.streams,
      publish: (events) => this.dispatch(events),
      nextSeq: () => ++this.lastSeq,
      now: this.now,
    });
    const rest = this.rest;
    await new Promise<void>((resolve, reject) => {
      rest.once('error', reject);
      rest.listen(o.restPort ?? 0, this.host, () => {
        rest.off('error', reject);
        resolve();
      });
    });
    this.restPort = (rest.address() as AddressInfo).port;
    const hostPart = this.host.includes(':') ? `[${this.host}]` : this.host;
    this.restUrl = `http://${hostPart}:${this.restPort}`;

    const tlsEnabled = o.tls !== false && o.pushTlsPort !== null;
    this.push = await startPushServers({
      host: this.host,
      port: o.pushPort ?? 0,
      tlsPort: tlsEnabled ? (o.pushTlsPort ?? 0) : null,
      certPem: certs.certPem,
      keyPem: certs.keyPem,
      broker: this.hub,
      faults: this.faultState,
      timers: this.timers,
      logger: this.logger,
      onConnect: (info) => {
        this.socketsAccepted += 1;
        this.emit('connect', info);
      },
    });
    this.pushPort = this.push.port;
    this.pushTlsPort = this.push.tlsPort;
    this.setRate(o.rate ?? SIMULATOR_DEFAULTS.rate);
    this.logger.info(`simulator listening: REST ${this.restUrl}, push ${this.pushPort}, push TLS ${this.pushTlsPort ?? 'off'}`);
  }

  /** Closes servers, destroys sockets, clears every timer, removes the CA file. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.timers.clearAll();
      this.rateTimer = undefined;
      const rest = this.rest;
      if (rest) {
        rest.closeAllConnections();
        await new Promise<void>((resolve) => rest.close(() => resolve()));
      }
      await this.push?.close();
      if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true });
      this.logger.info('simulator closed');
    })();
    return this.closing;
  }

  publish(events: EventInput | EventInput[]): SimEvent[] {
    const list = (Array.isArray(events) ? events : [events]).map((input) => {
      const account = input?.username === undefined ? this.book.primary : this.book.byUsername(input.username);
      if (!account) throw new TypeError(`unknown account "${input.username}"`);
      return eventFromInput(input, account.customerId, this.now());
    });
    return this.dispatch(list);
  }

  generate(n: number, options: { username?: string } = {}): SimEvent[] {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`generate count must be a non-negative integer, got ${n}`);
    const account = options.username === undefined ? this.book.primary : this.book.byUsername(options.username);
    if (!account) throw new TypeError(`unknown account "${options.username}"`);
    const gen = this.generatorFor(account);
    const events: SimEvent[] = new Array(n);
    for (let i = 0; i < n; i++) events[i] = gen.next();
    // Generated points go into their stream's history before any monitor sees them.
    for (const e of events) if (e.type === 'DataPoint') this.streams.addGenerated(e);
    return this.dispatch(events);
  }

  disconnectDevice(deviceId: string, options: { username?: string } = {}): DeviceConnectionChange {
    return this.setDeviceConnection(deviceId, false, options.username);
  }

  connectDevice(deviceId: string, options: { username?: string } = {}): DeviceConnectionChange {
    return this.setDeviceConnection(deviceId, true, options.username);
  }

  private setDeviceConnection(deviceId: string, connected: boolean, username: string | undefined): DeviceConnectionChange {
    const account = username === undefined ? this.book.primary : this.book.byUsername(username);
    if (!account) throw new TypeError(`unknown account "${username}"`);
    const gen = this.generatorFor(account);
    const device = gen.devices.require(deviceId);
    const event = gen.setConnection(device, connected);
    if (event) this.dispatch([event]);
    return { deviceId: device.deviceId, devId: device.devId, connected: device.connected, changed: event !== undefined, ...(event?.seq === undefined ? {} : { sequence: event.seq }) };
  }

  burst(monitorId: number, n: number, options: { batchSize?: number } = {}): Promise<BurstResult> {
    const ch = this.hub.find(monitorId);
    if (!ch) return Promise.reject(new Error(`no monitor ${monitorId}`));
    return ch.burst(n, options.batchSize ?? SIMULATOR_DEFAULTS.burstBatchSize);
  }

  stats(): SimulatorStats;
  stats(monitorId: number): MonitorStats;
  stats(monitorId?: number): SimulatorStats | MonitorStats {
    if (monitorId !== undefined) {
      const s = this.hub.stats(monitorId);
      if (!s) throw new RangeError(`no monitor ${monitorId}`);
      return s;
    }
    const monitors: Record<string, MonitorStats> = {};
    const totals: MonitorStats = { ...EMPTY_STATS };
    for (const [id, s] of this.hub.allStats()) {
      monitors[String(id)] = s;
      for (const k of Object.keys(totals) as (keyof MonitorStats)[]) totals[k] += s[k];
    }
    return {
      monitors,
      totals,
      socketsAccepted: this.socketsAccepted,
      lastSequence: this.lastSeq,
      faults: this.faultState.applied(),
      dataPoints: this.streams.stats(),
    };
  }

  disconnect(monitorId?: number): number {
    return this.hub.disconnect(monitorId);
  }

  monitors(): MonitorSummary[] {
    return this.store.list().map((r) => {
      const d = deliverySettings(r);
      return {
        id: r.id,
        customerId: r.cstId,
        topics: d.topics,
        transport: d.transport,
        format: d.format,
        compression: d.zlib ? 'zlib' : 'none',
        batchSize: d.batchSize,
        batchDurationMs: d.batchDurationMs,
        explicitAck: d.explicitAck,
        autoReplay: d.autoReplay,
        status: r.status,
        connected: this.hub.find(r.id)?.connection !== undefined,
      };
    });
  }

  /** Creates a TCP monitor without going through REST (same validation). Returns its id. */
  createMonitor(s: MonitorSettings, options: { username?: string } = {}): number {
    const account = options.username === undefined ? this.book.primary : this.book.byUsername(options.username);
    if (!account) throw new TypeError(`unknown account "${options.username}"`);
    // The elements a client's create body carries (the same builder as the REST client's).
    const record = this.store.create(account.customerId, monitorCreateFields(s));
    this.hub.channel(record);
    this.emit('monitor', { action: 'created', monitorId: record.id });
    return record.id;
  }

  /** Starts, changes or (0) stops the background generator. */
  setRate(eventsPerSecond: number): void {
    if (!Number.isFinite(eventsPerSecond) || eventsPerSecond < 0) throw new RangeError(`rate must be ≥ 0, got ${eventsPerSecond}`);
    this.timers.clear(this.rateTimer);
    this.rateTimer = undefined;
    if (eventsPerSecond === 0) return;
    const tickMs = Math.max(20, Math.min(1000, 1000 / eventsPerSecond));
    const started = this.now();
    let made = 0;
    this.rateTimer = this.timers.interval(() => {
      const due = Math.floor(((this.now() - started) * eventsPerSecond) / 1000) - made;
      // After a stall, catch up by at most one second's worth rather than flooding.
      const n = Math.min(due, Math.ceil(eventsPerSecond));
      made += due;
      if (n > 0) this.generate(n);
    }, tickMs);
  }

  private generatorFor(account: SimAccount): EventGenerator {
    let g = this.generators.get(account.username);
    if (!g) {
      const index = this.book.list.indexOf(account);
      g = new EventGenerator({
        account,
        devices: this.devices,
        seed: this.seed === undefined ? undefined : this.seed + index * 7919,
        clock: this.now,
        nextSeq: () => ++this.lastSeq,
      });
      this.generators.set(account.username, g);
    }
    return g;
  }

  private dispatch(events: SimEvent[]): SimEvent[] {
    this.hub.publish(events);
    if (events.length > 0) this.emit('publish', { count: events.length });
    return events;
  }

  private onNotice(n: HubNotice): void {
    switch (n.kind) {
      case 'handshake': {
        const { kind: _kind, ...info } = n;
        this.emit('handshake', info);
        break;
      }
      case 'session': {
        const { kind: _kind, ...info } = n;
        this.logger.info(`monitor ${info.monitorId}: session ${info.connectionId} started (${info.secure ? 'TLS' : 'TCP'})`);
        this.emit('session', info);
        break;
      }
      case 'sessionEnd': {
        const { kind: _kind, ...info } = n;
        this.logger.info(`monitor ${info.monitorId}: session ${info.connectionId} ended (${info.reason})`);
        this.emit('sessionEnd', info);
        break;
      }
      case 'block': {
        const { kind: _kind, ...info } = n;
        this.emit('block', info);
        break;
      }
      case 'ack': {
        const { kind: _kind, ...info } = n;
        this.emit('ack', info);
        break;
      }
      case 'paused': {
        const { kind: _kind, ...info } = n;
        this.emit('paused', info);
        break;
      }
    }
  }
}

export function startSimulator(options?: SimulatorOptions): Promise<SimulatorHandle> {
  return Simulator.start(options);
}
