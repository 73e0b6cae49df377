// The source text of each event's resource in a JSON push document, when that text is exactly
// what JSON.stringify writes for the value JSON.parse made of it. A consumer that prints the
// resource as JSON (push-client --output ndjson) can then use the text it arrived in instead
// of serialising the parsed object again (issue 14 §5).
//
// The check: walk the parsed document `doc` as JSON.stringify would write it (C), without
// writing it, and compare with the text T position by position — every brace, bracket, comma,
// colon, number and literal of C must be the same character in T, every quote of C a quote in
// T with no other quote in T before the string's closing one, and C must end where T ends.
// Strings are not compared character by character (that would cost as much as writing
// them), and need not be, given that T has no backslash (so a quote always delimits, and a
// string's text is its value), no lone surrogate (JSON.stringify would escape it) and no key
// starting with a digit (JSON.parse lists array-index keys first, out of text order):
//   Then T and C have their quotes, and so their strings, in the same places, and the same
//   characters everywhere else: the same tree of the same shape. An object of T therefore has
//   as many members as the parsed object has keys, so no key repeats, so the parsed keys are
//   T's keys in T's order, which C writes in that order: the keys are the same strings, and
//   by the same argument for every value down the tree, so are the values. So T is C.
// Anything else — a backslash, whitespace, a number in another spelling (1.0, 1e3), a key
// starting with a digit, nesting deeper than 64, a document that is not exactly
// {"Document":{"Msg":…}} with these Msgs — and the answer is undefined: the consumer
// serialises, as before. The walk is cheaper than writing: it looks each string up with one
// indexOf of the next quote and compares only the few characters between strings.

/** Deeper than this the walk declines (JSON.parse allows far more; the walk recurses). */
const MAX_DEPTH = 64;

/** A lone surrogate: JSON.stringify writes it as \udxxx. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const QUOTE = 0x22;

/** Where the JSON.stringify text of `v` ends if T holds it from `at` (in the sense above); -1 if not. */
function walk(t: string, at: number, v: unknown, depth: number): number {
  switch (typeof v) {
    case 'string':
      return walkString(t, at, v);
    case 'number':
      return walkNumber(t, at, v);
    case 'boolean':
      return v ? (t.startsWith('true', at) ? at + 4 : -1) : t.startsWith('false', at) ? at + 5 : -1;
    case 'object':
      if (v === null) return t.startsWith('null', at) ? at + 4 : -1;
      if (depth >= MAX_DEPTH) return -1;
      return Array.isArray(v) ? walkArray(t, at, v, depth + 1) : walkObject(t, at, v as Record<string, unknown>, depth + 1);
    default:
      return -1;
  }
}

/** A string of `s.length` characters: a quote at `at`, and the next quote right after them. */
function walkString(t: string, at: number, s: string): number {
  const close = at + s.length + 1;
  return t.charCodeAt(at) === QUOTE && t.indexOf('"', at + 1) === close ? close + 1 : -1;
}

/** String(n) at `at`: a safe integer's digits read and compared as a value, another number's text as a whole. */
function walkNumber(t: string, at: number, n: number): number {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) {
    const text = String(n);
    return t.startsWith(text, at) ? at + text.length : -1;
  }
  let i = at;
  if (n < 0) {
    if (t.charCodeAt(i) !== 0x2d) return -1;
    i += 1;
  }
  // The run of digits: without a leading zero, it is String(|n|) exactly when it has that
  // value (exact below 2^53; a longer run overshoots and fails).
  const first = i;
  let value = 0;
  for (let c = t.charCodeAt(i); c >= 0x30 && c <= 0x39 && value <= Number.MAX_SAFE_INTEGER; c = t.charCodeAt(++i)) value = value * 10 + (c - 0x30);
  if (i === first || (t.charCodeAt(first) === 0x30 && i > first + 1)) return -1;
  return value === Math.abs(n) ? i : -1;
}

function walkArray(t: string, at: number, a: unknown[], depth: number): number {
  if (t.charCodeAt(at) !== 0x5b) return -1;
  let i = at + 1;
  for (let k = 0; k < a.length; k++) {
    if (k > 0) {
      if (t.charCodeAt(i) !== 0x2c) return -1;
      i += 1;
    }
    i = walk(t, i, a[k], depth);
    if (i < 0) return -1;
  }
  return t.charCodeAt(i) === 0x5d ? i + 1 : -1;
}

/** `{"key":value,…}` in the parsed object's key order (JSON.stringify's: Object.keys order). */
function walkObject(t: string, at: number, o: Record<string, unknown>, depth: number): number {
  if (t.charCodeAt(at) !== 0x7b) return -1;
  let i = at + 1;
  let first = true;
  // for-in: own keys in Object.keys order without building the array (JSON.parse makes
  // plain objects, and Object.prototype was checked to have no enumerable key).
  for (const key in o) {
    if (!first) {
      if (t.charCodeAt(i) !== 0x2c) return -1;
      i += 1;
    }
    first = false;
    i = walkKey(t, i, key);
    if (i < 0) return -1;
    i = walk(t, i, o[key], depth);
    if (i < 0) return -1;
  }
  return t.charCodeAt(i) === 0x7d ? i + 1 : -1;
}

/** `"key":`; -1 for a key starting with a digit (it may be an array index, listed first). */
function walkKey(t: string, at: number, key: string): number {
  const c = key.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return -1;
  const i = walkString(t, at, key);
  return i >= 0 && t.charCodeAt(i) === 0x3a ? i + 1 : -1;
}

