// The simulator's internal event: one future `Msg` of a pushed document. Events are
// shared by every monitor they match, so their encoded forms are cached on them.

export interface SimEvent {
  /** Resource name (DataPoint, DeviceCore, FileData, AlarmStatus, …). */
  readonly type: string;
  /** Upper-case operation: CREATE, UPDATE, DELETE, INSERTION. */
  readonly operation: string;
  /** Full event topic `<cstId>/<type>/<path>` (push-protocol §3.2). */
  readonly topic: string;
  /** ISO-8601 UTC with milliseconds. */
  readonly timestamp: string;
  /** The resource object (`Msg.<type>`). */
  readonly data: unknown;
  readonly cstId: number;
  /** Global sequence number (generated and burst events only; see sequence.ts). */
  readonly seq?: number;
  /** Event UUID (reported as monLastSentUuid). */
  readonly uuid?: string;
  /** Lazily filled encodings (payloadEncoder.ts) and topic segments (topicFilter.ts). */
  cache?: EventCache;
}

export interface EventCache {
  jsonHead?: string;
  jsonTail?: string;
  xmlHead?: string;
  xmlBody?: string;
  pathSegments?: string[];
}

/** A custom event given to `publish()` or POST /_sim/publish. */
export interface EventInput {
  type: string;
  /** Defaults to INSERTION for DataPoint/FileData, UPDATE otherwise. */
  operation?: string;
  /** Topic path after `<cstId>/<type>/`; derived from the data when omitted (see topicPathOf). */
  topicPath?: string;
  data: unknown;
  /** ISO string, epoch ms or Date; default now. */
  timestamp?: string | number | Date;
  /** Account whose monitors receive it; default the first account. */
  username?: string;
}

export function defaultOperation(type: string): string {
  return type === 'DataPoint' || type === 'FileData' ? 'INSERTION' : 'UPDATE';
}

function rec(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

/** A best guess at the topic path real events would have for this resource object. */
export function topicPathOf(type: string, data: unknown): string {
  const d = rec(data);
  const id = rec(d.id);
  switch (type) {
    case 'DataPoint':
      return typeof d.streamId === 'string' ? d.streamId : '';
    case 'DeviceCore':
      return id.devId !== undefined ? `${String(id.devId)}/${String(id.devVersion ?? 0)}` : '';
    case 'FileData':
      return typeof id.fdPath === 'string' ? `${id.fdPath.replace(/^\/+/, '')}${String(id.fdName ?? '')}` : '';
    case 'AlarmStatus':
      return id.almId !== undefined ? `${String(id.almId)}/${encodeURIComponent(String(id.almsSourceEntityId ?? ''))}` : '';
    default:
      return '';
  }
}

function isoOf(t: string | number | Date | undefined, now: number): string {
  if (t === undefined) return new Date(now).toISOString();
  if (typeof t === 'string') return t;
  return (typeof t === 'number' ? new Date(t) : t).toISOString();
}

export function eventFromInput(input: EventInput, cstId: number, now: number): SimEvent {
  if (!input || typeof input.type !== 'string' || !/^[A-Za-z_][\w]*$/.test(input.type)) {
    throw new TypeError('event "type" must be a resource name such as DataPoint');
  }
  const path = input.topicPath ?? topicPathOf(input.type, input.data);
  return {
    type: input.type,
    operation: (input.operation ?? defaultOperation(input.type)).toUpperCase(),
    topic: path ? `${cstId}/${input.type}/${path.replace(/^\/+/, '')}` : `${cstId}/${input.type}`,
    timestamp: isoOf(input.timestamp, now),
    data: input.data ?? {},
    cstId,
  };
}
