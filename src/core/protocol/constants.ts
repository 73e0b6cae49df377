// Wire constants of the TCP push protocol (push-protocol.md §2).

export const FrameType = {
  ConnectRequest: 1,
  ConnectResponse: 2,
  PublishMessage: 3,
  PublishMessageReceived: 4,
} as const;
export type FrameTypeValue = (typeof FrameType)[keyof typeof FrameType];

export const PROTOCOL_VERSION = 1;
/** u16 type + u32 length; length counts the bytes after the header. */
export const HEADER_SIZE = 6;
/** PublishMessage sub-header: u16 blockId, u16 count, u8 compression, u8 format, u32 payloadSize. */
export const PUBLISH_SUBHEADER_SIZE = 10;

export const Status = { OK: 200, BAD_REQUEST: 400, UNAUTHORIZED: 403 } as const;

export const Compression = { None: 0, Zlib: 1 } as const;
export const Format = { Xml: 0, Json: 1 } as const;

/** Monitor ids travel as a u32 in ConnectRequest; Remote Manager numbers them from 1. */
export const MAX_MONITOR_ID = 0xffffffff;
/** An integer from 1 to MAX_MONITOR_ID. */
export const isMonitorId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_MONITOR_ID;

export const DEFAULT_PUSH_PORT = 3200;
export const DEFAULT_PUSH_TLS_PORT = 3201;

/**
 * Default cap on one frame: enough for a batch of 100 FileData events of 120 KB
 * each after Base64 (≈ 160 KB) plus envelope, with headroom. A header announcing
 * more is rejected before anything is allocated for it.
 */
export const DEFAULT_MAX_FRAME_LENGTH = 32 * 1024 * 1024;
/** Cap on the inflated size of one payload (zip-bomb guard). */
export const DEFAULT_MAX_INFLATED_LENGTH = 128 * 1024 * 1024;