/** Where walkMsg found the resource's value: [resourceFrom, resourceTo), resourceFrom -1 if nowhere. */
let resourceFrom = -1;
let resourceTo = -1;

/**
 * The envelope of the last Msg walked: its members before the resource (string values only)
 * and their text up to the resource's value, `{"timestamp":"…",…,"DataPoint":`. A burst's Msgs
 * share all of it, so the next Msg with the same members is checked with one comparison of
 * that text (substring ===, a memory compare) instead of a walk: the same text against the
 * same members passes the same checks.
 */
const envelope = { keys: [] as string[], values: [] as string[], resource: '', text: '' };

/** Whether `m`'s members before `key` are the remembered envelope's, in order. */
function sameEnvelope(m: object, key: string): boolean {
  if (envelope.text === '' || key !== envelope.resource) return false;
  const { keys, values } = envelope;
  let n = 0;
  for (const k in m) {
    if (k === key) return n === keys.length;
    if (n >= keys.length || k !== keys[n] || (m as Record<string, unknown>)[k] !== values[n]) return false;
    n += 1;
  }
  return false;
}

/** Remembers the envelope of a Msg whose walk up to its resource's value (at `valueAt`) passed. */
function rememberEnvelope(t: string, at: number, m: object, key: string, valueAt: number): void {
  const keys: string[] = [];
  const values: string[] = [];
  for (const k in m) {
    if (k === key) break;
    const v = (m as Record<string, unknown>)[k];
    if (typeof v !== 'string') return;
    keys.push(k);
    values.push(v);
  }
  envelope.keys = keys;
  envelope.values = values;
  envelope.resource = key;
  envelope.text = t.slice(at, valueAt);
}

/** walkObject for a Msg, noting where the value of its member `key` is. */
function walkMsg(t: string, at: number, m: unknown, key: string): number {
  resourceFrom = -1;
  if (m === null || typeof m !== 'object' || Array.isArray(m) || t.charCodeAt(at) !== 0x7b) return -1;
  // The remembered envelope's text here: the walk goes on from the resource's value.
  const known = sameEnvelope(m, key) && t.substring(at, at + envelope.text.length) === envelope.text ? envelope.keys.length : -1;
  let i = known >= 0 ? at + envelope.text.length : at + 1;
  let first = true;
  let n = 0;
  for (const k in m) {
    if (n++ < known) continue;
    if (known < 0 || k !== key) {
      if (!first) {
        if (t.charCodeAt(i) !== 0x2c) return -1;
        i += 1;
      }
      i = walkKey(t, i, k);
      if (i < 0) return -1;
    }
    first = false;
    const start = i;
    i = walk(t, i, (m as Record<string, unknown>)[k], 3);
    if (i < 0) return -1;
    if (k === key) {
      if (known < 0) rememberEnvelope(t, at, m, key, start);
      resourceFrom = start;
      resourceTo = i;
    }
  }
  return t.charCodeAt(i) === 0x7d ? i + 1 : -1;
}

/** An enumerable key on Object.prototype would be listed by for-in on every object. */
function prototypeEnumerable(): boolean {
  for (const k in {}) return k !== undefined;
  return false;
}

/** Whether `o` has exactly one own enumerable key, `key`. */
function onlyKey(o: unknown, key: string): o is Record<string, unknown> {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return false;
  let count = 0;
  for (const k in o) {
    if (k !== key) return false;
    count += 1;
  }
  return count === 1;
}

const LIST_PREFIX = '{"Document":{"Msg":[';
const ONE_PREFIX = '{"Document":{"Msg":';

/**
 * For each parsed Msg of the JSON document `text` (`msgs`: the elements of Document.Msg in
 * order, or the one Msg; `doc` what JSON.parse made of the text), the source text of its
 * member `keys[i]` when that text is exactly JSON.stringify of it (undefined for a Msg
 * without that member); undefined altogether when that cannot be shown (see the top of this
 * file). The texts are slices of `text`: they keep it in memory while they live.
 */
export function resourceSourceTexts(text: string, doc: unknown, msgs: readonly unknown[], keys: readonly string[]): (string | undefined)[] | undefined {
  if (!onlyKey(doc, 'Document') || !onlyKey(doc.Document, 'Msg')) return undefined;
  const list = doc.Document.Msg === msgs;
  if (!list && !(msgs.length === 1 && doc.Document.Msg === msgs[0])) return undefined;
  // "Document" and "Msg" are checked as strings are: their quotes and lengths (see the top).
  if (!text.startsWith(list ? LIST_PREFIX : ONE_PREFIX)) return undefined;
  if (text.includes('\\') || LONE_SURROGATE.test(text) || prototypeEnumerable()) return undefined;
  const out: (string | undefined)[] = new Array<string | undefined>(msgs.length).fill(undefined);
  let i = list ? LIST_PREFIX.length : ONE_PREFIX.length;
  for (let n = 0; n < msgs.length; n++) {
    if (n > 0) {
      if (text.charCodeAt(i) !== 0x2c) return undefined;
      i += 1;
    }
    i = walkMsg(text, i, msgs[n], keys[n]);
    if (i < 0) return undefined;
    if (resourceFrom >= 0) out[n] = text.slice(resourceFrom, resourceTo); // kept only if the whole checks out
  }
  const closing = list ? ']}}' : '}}';
  return i + closing.length === text.length && text.endsWith(closing) ? out : undefined;
}
