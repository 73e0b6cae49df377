// Data stream types (rest-devices-streams §3) on the write path: reading a type name as
// clients send it (`float`, `INTEGER`), and checking a point's text against its stream's type.

import { DATA_STREAM_TYPES, NUMERIC_STREAM_TYPES, type DataStreamType } from '../core';

/** A type name in any case, or undefined when it is none of DATA_STREAM_TYPES. */
export function dataTypeOf(text: string): DataStreamType | undefined {
  const upper = text.trim().toUpperCase();
  return DATA_STREAM_TYPES.find((t) => t === upper);
}

export const isNumericType = (type: string): boolean => (NUMERIC_STREAM_TYPES as readonly string[]).includes(type);

const INT32 = [-(2 ** 31), 2 ** 31 - 1];
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n];

/** Why `data` is no value of `type`, or undefined when it is one (non-numeric types take any text). */
export function valueProblem(type: string, data: string): string | undefined {
  const t = data.trim();
  switch (type) {
    case 'INTEGER':
      return /^[-+]?\d{1,10}$/.test(t) && Number(t) >= INT32[0] && Number(t) <= INT32[1] ? undefined : 'not a 32-bit integer';
    case 'LONG':
      return /^[-+]?\d{1,19}$/.test(t) && BigInt(t.replace('+', '')) >= INT64[0] && BigInt(t.replace('+', '')) <= INT64[1] ? undefined : 'not a 64-bit integer';
    case 'FLOAT':
    case 'DOUBLE':
      return t !== '' && Number.isFinite(Number(t)) ? undefined : 'not a number';
    default:
      return undefined;
  }
}

/** The value a push event carries: a number for a numeric stream when the text is that number exactly, else the text. */
export function eventValue(type: string, data: string): string | number {
  if (!isNumericType(type)) return data;
  const n = Number(data);
  return String(n) === data ? n : data;
}

/** Why `id` cannot name a stream, or undefined: 1–512 characters, `/`-separated non-empty segments, no control characters. */
export function streamIdProblem(id: string): string | undefined {
  if (id === '' || id.length > 512) return 'must be 1 to 512 characters';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(id)) return 'must not contain control characters';
  if (id.startsWith('/') || id.endsWith('/') || id.includes('//')) return 'must be segments separated by single "/"';
  return undefined;
}
