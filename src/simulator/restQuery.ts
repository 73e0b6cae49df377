// Query parameters shared by the /ws resources: offset paging (start/size), cursor paging
// (size/pageCursor, rest-devices-streams §1), times (ISO-8601 or epoch ms) and quoting
// client text in error messages. Each parser returns undefined for a value it cannot read;
// the route turns that into a 400 naming the parameter and the value.

/** The real service's largest page. */
export const MAX_PAGE_SIZE = 1000;

/** A non-negative integer parameter; `dflt` when absent or empty, undefined when not a number. */
export function intParam(query: URLSearchParams, name: string, dflt: number): number | undefined {
  const v = query.get(name);
  if (v === null || v === '') return dflt;
  return /^\d{1,15}$/.test(v) ? Number(v) : undefined;
}

/** `size` of a cursor-paged resource: 1…; larger values are capped at MAX_PAGE_SIZE (as the service does). */
export function cursorPageSize(query: URLSearchParams): number | undefined {
  const n = intParam(query, 'size', MAX_PAGE_SIZE);
  return n === undefined || n < 1 ? undefined : Math.min(n, MAX_PAGE_SIZE);
}

/** Epoch ms from digits (optionally negative) or an ISO-8601 date-time; undefined when neither. */
export function parseTime(text: string): number | undefined {
  const t = text.trim();
  if (/^-?\d{1,15}$/.test(t)) return Number(t);
  if (!/^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:?\d\d)?)?$/.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms : undefined;
}

/** An opaque page cursor: base64url of JSON (a client just hands it back). */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): unknown {
  if (!/^[A-Za-z0-9_-]{1,4096}$/.test(text)) return undefined;
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Client text quoted for an error message: JSON-escaped (no control characters), at most 80 characters. */
export function quoted(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
