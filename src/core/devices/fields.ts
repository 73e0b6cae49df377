// Reading one item of a /ws answer (rest-devices-streams §1): the service sends every scalar
// as a string (JSON) or as element text (XML), so numbers, booleans and times are parsed here,
// and a value that is not what its field holds is a MALFORMED_RESPONSE naming the field.
// Values quoted in messages are cut short (describeValue): the text comes from the server.

import { describeValue, PushMonitorError } from '../errors';

export type Item = Record<string, unknown>;

export function malformed(message: string): PushMonitorError {
  return new PushMonitorError('MALFORMED_RESPONSE', message);
}

export const isPlainObject = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);

const INTEGER = /^[-+]?\d{1,16}$/;
/** ISO-8601 date-time as the service writes it (`2026-12-02T10:00:00.000Z`); Date.parse alone would take "1" or "March 7". */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Epoch ms from an ISO-8601 time or an epoch-ms integer (string or number); undefined when it is neither. */
export function parseTime(v: string | number): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  const t = v.trim();
  if (INTEGER.test(t)) return Number(t);
  if (!ISO_TIME.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Reads the fields of one item, naming the item (`what`) and the field in every error. */
export class ItemReader {
  constructor(
    readonly item: Item,
    readonly what: string,
  ) {}

  private fail(key: string, why: string): PushMonitorError {
    return malformed(`${this.what}: field "${key}" ${why}`);
  }

  private value(key: string): unknown {
    return Object.hasOwn(this.item, key) ? this.item[key] : undefined;
  }

  /** The field as text ('' kept); undefined when absent or null. Numbers and booleans a JSON writer sent bare are taken as their text. */
  text(key: string): string | undefined {
    const v = this.value(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw this.fail(key, `is ${Array.isArray(v) ? 'a list' : 'an object'}, not text`);
  }

  /** Optional text: '' counts as absent. */
  optText(key: string): string | undefined {
    const t = this.text(key);
    return t === '' ? undefined : t;
  }

  requiredText(key: string): string {
    const t = this.text(key);
    if (t === undefined || t.trim() === '') throw this.fail(key, t === undefined ? 'is missing' : 'is empty');
    return t;
  }

  int(key: string): number | undefined {
    const t = this.optText(key)?.trim();
    if (t === undefined || t === '') return undefined;
    const n = INTEGER.test(t) ? Number(t) : NaN;
    if (!Number.isSafeInteger(n)) throw this.fail(key, `is ${describeValue(t)}, not an integer`);
    return n;
  }

  bool(key: string): boolean | undefined {
    const t = this.optText(key)?.trim().toLowerCase();
    if (t === undefined || t === '') return undefined;
    if (t === 'true') return true;
    if (t === 'false') return false;
    throw this.fail(key, `is ${describeValue(t)}, not "true" or "false"`);
  }

  /** Epoch ms from ISO-8601 or epoch-ms text. */
  time(key: string): number | undefined {
    const v = this.value(key);
    if (typeof v === 'number') {
      const ms = parseTime(v);
      if (ms === undefined) throw this.fail(key, `is ${describeValue(v)}, not a time`);
      return ms;
    }
    const t = this.optText(key);
    if (t === undefined || t.trim() === '') return undefined;
    const ms = parseTime(t);
    if (ms === undefined) throw this.fail(key, `is ${describeValue(t)}, not an ISO-8601 time or epoch milliseconds`);
    return ms;
  }

  /** A nested object (JSON object, or XML element with children); '' (an empty XML element) counts as absent. */
  object(key: string): ItemReader | undefined {
    const v = this.value(key);
    if (v === undefined || v === null || v === '') return undefined;
    if (!isPlainObject(v)) throw this.fail(key, `is ${typeof v === 'string' ? describeValue(v) : Array.isArray(v) ? 'a list' : typeof v}, not an object`);
    return new ItemReader(v, `${this.what}.${key}`);
  }
}

/** Copies the fields of `values` that are defined onto `target`: an absent field stays absent, never `undefined`. */
export function assignDefined<T extends object>(target: T, values: Partial<T>): T {
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined) (target as Record<string, unknown>)[k] = v;
  }
  return target;
}

/** Nested objects deeper than this are left out of `raw` (no record of the service nests that far). */
const MAX_RAW_DEPTH = 3;

/**
 * Every scalar field as text, nested objects flattened with dots (`id.devId`). Built with
 * fromEntries so that a key such as `__proto__` is an ordinary field, never a prototype.
 */
export function flattenFields(item: Item): Readonly<Record<string, string>> {
  const entries: [string, string][] = [];
  const walk = (obj: Item, prefix: string, depth: number) => {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix + k;
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') entries.push([key, String(v)]);
      else if (isPlainObject(v) && depth < MAX_RAW_DEPTH) walk(v, `${key}.`, depth + 1);
      else if (Array.isArray(v) && v.every((e) => typeof e === 'string')) entries.push([key, v.join(', ')]);
    }
  };
  walk(item, '', 0);
  return Object.freeze(Object.fromEntries(entries));
}
