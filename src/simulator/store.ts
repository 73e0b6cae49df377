// Monitor records of /ws/Monitor (push-protocol §1.3): validation and defaults of the
// client-settable elements, ownership by customer, and the element list that GET shows.

import { KNOWN_TOPIC_RESOURCES, MONITOR_FIELDS, topicResource } from '../core/monitor';
import { splitTopicList } from './topicFilter';

export type SimMonitorStatus = 'INACTIVE' | 'ACTIVE' | 'SUSPENDED' | 'CONNECTING' | 'DISABLED';

export interface MonitorRecord {
  readonly id: number;
  readonly cstId: number;
  /** Client-settable elements, normalised (e.g. gzip → zlib), defaults filled in. */
  settings: Map<string, string>;
  status: SimMonitorStatus;
  lastConnect?: string;
  lastSent?: string;
  lastSentUuid?: string;
}

/** Settable elements in the order GET lists them (monTransportToken is stored, never shown). */
const SETTABLE = [
  'monTopic', 'monTransportType', 'monFormatType', 'monBatchSize', 'monBatchDuration', 'monCompression',
  'monAckOption', 'monAutoReplayOnConnect', 'monDescription', 'monTransportUrl', 'monTransportToken',
  'monTransportMethod', 'monTransportHeaders', 'monConnectTimeout', 'monResponseTimeout',
] as const;
const HIDDEN = new Set(['monTransportToken']);

/** §1.3.1 defaults. monFormatType has no documented default; json is ours. */
const DEFAULTS: Record<string, string> = {
  monTransportType: 'tcp',
  monFormatType: 'json',
  monBatchSize: '100',
  monBatchDuration: '10',
  monCompression: 'none',
  monAckOption: 'off',
  monAutoReplayOnConnect: 'false',
};

const ENUMS: Record<string, readonly string[]> = {
  monTransportType: ['tcp', 'http', 'polling'],
  monFormatType: ['json', 'xml'],
  monCompression: ['none', 'zlib', 'gzip'],
  monAckOption: ['off', 'explicit'],
  monAutoReplayOnConnect: ['true', 'false'],
  monTransportMethod: ['put', 'post'],
};

/** Every attribute a condition may name. */
export const MONITOR_ATTRIBUTES: readonly string[] = [
  MONITOR_FIELDS.id, MONITOR_FIELDS.customerId, ...SETTABLE, 'monStatus', 'monLastConnect', 'monLastSent', 'monLastSentUuid',
];

export class MonitorValidationError extends Error {}

function normalise(name: string, raw: string): string {
  const v = raw.trim();
  const invalid = () => new MonitorValidationError(`Invalid ${name} specified`);
  if (name === 'monTopic') {
    const topics = splitTopicList(v);
    const known = KNOWN_TOPIC_RESOURCES as readonly string[];
    if (topics.length === 0 || !topics.every((t) => known.includes(topicResource(t)))) throw invalid();
    return topics.join(',');
  }
  const allowed = ENUMS[name];
  if (allowed) {
    const lower = v.toLowerCase();
    if (!allowed.includes(lower)) throw invalid();
    if (name === 'monCompression' && lower === 'gzip') return 'zlib'; // legacy alias, read back as zlib
    return name === 'monTransportMethod' ? lower.toUpperCase() : lower;
  }
  if (name === 'monBatchSize') {
    // The PublishMessage `count` is a u16, so a batch cannot hold more than 65535 events.
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 65535) throw invalid();
    return String(Number(v));
  }
  if (name === 'monBatchDuration') {
    // Seconds. Fractions are a simulator extension (fast tests); real clients send integers.
    if (!/^\d+(\.\d+)?$/.test(v)) throw invalid();
    return String(Number(v));
  }
  if (name === 'monConnectTimeout' || name === 'monResponseTimeout') {
    if (!/^\d+$/.test(v)) throw invalid();
    return String(Number(v));
  }
  return raw;
}

/** Validates the settable elements of `input` (others are ignored) over `base`. */
export function applySettings(input: Record<string, string>, base?: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>(base ?? Object.entries(DEFAULTS));
  for (const name of SETTABLE) {
    const v = input[name];
    if (v !== undefined) out.set(name, normalise(name, v));
  }
  if (!out.get('monTopic')) throw new MonitorValidationError('Invalid monTopic specified');
  if (out.get('monTransportType') === 'http' && !out.get('monTransportUrl')) {
    throw new MonitorValidationError('Invalid monTransportUrl specified');
  }
  return out;
}

/** The elements GET reports for a monitor, in order, all as strings. */
export function monitorFields(m: MonitorRecord): [string, string][] {
  const out: [string, string][] = [
    [MONITOR_FIELDS.id, String(m.id)],
    [MONITOR_FIELDS.customerId, String(m.cstId)],
  ];
  for (const name of SETTABLE) {
    const v = m.settings.get(name);
    if (v !== undefined && !HIDDEN.has(name)) out.push([name, v]);
  }
  out.push(['monStatus', m.status]);
  if (m.lastConnect) out.push(['monLastConnect', m.lastConnect]);
  if (m.lastSent) out.push(['monLastSent', m.lastSent]);
  if (m.lastSentUuid) out.push(['monLastSentUuid', m.lastSentUuid]);
  return out;
}

export class MonitorStore {
  private readonly records = new Map<number, MonitorRecord>();
  private nextId: number;

  constructor(firstId = 1) {
    this.nextId = firstId;
  }

  create(cstId: number, input: Record<string, string>): MonitorRecord {
    const record: MonitorRecord = { id: this.nextId++, cstId, settings: applySettings(input), status: 'INACTIVE' };
    this.records.set(record.id, record);
    return record;
  }

  /** The record if it exists and belongs to `cstId` (other customers' monitors do not exist for them). */
  get(id: number, cstId?: number): MonitorRecord | undefined {
    const r = this.records.get(id);
    return r && (cstId === undefined || r.cstId === cstId) ? r : undefined;
  }

  update(record: MonitorRecord, input: Record<string, string>): void {
    record.settings = applySettings(input, record.settings);
  }

  delete(id: number): boolean {
    return this.records.delete(id);
  }

  list(cstId?: number): MonitorRecord[] {
    return [...this.records.values()].filter((r) => cstId === undefined || r.cstId === cstId);
  }
}

/** Typed view of a record's delivery settings. */
export function deliverySettings(m: MonitorRecord) {
  const s = m.settings;
  return {
    topics: s.get('monTopic') ?? '',
    transport: s.get('monTransportType') ?? 'tcp',
    format: (s.get('monFormatType') === 'xml' ? 'xml' : 'json') as 'json' | 'xml',
    zlib: s.get('monCompression') === 'zlib',
    batchSize: Number(s.get('monBatchSize') ?? 100),
    batchDurationMs: Number(s.get('monBatchDuration') ?? 10) * 1000,
    explicitAck: s.get('monAckOption') === 'explicit',
    autoReplay: s.get('monAutoReplayOnConnect') === 'true',
  };
}
export type DeliverySettings = ReturnType<typeof deliverySettings>;
