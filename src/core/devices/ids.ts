// Checks of what a caller puts into a device-data request: stream ids (paths), device ids,
// point ids, and text bound for an XML body. Each failure is an INVALID_ARGUMENT naming the
// argument and saying what is wrong, before anything is sent.

import { describeValue, PushMonitorError } from '../errors';

export const invalidArgument = (message: string): PushMonitorError => new PushMonitorError('INVALID_ARGUMENT', message);

/** Characters XML 1.0 cannot carry at all (C0 controls but tab/newline/CR, U+FFFE/U+FFFF, lone surrogates). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** In an id, every control character is refused (tab and newline too). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;

/** Text that goes into an XML body: refused when XML cannot carry one of its characters. */
export function checkXmlText(value: string, name: string): string {
  if (typeof value !== 'string') throw invalidArgument(`${name} must be text, got ${describeValue(value)}`);
  const bad = NOT_XML.exec(value);
  if (bad) throw invalidArgument(`${name} contains U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at ${bad.index}, which XML cannot carry`);
  return value;
}

function checkIdText(value: unknown, name: string): string {
  if (typeof value !== 'string') throw invalidArgument(`${name} must be text, got ${describeValue(value)}`);
  if (value.trim() === '') throw invalidArgument(`${name} is empty`);
  if (CONTROL.test(value)) throw invalidArgument(`${name} ${describeValue(value)} contains a control character`);
  checkXmlText(value, name);
  return value;
}

/**
 * A stream id: a path such as `00000000-00000000-00409DFF-FF58175B/metrics/temperature`.
 * Empty segments (leading, trailing or doubled `/`) and `.`/`..` segments are refused: the
 * service would read them as another path than the one written.
 */
export function checkStreamId(value: unknown, name = 'streamId'): string {
  const id = checkIdText(value, name);
  const segments = id.split('/');
  if (segments.some((s) => s === '')) throw invalidArgument(`${name} ${describeValue(id)} has an empty path segment (a leading, trailing or doubled "/")`);
  if (segments.some((s) => s === '.' || s === '..')) throw invalidArgument(`${name} ${describeValue(id)} has a "." or ".." path segment`);
  return id;
}

/** One path segment (a device id, a point id): no `/`, not `.` or `..`. */
export function checkSegment(value: unknown, name: string): string {
  const id = checkIdText(value, name);
  if (id.includes('/')) throw invalidArgument(`${name} ${describeValue(id)} must not contain "/"`);
  if (id === '.' || id === '..') throw invalidArgument(`${name} must not be "${id}"`);
  return id;
}

/** A value for a `condition` (quoted with `'`, which the condition syntax cannot escape). */
export function checkConditionValue(value: unknown, name: string): string {
  const v = checkIdText(value, name);
  if (v.includes("'")) throw invalidArgument(`${name} ${describeValue(v)} contains a single quote, which a condition cannot carry`);
  return v;
}

/** A page size: a positive integer. */
export function checkPageSize(value: number | undefined, name = 'size'): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) throw invalidArgument(`${name} must be a positive integer, got ${describeValue(value)}`);
}

/** An epoch-ms number or a Date, as ISO-8601 for a query or body. */
export function isoTime(value: number | Date, name: string): string {
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
    throw invalidArgument(`${name} must be a Date or epoch milliseconds, got ${value instanceof Date ? 'an invalid Date' : describeValue(value)}`);
  }
  return new Date(ms).toISOString();
}
