// Monitor records of /ws/Monitor (push-protocol §1.3): validation and defaults of the
// client-settable elements, ownership by customer, and the element list that GET shows,
// all driven by the core's MONITOR_FIELD_TABLE (types, values, defaults, order).

import { KNOWN_TOPIC_RESOURCES, MONITOR_FIELD_TABLE, topicResource, type MonitorFieldSpec, type ServerMonitorElement } from '../core';
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

/** Settable elements in the order GET lists them (secret ones are stored, never shown). */
const SETTABLE: readonly MonitorFieldSpec[] = MONITOR_FIELD_TABLE.filter((f) => f.settable);

/** What a create stores for the elements it leaves out. */
const DEFAULTS = new Map<string, string>(MONITOR_FIELD_TABLE.flatMap((f) => ('default' in f ? [[f.element, f.default]] : [])));

/** The server's own elements, from the record (undefined: not shown). */
const SERVER_VALUES: Record<ServerMonitorElement, (m: MonitorRecord) => string | undefined> = {
  monId: (m) => String(m.id),
  cstId: (m) => String(m.cstId),
  monStatus: (m) => m.status,
  monLastConnect: (m) => m.lastConnect || undefined,
  monLastSent: (m) => m.lastSent || undefined,
  monLastSentUuid: (m) => m.lastSentUuid || undefined,
};

/** Every attribute a condition may name. */
export const MONITOR_ATTRIBUTES: readonly string[] = MONITOR_FIELD_TABLE.map((f) => f.element);

export class MonitorValidationError extends Error {}

/** An element's value as stored: canonical text of the field's type, or a MonitorValidationError. */
function normalise(f: MonitorFieldSpec, raw: string): string {
  const v = raw.trim();
  const invalid = () => new MonitorValidationError(`Invalid ${f.element} specified`);
  switch (f.type) {
    case 'topics': {
      const topics = splitTopicList(v);
      const known = KNOWN_TOPIC_RESOURCES as readonly string[];
      if (topics.length === 0 || !topics.every((t) => known.includes(topicResource(t)))) throw invalid();
      return topics.join(',');
    }
    case 'enum':
    case 'bool': {
      const lower = v.toLowerCase();
      const alias = f.aliases && Object.hasOwn(f.aliases, lower) ? f.aliases[lower] : undefined;
      const values = f.type === 'bool' ? ['true', 'false'] : (f.values ?? []);
      const value = alias ?? values.find((x) => x.toLowerCase() === lower);
      if (value === undefined) throw invalid();
      return value;
    }
    case 'int':
      if (!/^\d+$/.test(v) || Number(v) < (f.min ?? 0) || Number(v) > (f.max ?? Infinity)) throw invalid();
      return String(Number(v));
    case 'decimal':
      if (!/^\d+(\.\d+)?$/.test(v)) throw invalid();
      return String(Number(v));
    case 'string':
      return raw;
  }
}

/** Validates the settable elements of `input` (others are ignored) over `base`. */
export function applySettings(input: Record<string, string>, base?: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>(base ?? DEFAULTS);
  for (const f of SETTABLE) {
    const v = Object.hasOwn(input, f.element) ? input[f.element] : undefined;
    if (v !== undefined) out.set(f.element, normalise(f, v));
  }
  if (!out.get('monTopic')) throw new MonitorValidationError('Invalid monTopic specified');
  if (out.get('monTransportType') === 'http' && !out.get('monTransportUrl')) {
    throw new MonitorValidationError('Invalid monTransportUrl specified');
  }
  return out;
}

/** The elements GET reports for a monitor, in order, all as strings. */
export function monitorFields(m: MonitorRecord): [string, string][] {
  const out: [string, string][] = [];
  for (const f of MONITOR_FIELD_TABLE) {
    const v = !f.settable ? SERVER_VALUES[f.element](m) : 'secret' in f ? undefined : m.settings.get(f.element);
    if (v !== undefined) out.push([f.element, v]);
  }
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
  const get = (element: string) => m.settings.get(element) ?? DEFAULTS.get(element);
  return {
    topics: get('monTopic') ?? '',
    transport: get('monTransportType') ?? 'tcp',
    format: (get('monFormatType') === 'xml' ? 'xml' : 'json') as 'json' | 'xml',
    zlib: get('monCompression') === 'zlib',
    batchSize: Number(get('monBatchSize')),
    batchDurationMs: Number(get('monBatchDuration')) * 1000,
    explicitAck: get('monAckOption') === 'explicit',
    autoReplay: get('monAutoReplayOnConnect') === 'true',
  };
}
export type DeliverySettings = ReturnType<typeof deliverySettings>;
