// The simulated device inventory of one customer (rest-devices-streams §2): each device's
// DeviceCore state, lookups by record id and by device id, and the connected set the
// generator draws from in O(1) (a fleet of 10,000 is never scanned per event).
//
// Identity, type, firmware and addresses come from the generator's PRNG (the one that also
// drives the event stream, so a seed reproduces both); the descriptive profile (group,
// description, contact, location, modem, dates, initial connection) comes from a second
// seeded PRNG, so adding profile fields never shifts the event stream.

import { Random } from './random';

export interface DeviceGroup {
  readonly id: number;
  /** `""` = the root group. */
  readonly path: string;
}

export interface DeviceProfile {
  readonly description?: string;
  readonly contact?: string;
  readonly location?: string;
  readonly lat?: number;
  readonly long?: number;
}

export interface SimDevice {
  /** Device Cloud id, `00000000-00000000-00409DFF-FFxxxxxx`. */
  readonly deviceId: string;
  /** DeviceCore record id (`id.devId`), the path of DeviceCore push topics. */
  readonly devId: number;
  readonly mac: string;
  readonly type: string;
  readonly firmware: readonly [number, string];
  readonly ip: string;
  readonly globalIp: string;
  /** IMEI of the cellular modem (cellular types only). */
  readonly modemId?: string;
  readonly group: DeviceGroup;
  /** devRecordStartDate, epoch ms. */
  readonly recordStart: number;
  readonly profile: DeviceProfile;
  connected: boolean;
  lastConnect: number;
  lastDisconnect?: number;
  /** UUID of the device's last DeviceCore event (its dpUserMetaData), once it had one. */
  lastEventUuid?: string;
  /** The generator's random walk per metric stream. */
  values: number[];
  /** Index in the fleet's connected list, -1 while disconnected. */
  onlineAt: number;
}

export class UnknownDeviceError extends Error {}

export class DeviceFleet {
  private readonly byDevId = new Map<number, SimDevice>();
  private readonly byDeviceId = new Map<string, SimDevice>();
  private readonly online: SimDevice[] = [];

  /** `list` in devId order (the order GET /ws/DeviceCore lists them). */
  constructor(
    readonly cstId: number,
    readonly list: readonly SimDevice[],
  ) {
    for (const d of list) {
      this.byDevId.set(d.devId, d);
      this.byDeviceId.set(d.deviceId, d);
      d.onlineAt = -1;
      if (d.connected) this.addOnline(d);
    }
  }

  get(devId: number): SimDevice | undefined {
    return this.byDevId.get(devId);
  }

  /** By device id, case-insensitively (ids are upper-case hex; users type them either way). */
  find(deviceId: string): SimDevice | undefined {
    return this.byDeviceId.get(deviceId.toUpperCase());
  }

  /** The device with this id, or an UnknownDeviceError naming it. */
  require(deviceId: string): SimDevice {
    const d = this.find(deviceId);
    if (!d) throw new UnknownDeviceError(`no device ${JSON.stringify(deviceId.slice(0, 80))} in customer ${this.cstId}'s fleet`);
    return d;
  }

  get onlineCount(): number {
    return this.online.length;
  }

  /** A uniformly random connected device (one PRNG draw), undefined when none is. */
  pickOnline(rng: Random): SimDevice | undefined {
    return this.online.length === 0 ? undefined : rng.pick(this.online);
  }

  /** Connects or disconnects; false (nothing changed) when it already was. */
  setConnected(d: SimDevice, connected: boolean, now: number): boolean {
    if (d.connected === connected) return false;
    d.connected = connected;
    if (connected) {
      d.lastConnect = now;
      this.addOnline(d);
    } else {
      d.lastDisconnect = now;
      this.removeOnline(d);
    }
    return true;
  }

  private addOnline(d: SimDevice): void {
    d.onlineAt = this.online.length;
    this.online.push(d);
  }

  /** Swap-remove: O(1). */
  private removeOnline(d: SimDevice): void {
    const last = this.online.pop() as SimDevice;
    if (last !== d) {
      this.online[d.onlineAt] = last;
      last.onlineAt = d.onlineAt;
    }
    d.onlineAt = -1;
  }
}

