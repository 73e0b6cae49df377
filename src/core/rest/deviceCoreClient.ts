// Client for /ws/DeviceCore (rest-devices-streams §2): the device inventory, page by page
// (start/size, continue while rows remain), one device by record id, or by device id.
// Read-only: provisioning, edits and deletes of devices are left out.

import { describeValue, PushMonitorError } from '../errors';
import { parseDevicePage } from '../devices/deviceCore';
import { checkConditionValue, checkPageSize, invalidArgument } from '../devices/ids';
import type { DeviceInfo, ListDevicesOptions, RowPage } from '../devices/types';
import { allItems, DeviceDataClient, DEFAULT_PAGE_SIZE, JSON_ACCEPT, parseAnswer, queryString } from './answers';

const DEVICE_PATH = '/ws/DeviceCore';

export class DeviceCoreClient extends DeviceDataClient {
  /** One page of devices; `condition` (e.g. `dpConnectionStatus=1`) is sent percent-encoded. */
  async listDevices(opts: ListDevicesOptions = {}): Promise<RowPage<DeviceInfo>> {
    if (opts.start !== undefined && (!Number.isSafeInteger(opts.start) || opts.start < 0)) {
      throw invalidArgument(`start must be a non-negative integer, got ${describeValue(opts.start)}`);
    }
    checkPageSize(opts.size);
    if (opts.condition !== undefined && typeof opts.condition !== 'string') throw invalidArgument('condition must be text');
    const path = DEVICE_PATH + queryString({ condition: opts.condition, start: opts.start, size: opts.size });
    const res = await this.connection.send('GET', path, { accept: JSON_ACCEPT });
    return parseAnswer(this.connection, 'GET', path, res.body, parseDevicePage);
  }

  /**
   * Every page from `opts.start` (default 0), `opts.size` rows at a time (default 1000). Advances
   * by the rows that came back (a server may cap the size) and stops on an empty page, when no
   * rows remain, or when the reported total is reached; a server that keeps saying rows remain
   * past maxPages pages is an error rather than an endless loop.
   */
  async *pages(opts: ListDevicesOptions = {}): AsyncGenerator<RowPage<DeviceInfo>, void, undefined> {
    const size = opts.size ?? DEFAULT_PAGE_SIZE;
    let start = opts.start ?? 0;
    for (let n = 0; n < this.maxPages; n++) {
      const page = await this.listDevices({ condition: opts.condition, start, size });
      yield page;
      if (page.items.length === 0 || page.remaining <= 0) return;
      start += page.items.length;
      if (page.total !== undefined && start >= page.total) return;
    }
    throw new PushMonitorError(
      'MALFORMED_RESPONSE',
      `GET ${DEVICE_PATH} from ${this.connection.target}: still reports rows remaining after ${this.maxPages} pages (${start} rows); stopped`,
    );
  }

  /** Every device matching `condition`, all pages. */
  async listAllDevices(condition?: string): Promise<DeviceInfo[]> {
    return allItems(this.pages({ condition }));
  }

  /** One device by its numeric record id (`id.devId`); an unknown id is NOT_FOUND. */
  async getDevice(devId: number): Promise<DeviceInfo> {
    if (!Number.isSafeInteger(devId) || devId < 1) throw invalidArgument(`devId must be a positive integer, got ${describeValue(devId)}`);
    return this.getOne(`${DEVICE_PATH}/${devId}`, `device ${devId}`, parseDevicePage, (d) => d.devId === devId);
  }

  /**
   * The device with this device id (`00000000-00000000-00409DFF-FF58175B`), compared without
   * regard to case; undefined when the account has none. A quote in the id is refused: the
   * condition cannot carry it.
   */
  async findDevice(deviceId: string): Promise<DeviceInfo | undefined> {
    const id = checkConditionValue(deviceId, 'deviceId').trim();
    const page = await this.listDevices({ condition: `devConnectwareId='${id}'`, size: DEFAULT_PAGE_SIZE });
    const wanted = id.toLowerCase();
    return page.items.find((d) => d.deviceId.toLowerCase() === wanted);
  }
}
