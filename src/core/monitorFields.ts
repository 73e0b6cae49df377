// The elements of a /ws/Monitor resource (push-protocol §1.3.1), one row each. This one
// table drives the client (monitor.ts: the create body it sends, how it reads list/get
// answers in XML and JSON) and the simulator (simulator/store.ts: what it accepts and
// stores, its defaults, what GET shows and in which order). A new element is one new
// row; both sides follow, and test/unit/monitorFields.test.ts round-trips it.

import type { MonitorInfo } from './monitor';

/**
 * How an element's text is read and written. On the wire every value is text (in the real
 * service's JSON too): `int` digits; `decimal` digits with an optional fraction; `bool`
 * `true`/`false`; `enum` one of `values`; `topics` a comma-separated topic list (§3.4);
 * `string` any text, kept as sent.
 */
export type MonitorFieldType = 'int' | 'decimal' | 'bool' | 'enum' | 'topics' | 'string';

export interface MonitorFieldSpec {
  /** The element name in XML, the key in JSON. */
  readonly element: string;
  /** The MonitorInfo property the client reports it as; for a settable element, also the MonitorSettings one it is set from. */
  readonly key?: Exclude<keyof MonitorInfo, 'fields'>;
  readonly type: MonitorFieldType;
  /** enum: the values in their canonical spelling (input matches them case-insensitively). */
  readonly values?: readonly string[];
  /** enum: other accepted spellings and the value they are stored as. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** int: the accepted range (default: from 0, no upper bound). */
  readonly min?: number;
  readonly max?: number;
  /** What the server stores when a create leaves the element out (absent: nothing is stored). */
  readonly default?: string;
  /** A client sets it (POST, PUT); false: the server's own (id, customer, status, last-sent times). */
  readonly settable: boolean;
  /** Stored but never shown by GET (a credential). */
  readonly secret?: true;
  /** enum: the client reports a value outside `values` as it is (a server may know more values than we do) instead of leaving the property unset. */
  readonly open?: true;
}

/** Every element, in the order GET lists them. */
export const MONITOR_FIELD_TABLE = [
  { element: 'monId', key: 'id', type: 'int', settable: false },
  { element: 'cstId', key: 'customerId', type: 'int', settable: false },
  { element: 'monTopic', key: 'topics', type: 'topics', settable: true },
  { element: 'monTransportType', key: 'transport', type: 'enum', values: ['tcp', 'http', 'polling'], default: 'tcp', settable: true, open: true },
  // No documented default; json is ours.
  { element: 'monFormatType', key: 'format', type: 'enum', values: ['json', 'xml'], default: 'json', settable: true },
  // The PublishMessage `count` is a u16, so a batch cannot hold more than 65535 events.
  { element: 'monBatchSize', key: 'batchSize', type: 'int', min: 1, max: 65535, default: '100', settable: true },
  // Seconds. Fractions are a simulator extension (fast tests); real clients send integers.
  { element: 'monBatchDuration', key: 'batchDuration', type: 'decimal', default: '10', settable: true },
  // `gzip` is the legacy spelling the seed sends; the server stores and reads it back as `zlib`.
  { element: 'monCompression', key: 'compression', type: 'enum', values: ['none', 'zlib'], aliases: { gzip: 'zlib' }, default: 'none', settable: true, open: true },
  { element: 'monAckOption', key: 'ackOption', type: 'enum', values: ['off', 'explicit'], default: 'off', settable: true, open: true },
  { element: 'monAutoReplayOnConnect', key: 'autoReplayOnConnect', type: 'bool', default: 'false', settable: true },
  { element: 'monDescription', key: 'description', type: 'string', settable: true },
  // HTTP transport only; this library creates TCP monitors and does not set them.
  { element: 'monTransportUrl', type: 'string', settable: true },
  { element: 'monTransportToken', type: 'string', settable: true, secret: true },
  { element: 'monTransportMethod', type: 'enum', values: ['PUT', 'POST'], settable: true },
  { element: 'monTransportHeaders', type: 'string', settable: true },
  { element: 'monConnectTimeout', type: 'int', settable: true },
  { element: 'monResponseTimeout', type: 'int', settable: true },
  { element: 'monStatus', key: 'status', type: 'enum', values: ['INACTIVE', 'ACTIVE', 'SUSPENDED', 'CONNECTING', 'DISABLED'], settable: false, open: true },
  { element: 'monLastConnect', key: 'lastConnect', type: 'string', settable: false },
  { element: 'monLastSent', key: 'lastSent', type: 'string', settable: false },
  { element: 'monLastSentUuid', key: 'lastSentUuid', type: 'string', settable: false },
] as const satisfies readonly MonitorFieldSpec[];

type Row = (typeof MONITOR_FIELD_TABLE)[number];
export type MonitorFieldKey = Extract<Row, { key: string }>['key'];
/** Elements the server owns (never taken from a request). */
export type ServerMonitorElement = Extract<Row, { settable: false }>['element'];

/** The element names, keyed by our property names. */
export const MONITOR_FIELDS = Object.fromEntries(
  MONITOR_FIELD_TABLE.flatMap((f) => ('key' in f ? [[f.key, f.element]] : [])),
) as { readonly [K in MonitorFieldKey]: Extract<Row, { key: K }>['element'] };