const DEVICE_TYPES = ['Digi IX15', 'Digi TX54', 'Digi EX15', 'XBee3 Cellular LTE-M', 'Digi IX20', 'ConnectPort X2e'];
const NOT_CELLULAR = new Set(['ConnectPort X2e']);
const FIRMWARE: readonly [number, string][] = [
  [369098752, '22.2.9.85'],
  [385875968, '23.3.31.88'],
  [402653184, '24.6.17.54'],
];
const GROUP_PATHS = ['', '', 'Plant', 'Plant/Boiler room', 'Field/North', 'Field/South', 'Fleet/Vans'];
const DESCRIPTIONS = [
  'Boiler room gateway', 'Cold store monitor', 'Loading dock router', 'Pump station', 'Rooftop weather node',
  'Substation meter', 'Greenhouse sensor hub', 'Lift station controller', 'Lobby kiosk', 'Delivery van',
  'Chiller plant gateway', 'Water tower level sensor',
];
const CONTACTS = ['Facilities team', 'ops@example.com', 'Night shift supervisor', 'Field service'];
const PLACES: readonly [string, number, number][] = [
  ['Minneapolis, MN', 44.9778, -93.265],
  ['Building A, floor 2', 44.8547, -93.4708],
  ['Warehouse 3', 41.8781, -87.6298],
  ['Hopkins, MN', 44.9241, -93.4052],
];

export interface FleetOptions {
  cstId: number;
  size: number;
  /** Identity, type, firmware and addresses (the generator's own PRNG). */
  rng: Random;
  /** The descriptive profile. */
  profileRng: Random;
  now: number;
  /** The generator's initial metric values for a new device (drawn from `rng`). */
  initialValues: () => number[];
}

const DAY_MS = 86_400_000;

function profileOf(r: Random): DeviceProfile {
  const place = r.chance(0.4) ? r.pick(PLACES) : undefined;
  const description = r.chance(0.6) ? `${r.pick(DESCRIPTIONS)}${r.chance(0.5) ? ` ${r.int(1, 40)}` : ''}` : undefined;
  return {
    description,
    contact: r.chance(0.3) ? r.pick(CONTACTS) : undefined,
    location: place?.[0],
    lat: place ? Math.round((place[1] + (r.next() - 0.5) / 50) * 1e6) / 1e6 : undefined,
    long: place ? Math.round((place[2] + (r.next() - 0.5) / 50) * 1e6) / 1e6 : undefined,
  };
}

/** A fleet of `size` devices with unique ids, ascending devIds, ~92 % connected. */
export function createFleet(o: FleetOptions): DeviceFleet {
  const { rng, profileRng: pr } = o;
  const used = new Set<string>();
  const devices: SimDevice[] = [];
  let devId = rng.int(6000, 60000);
  while (devices.length < o.size) {
    const tail = rng.hex(6);
    if (used.has(tail)) continue;
    used.add(tail);
    devId += rng.int(1, 40);
    const type = rng.pick(DEVICE_TYPES);
    const groupPath = pr.pick(GROUP_PATHS);
    const recordStart = Math.floor(o.now / DAY_MS - pr.int(30, 400)) * DAY_MS;
    const lastConnect = o.now - pr.int(5 * 60_000, 20 * DAY_MS);
    const connected = pr.chance(0.92);
    devices.push({
      deviceId: `00000000-00000000-00409DFF-FF${tail}`,
      devId,
      mac: `00:40:9D:${tail.slice(0, 2)}:${tail.slice(2, 4)}:${tail.slice(4, 6)}`,
      type,
      firmware: rng.pick(FIRMWARE),
      ip: `10.${rng.int(0, 256)}.${rng.int(0, 256)}.${rng.int(2, 255)}`,
      globalIp: `203.0.113.${rng.int(1, 255)}`, // TEST-NET-3
      modemId: NOT_CELLULAR.has(type) ? undefined : `35${String(pr.int(0, 1e7)).padStart(7, '0')}${String(pr.int(0, 1e6)).padStart(6, '0')}`,
      group: { id: groupPath === '' ? o.cstId : o.cstId * 100 + GROUP_PATHS.indexOf(groupPath), path: groupPath },
      recordStart,
      profile: profileOf(pr),
      connected,
      lastConnect: connected ? lastConnect : lastConnect - pr.int(DAY_MS, 10 * DAY_MS),
      lastDisconnect: connected ? lastConnect - pr.int(1000, 3_600_000) : lastConnect,
      values: o.initialValues(),
      onlineAt: -1,
    });
  }
  return new DeviceFleet(o.cstId, devices);
}
