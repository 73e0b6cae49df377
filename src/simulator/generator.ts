// A simulated device fleet producing realistic events (push-protocol §3.3): DeviceCore
// connect/disconnect UPDATEs, DataPoint INSERTIONs on per-device metric streams, FileData
// uploads and AlarmStatus changes. Everything random comes from one seeded PRNG, so a
// seed reproduces the fleet and the event stream (time fields follow the clock).
// Each event gets the next global sequence number (see sequence.ts for where it lives).

import { AccountBook, type SimAccount } from './accounts';
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

const DEVICE_TYPES = ['Digi IX15', 'Digi TX54', 'Digi EX15', 'XBee3 Cellular LTE-M', 'Digi IX20'];
const FIRMWARE: readonly [number, string][] = [
  [369098752, '22.2.9.85'],
  [385875968, '23.3.31.88'],
  [402653184, '24.6.17.54'],
];

export interface SimDevice {
  /** Device Cloud id, `00000000-00000000-00409DFF-FFxxxxxx`. */
  deviceId: string;
  devId: number;
  mac: string;
  type: string;
  firmware: readonly [number, string];
  ip: string;
  globalIp: string;
  connected: boolean;
  lastConnect: number;
  values: number[];
}

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

export interface DataPointSpec {
  deviceId: string;
  stream: string;
  value: number;
  units: string;
  kind: string;
}

/**
 * One DataPoint INSERTION (§3.3 fields; timestamps in epoch ms inside the resource) with
 * sequence number `seq`. Burst mode uses it as its template.
 */
export function dataPointEvent(account: SimAccount, p: DataPointSpec, seq: number, now: number): SimEvent {
  const uuid = eventUuid(seq, now);
  const streamId = `${p.deviceId}/metrics/${p.stream}`;
  const cstId = account.customerId;
  return {
    type: 'DataPoint',
    operation: 'INSERTION',
    topic: `${cstId}/DataPoint/${streamId}`,
    timestamp: new Date(now).toISOString(),
    cstId,
    seq,
    uuid,
    data: {
      id: uuid,
      cstId,
      streamId,
      streamType: p.kind,
      streamUnits: p.units,
      data: p.value,
      description: '',
      quality: 0,
      timestamp: now,
      serverTimestamp: now,
    },
  };
}

const round = (v: number, kind: StreamSpec['kind']) => (kind === 'INTEGER' ? Math.round(v) : Math.round(v * 100) / 100);

export class EventGenerator {
  readonly fleet: readonly SimDevice[];
  private readonly rng: Random;
  private readonly account: SimAccount;
  private readonly clock: () => number;
  private readonly nextSeq: () => number;
  private readonly alarms = new Map<string, AlarmState>();
  private readonly startDate: string;

  constructor(options: GeneratorOptions) {
    this.rng = new Random(options.seed);
    this.account = options.account;
    this.clock = options.clock;
    this.nextSeq = options.nextSeq;
    this.startDate = new Date(Math.floor(this.clock() / 86_400_000 - 30) * 86_400_000).toISOString();
    this.fleet = this.makeFleet(Math.max(1, Math.floor(options.devices)));
  }

  /** The next event of the stream. */
  next(): SimEvent {
    const r = this.rng.next();
    if (r < 0.7) return this.nextDataPoint();
    if (r < 0.82) return this.deviceToggle(this.rng.pick(this.fleet));
    if (r < 0.91) return this.fileUpload();
    return this.alarmChange();
  }

  private makeFleet(n: number): SimDevice[] {
    const used = new Set<string>();
    const devices: SimDevice[] = [];
    let devId = this.rng.int(6000, 60000);
    while (devices.length < n) {
      const tail = this.rng.hex(6);
      if (used.has(tail)) continue;
      used.add(tail);
      devId += this.rng.int(1, 40);
      devices.push({
        deviceId: `00000000-00000000-00409DFF-FF${tail}`,
        devId,
        mac: `00:40:9D:${tail.slice(0, 2)}:${tail.slice(2, 4)}:${tail.slice(4, 6)}`,
        type: this.rng.pick(DEVICE_TYPES),
        firmware: this.rng.pick(FIRMWARE),
        ip: `10.${this.rng.int(0, 256)}.${this.rng.int(0, 256)}.${this.rng.int(2, 255)}`,
        globalIp: `203.0.113.${this.rng.int(1, 255)}`, // TEST-NET-3
        connected: true,
        lastConnect: this.clock(),
        values: STREAMS.map((s) => round(s.min + this.rng.next() * (s.max - s.min), s.kind)),
      });
    }
    return devices;
  }

  private nextDataPoint(): SimEvent {
    const online = this.fleet.filter((d) => d.connected);
    if (online.length === 0) return this.deviceToggle(this.rng.pick(this.fleet));
    const device = this.rng.pick(online);
    const i = this.rng.int(0, STREAMS.length);
    const s = STREAMS[i];
    const walked = device.values[i] + (this.rng.next() * 2 - 1) * s.step;
    device.values[i] = round(Math.min(s.max, Math.max(s.min, walked)), s.kind);
    const spec = { deviceId: device.deviceId, stream: s.name, value: device.values[i], units: s.units, kind: s.kind };
    return dataPointEvent(this.account, spec, this.nextSeq(), this.clock());
  }

  private deviceToggle(device: SimDevice): SimEvent {
    const now = this.clock();
    device.connected = !device.connected;
    if (device.connected) device.lastConnect = now;
    const seq = this.nextSeq();
    const uuid = eventUuid(seq, now);
    const cstId = this.account.customerId;
    return {
      type: 'DeviceCore',
      operation: 'UPDATE',
      topic: `${cstId}/DeviceCore/${device.devId}/0`,
      timestamp: new Date(now).toISOString(),
      cstId,
      seq,
      uuid,
      data: {
        id: { devId: device.devId, devVersion: 0 },
        cstId,
        grpId: cstId,
        devConnectwareId: device.deviceId,
        devMac: device.mac,
        devEffectiveStartDate: this.startDate,
        devRecordStartDate: this.startDate,
        devTerminated: false,
        dpDeviceType: device.type,
        dpConnectionStatus: device.connected ? 1 : 0,
        dpRestrictedStatus: 0,
        dpCapabilities: 67174,
        dpFirmwareLevel: device.firmware[0],
        dpFirmwareLevelDesc: device.firmware[1],
        dpLastKnownIp: device.ip,
        dpGlobalIp: device.globalIp,
        dpLastConnectTime: new Date(device.lastConnect).toISOString(),
        dpUserMetaData: uuid,
      },
    };
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
