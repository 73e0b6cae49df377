// The nodes of the Devices view, and what its context-menu commands receive as their
// argument: a device of an account, or one data stream of a device.

import type { DataStreamInfo, DeviceInfo } from '../../core';

export interface DeviceNode {
  readonly kind: 'device';
  readonly accountId: string;
  readonly device: DeviceInfo;
}

export interface StreamNode {
  readonly kind: 'stream';
  readonly accountId: string;
  /** The device the stream belongs to (`<device id>/<path>` by convention). */
  readonly deviceId: string;
  readonly stream: DataStreamInfo;
}

export const isDeviceNode = (v: unknown): v is DeviceNode =>
  typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'device' && typeof (v as DeviceNode).accountId === 'string';

export const isStreamNode = (v: unknown): v is StreamNode =>
  typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'stream' && typeof (v as StreamNode).accountId === 'string';
