// The normalised event model every consumer sees (CLI, extension, viewer, tests).

export type EventFormat = 'json' | 'xml';

/** One pushed event (one `Msg` of a PublishMessage document). */
export interface PushEvent {
  kind: 'event';
  /** Full event topic, `<cstId>/<Resource>/<path>` (push-protocol §3.2). */
  topic: string;
  /** Resource name: DeviceCore, DataPoint, FileData, AlarmStatus, … */
  type: string;
  /** Operation, upper-cased (XML documents spell it in lower case): CREATE, UPDATE, DELETE, INSERTION. */
  operation: string;
  /** Event time from the envelope, ISO-8601 as sent. */
  timestamp: string;
  group?: string;
  /** True when the platform re-sent the event through monAutoReplayOnConnect. */
  replay: boolean;
  /** The resource object (`Msg.<Resource>`), with JSON types kept. */
  data: unknown;
  format: EventFormat;
  /** dataBlockId of the PublishMessage that carried it. */
  blockId: number;
  /** Monitor the session belongs to (0 when decoded outside a session). */
  monitorId: number;
  /** Local receive time, ms since the epoch (one value per batch). */
  receivedAt: number;
  /** The event's own document text, when `includeRaw` was asked for. */
  raw?: string;
}

/**
 * Marks a hole in the stream: the session dropped at `disconnectedAt` and was connected
 * again at `reconnectedAt`. Events published meanwhile arrive after it only if the
 * monitor has monAutoReplayOnConnect (they are then flagged `replay`).
 */
export interface GapMarker {
  kind: 'gap';
  monitorId: number;
  disconnectedAt: number;
  reconnectedAt: number;
  reason: string;
}

export type SessionItem = PushEvent | GapMarker;

const DEVICE_ID = /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{8}-[0-9A-Fa-f]{8}-[0-9A-Fa-f]{8}/;

/** Best-effort device id (Device Cloud id form) of an event, for display and filtering. */
export function eventDeviceId(event: PushEvent): string | undefined {
  const d = event.data as Record<string, unknown> | undefined;
  if (d && typeof d === 'object') {
    const direct = d.devConnectwareId;
    if (typeof direct === 'string') return direct;
  }
  const m = DEVICE_ID.exec(event.topic);
  if (m) return m[0];
  if (d && typeof d === 'object') {
    for (const key of ['streamId', 'almsSourceEntityId']) {
      const v = d[key];
      if (typeof v === 'string') {
        const mm = DEVICE_ID.exec(v);
        if (mm) return mm[0];
      }
    }
  }
  return undefined;
}
