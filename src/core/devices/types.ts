// Typed records of the device-data resources (rest-devices-streams.md §2–§4): DeviceCore,
// DataStream and DataPoint, as the clients return them. The service sends every scalar as a
// string (JSON) or text (XML); parsers turn numbers, booleans and times into their types and
// leave absent optional fields absent (never null, never "").

/** One device of the inventory (`/ws/DeviceCore`). */
export interface DeviceInfo {
  /** Numeric record id (`id.devId`): the DeviceCore push topic path uses it, not the device id. */
  devId: number;
  devVersion?: number;
  /** The device id used everywhere else, e.g. `00000000-00000000-00409DFF-FF58175B`. */
  deviceId: string;
  customerId?: number;
  groupId?: number;
  /** `""` for the root group. */
  groupPath?: string;
  mac?: string;
  cellularModemId?: string;
  type?: string;
  firmwareLevel?: number;
  firmwareLevelDesc?: string;
  connected: boolean;
  /** Epoch ms. */
  lastConnectTime?: number;
  lastDisconnectTime?: number;
  lastKnownIp?: string;
  globalIp?: string;
  description?: string;
  contact?: string;
  location?: string;
  terminated?: boolean;
  /** Every field as the service sent it (flattened: `id.devId`), for a details view. */
  raw: Readonly<Record<string, string>>;
}

/** DeviceCore / Monitor style page: `start`/`size`, continue while `remaining > 0`. */
export interface RowPage<T> {
  items: T[];
  /** resultTotalRows when sent. */
  total?: number;
  start: number;
  remaining: number;
}

/** DataStream / DataPoint style page: continue with `pageCursor`; a page shorter than the requested size is the last. */
export interface CursorPage<T> {
  items: T[];
  /** Absent on the last page. */
  pageCursor?: string;
}

export type DataStreamType = 'INTEGER' | 'LONG' | 'FLOAT' | 'DOUBLE' | 'STRING' | 'BINARY' | 'JSON' | 'GEOJSON' | 'UNKNOWN';
export const DATA_STREAM_TYPES: readonly DataStreamType[] = ['INTEGER', 'LONG', 'FLOAT', 'DOUBLE', 'STRING', 'BINARY', 'JSON', 'GEOJSON', 'UNKNOWN'];
export const NUMERIC_STREAM_TYPES: readonly DataStreamType[] = ['INTEGER', 'LONG', 'FLOAT', 'DOUBLE'];

/** One data point (`/ws/DataPoint/{streamId}` history, or a stream's currentValue). */
export interface DataPointInfo {
  /** Time-based UUID. Absent on a currentValue that did not carry it. */
  id?: string;
  streamId?: string;
  customerId?: number;
  /** Client (device) time, epoch ms. */
  timestamp: number;
  /** Arrival at the service, epoch ms. */
  serverTimestamp?: number;
  /** The value as text, exactly as stored (numbers are not re-formatted). */
  data: string;
  description?: string;
  quality?: number;
  location?: string;
}

export interface DataStreamInfo {
  streamId: string;
  customerId?: number;
  dataType: DataStreamType | string;
  units?: string;
  description?: string;
  forwardTo?: string[];
  dataTtl?: number;
  rollupTtl?: number;
  /** Absent for a stream with no data. */
  currentValue?: DataPointInfo;
}

export interface ListDevicesOptions {
  /** e.g. `dpConnectionStatus=1` (rest-devices-streams §1); URL-encoded by the client. */
  condition?: string;
  start?: number;
  size?: number;
}

export interface ListStreamsOptions {
  /** Only streams whose id starts with `<device id>/` (sent as the category path the service filters on). */
  deviceId?: string;
  size?: number;
  pageCursor?: string;
}

export interface CreateStreamOptions {
  streamId: string;
  dataType: DataStreamType;
  units?: string;
  description?: string;
}

/** A point to write; `timestamp` absent = the service stamps it. */
export interface NewDataPoint {
  streamId: string;
  data: string | number | boolean;
  timestamp?: number | Date;
  description?: string;
  quality?: number;
  location?: string;
  /** Creates the stream with this type if it does not exist. */
  streamType?: DataStreamType;
  streamUnits?: string;
}

export interface HistoryOptions {
  /** Page size (the real service caps it at 1000). */
  size?: number;
  startTime?: number | Date;
  endTime?: number | Date;
  order?: 'ascending' | 'descending';
  timeline?: 'client' | 'server';
  /** Stop after this many points in all (default: every point). */
  limit?: number;
  /** Continue from this cursor of an earlier page (a "load more"). */
  pageCursor?: string;
}

/** The time range of a range delete: both ends required (without them the service deletes every point of the stream). */
export interface DeleteRangeOptions {
  startTime: number | Date;
  endTime: number | Date;
}
