// A simulated device fleet producing realistic events (push-protocol §3.3): DeviceCore
// connect/disconnect UPDATEs, DataPoint INSERTIONs on per-device metric streams, FileData
// uploads and AlarmStatus changes. Everything random comes from seeded PRNGs (the fleet's
// profile from its own, deviceStore.ts), so a seed reproduces the fleet and the event
// stream (time fields follow the clock). The fleet's state is the DeviceCore inventory
// (deviceStore.ts, deviceCore.ts): a connect/disconnect event carries the record REST shows.
// Each event gets the next global sequence number (see sequence.ts for where it lives).

import { AccountBook, type SimAccount } from './accounts';
import { dataPointEvent } from './dataPointEvent';
import { deviceCoreEvent } from './deviceCore';
import { createFleet, type DeviceFleet, type SimDevice } from './deviceStore';
import { Random } from './random';
import { eventUuid } from './sequence';
import type { SimEvent } from './simEvent';

interface StreamSpec {
  name: string;
  units: string;
  kind: 'DOUBLE' | 'INTEGER';
  min: number;
  max: number;
  step: number;
}

const STREAMS: readonly StreamSpec[] = [
  { name: 'temperature', units: 'C', kind: 'DOUBLE', min: 12, max: 38, step: 0.6 },
  { name: 'humidity', units: '%', kind: 'DOUBLE', min: 20, max: 85, step: 1.5 },
  { name: 'battery', units: '%', kind: 'INTEGER', min: 5, max: 100, step: 1 },
  { name: 'signal', units: 'dBm', kind: 'INTEGER', min: -110, max: -55, step: 3 },
  { name: 'cpu', units: '%', kind: 'INTEGER', min: 1, max: 95, step: 7 },
];

interface AlarmState {
  almId: number;
  source: string;
  status: number;
  created: boolean;
}

export interface GeneratorOptions {
  account: SimAccount;
  devices: number;
  seed?: number;
  clock: () => number;
  /** Hands out the next global sequence number. */
  nextSeq: () => number;
}

/** Seed of the device-profile PRNG, derived from the generator's seed. */
const PROFILE_SEED_SALT = 0x5bd1e995;

const round = (v: number, kind: StreamSpec['kind']) => (kind === 'INTEGER' ? Math.round(v) : Math.round(v * 100) / 100);

export class EventGenerator {
  /** The fleet in devId order (devices.list). */
  readonly fleet: readonly SimDevice[];
  readonly devices: DeviceFleet;
  private readonly rng: Random;
  private readonly account: SimAccount;
  private readonly clock: () => number;
  private readonly nextSeq: () => number;
  private readonly alarms = new Map<string, AlarmState>();

  constructor(options: GeneratorOptions) {
    this.rng = new Random(options.seed);
    this.account = options.account;
    this.clock = options.clock;
    this.nextSeq = options.nextSeq;
    this.devices = createFleet({
      cstId: options.account.customerId,
      size: Math.max(1, Math.floor(options.devices)),
      rng: this.rng,
      profileRng: new Random(options.seed === undefined ? undefined : (options.seed ^ PROFILE_SEED_SALT) >>> 0),
      now: this.clock(),
      initialValues: () => STREAMS.map((s) => round(s.min + this.rng.next() * (s.max - s.min), s.kind)),
    });
    this.fleet = this.devices.list;
  }

  /** The next event of the stream. */
  next(): SimEvent {
    const r = this.rng.next();
    if (r < 0.7) return this.nextDataPoint();
    if (r < 0.82) return this.deviceToggle(this.rng.pick(this.fleet));
    if (r < 0.91) return this.fileUpload();
    return this.alarmChange();
  }

  /**
   * Connects or disconnects a device: updates its record and returns the DeviceCore UPDATE
   * carrying it, or undefined when the device already was in that state.
   */
  setConnection(device: SimDevice, connected: boolean): SimEvent | undefined {
    const now = this.clock();
    if (!this.devices.setConnected(device, connected, now)) return undefined;
    return deviceCoreEvent(device, this.account.customerId, this.nextSeq(), now);
  }

  private nextDataPoint(): SimEvent {
    const device = this.devices.pickOnline(this.rng);
    if (!device) return this.deviceToggle(this.rng.pick(this.fleet));
    const i = this.rng.int(0, STREAMS.length);
    const s = STREAMS[i];
    const walked = device.values[i] + (this.rng.next() * 2 - 1) * s.step;
    device.values[i] = round(Math.min(s.max, Math.max(s.min, walked)), s.kind);
    const spec = { deviceId: device.deviceId, stream: s.name, value: device.values[i], units: s.units, kind: s.kind };
    return dataPointEvent(this.account, spec, this.nextSeq(), this.clock());
  }

  private deviceToggle(device: SimDevice): SimEvent {
    return this.setConnection(device, !device.connected) as SimEvent; // a toggle always changes
  }

  private fileUpload(): SimEvent {
    const now = this.clock();
    const device = this.rng.pick(this.fleet);
    const seq = this.nextSeq();
    const uuid = eventUuid(seq, now);
    const cstId = this.account.customerId;
    const dir = `/${AccountBook.storageRoot(this.account)}/${device.deviceId}/uploads/`;
    const name = `${uuid}.json`;
    const content = JSON.stringify({ device: device.deviceId, seq, uploaded: new Date(now).toISOString(), readings: device.values });
    const iso = new Date(now).toISOString();
    return {
      type: 'FileData',
      operation: 'INSERTION',
      topic: `${cstId}/FileData${dir}${name}`,
      timestamp: iso,
      cstId,
      seq,
      uuid,
      data: {
        id: { fdPath: dir, fdName: name },
        cstId,
        fdType: 'file',
        fdContentType: 'application/json',
        fdSize: Buffer.byteLength(content),
        fdCreatedDate: iso,
        fdLastModifiedDate: iso,
        fdArchive: false,
        fdData: Buffer.from(content).toString('base64'),
      },
    };
  }

  private alarmChange(): SimEvent {
    const now = this.clock();
    const device = this.rng.pick(this.fleet);
    const source = `${device.deviceId}/metrics/temperature`;
    let alarm = this.alarms.get(source);
    if (!alarm) {
      alarm = { almId: 41000 + this.alarms.size * 7 + this.rng.int(0, 7), source, status: 0, created: false };
      this.alarms.set(source, alarm);
    }
    // Cycle triggered (1) → acknowledged (2) → reset (0) → triggered …
    alarm.status = alarm.status === 0 ? 1 : alarm.status === 1 ? 2 : 0;
    const operation = alarm.created ? 'UPDATE' : 'CREATE';
    alarm.created = true;
    const seq = this.nextSeq();
    const uuid = eventUuid(seq, now);
    const cstId = this.account.customerId;
    const payload =
      `<DataPoint><id>${uuid}</id><streamId>${source}</streamId>` +
      `<data>${device.values[0]}</data><timestamp>${now}</timestamp></DataPoint>`;
    return {
      type: 'AlarmStatus',
      operation,
      topic: `${cstId}/AlarmStatus/${alarm.almId}/${encodeURIComponent(source)}`,
      timestamp: new Date(now).toISOString(),
      cstId,
      seq,
      uuid,
      data: {
        id: { almId: alarm.almId, almsSourceEntityId: source },
        cstId,
        almsStatus: alarm.status,
        almsTopic: 'Alarm.DataPointCondition',
        almsUpdateTime: new Date(now).toISOString(),
        almsPayload: payload,
      },
    };
  }
}
