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
  /**
   * `data` as JSON text, exactly JSON.stringify(data), when `includeDataJson` was asked for
   * and the document's own text of it was that (JSON documents; see protocol/jsonSource.ts).
   */
  dataJson?: string;
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
