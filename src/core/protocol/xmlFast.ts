// A fast path for the XML push documents (push-protocol §3.1): plain elements, quoted
// attributes and text, nothing else. For a document in that subset it returns exactly
// what payload.ts's fast-xml-parser instance (with validation) returns: the same
// objects, keys in the same order, the same entity decoding of &lt; &gt; &amp; &quot;
// &apos; and text-to-number/boolean conversion. For anything else — other entity or
// character references, comments, CDATA, DOCTYPE, processing instructions, `\r`, mixed
// content, namespaces, names a JavaScript object treats specially, deep nesting, any
// malformation — it returns undefined and the caller uses fast-xml-parser,
// which then decides (including which errors to throw). Answering "not sure" is always
// safe; answering differently from fast-xml-parser never is. bench/xmlDifferential.ts
// checks the two against each other on generated and hostile documents.
//
// Why: fast-xml-parser 5 validates and parses at ≈15 MB/s, 30× slower than JSON.parse of
// the same events; this scanner is one pass over the string with charCodeAt.

/**
 * Names left to the slow path: those fast-xml-parser renames or refuses (its
 * DANGEROUS_PROPERTY_NAMES and criticalProperties), and every member of Object.prototype,
 * so that `obj[name] !== undefined` below means "obj has its own member name".
 */
const SPECIAL_NAMES = new Set([
  'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__',
  '__lookupSetter__', '__proto__', 'constructor', 'prototype', ...Object.getOwnPropertyNames(Object.prototype),
]);

/** Well below fast-xml-parser's maxNestedTags (100). */
const MAX_DEPTH = 64;
/** More attributes on one element go to the slow path (the duplicate check here is quadratic). */
const MAX_ATTRIBUTES = 32;

const LT = 60;
const GT = 62;
const SLASH = 47;
const EQ = 61;
const DQ = 34;
const SQ = 39;

const isNameStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
/** XML whitespace except \r (documents with \r are left to fast-xml-parser, which normalises it). */
const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9;

interface Open {
  name: string;
  /** Child elements (and, at close, text and attributes), created on the first child. */
  obj: Record<string, unknown> | undefined;
  attrs: string[] | undefined;
  /** Start of the text run since the last tag. */
  textFrom: number;
  /** The Msg elements directly under a Document root are arrays (payload.ts's isArray). */
  msgParent: boolean;
}

/**
 * Parses `text` when it is in the simple subset; undefined means "use fast-xml-parser".
 * The result has one member, the root element.
 */
export function parseSimpleXml(text: string): Record<string, unknown> | undefined {
  const len = text.length;
  if (len === 0 || text.charCodeAt(0) !== LT || text.indexOf('\r') >= 0) return undefined;
  const stack: Open[] = [];
  let root: Record<string, unknown> | undefined;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c !== LT) {
      // Text: only inside the root element; handled when its element closes.
      if (stack.length === 0) {
        if (!isSpace(c)) return undefined;
        i++;
        continue;
      }
      const lt = text.indexOf('<', i);
      if (lt < 0) return undefined;
      i = lt;
      continue;
    }
    const c1 = text.charCodeAt(i + 1);
    if (c1 === SLASH) {
      // Closing tag: </name> or </name   >
      const top = stack.pop();
      if (!top) return undefined;
      let j = i + 2;
      if (!text.startsWith(top.name, j)) return undefined;
      j += top.name.length;
      while (j < len && isSpace(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) !== GT) return undefined;
      const value = close(top, text, i);
      if (value === undefined) return undefined;
      const parent = stack[stack.length - 1];
      if (parent) {
        if (!addChild(parent, top.name, value, top.name === 'Msg' && parent.msgParent)) return undefined;
        parent.textFrom = j + 1;
      } else {
        if (root !== undefined) return undefined;
        root = { [top.name]: value };
      }
      i = j + 1;
      continue;
    }
    // Opening tag. Comments, CDATA, DOCTYPE and processing instructions fail isNameStart.
    if (root !== undefined || !isNameStart(c1)) return undefined; // a second root
    let j = i + 2;
    while (j < len && isNameChar(text.charCodeAt(j))) j++;
    const name = nameAt(text, i + 1, j);
    if (name === undefined) return undefined;
    let attrs: string[] | undefined;
    let selfClosing = false;
    for (;;) {
      const k = j;
      while (j < len && isSpace(text.charCodeAt(j))) j++;
      const d = text.charCodeAt(j);
      if (d === GT) break;
      if (d === SLASH) {
        if (text.charCodeAt(j + 1) !== GT) return undefined;
        selfClosing = true;
        j++;
        break;
      }
      // An attribute: whitespace, name="value" or name='value'.
      if (j === k || !isNameStart(d)) return undefined;
      const a = j;
      while (j < len && isNameChar(text.charCodeAt(j))) j++;
      const attrName = nameAt(text, a, j);
      if (attrName === undefined || text.charCodeAt(j) !== EQ) return undefined;
      const q = text.charCodeAt(j + 1);
      if (q !== DQ && q !== SQ) return undefined;
      const end = text.indexOf(q === DQ ? '"' : "'", j + 2);
      if (end < 0) return undefined;
      const raw = text.slice(j + 2, end);
      if (raw.indexOf('<') >= 0) return undefined;
      const attrValue = decodeEntities(raw.trim());
      if (attrValue === undefined) return undefined;
      attrs ??= [];
      if (attrs.length >= 2 * MAX_ATTRIBUTES) return undefined;
      for (let n = 0; n < attrs.length; n += 2) if (attrs[n] === attrName) return undefined; // repeated: invalid
      attrs.push(attrName, attrValue);
      j = end + 1;
    }
    // j is at the '>' of the tag.
    const parent = stack[stack.length - 1];
    const open: Open = { name, obj: undefined, attrs, textFrom: j + 1, msgParent: parent === undefined && name === 'Document' };
    if (parent) {
      // Text before a child element: whitespace only (no mixed content).
      if (!blank(text, parent.textFrom, i)) return undefined;
    }
    if (selfClosing) {
      const value = close(open, text, -1);
      if (value === undefined) return undefined;
      if (parent) {
        if (!addChild(parent, name, value, name === 'Msg' && parent.msgParent)) return undefined;
        parent.textFrom = j + 1;
      } else {
        root = { [name]: value };
      }
    } else {
      if (stack.length >= MAX_DEPTH) return undefined;
      stack.push(open);
    }
    i = j + 1;
  }
  return stack.length === 0 ? root : undefined;
}

/**
 * Names seen before, by length. A document repeats a dozen names thousands of times;
 * handing back the same string each time spares a slice and, more, the internalisation
 * V8 does for every fresh string used as a property key. Bounded, kept across documents.
 */
const knownNames = new Map<number, string[]>();
let knownCount = 0;
const MAX_KNOWN_NAMES = 512;

/** The name text[from, to), or undefined when it is one of SPECIAL_NAMES. */
function nameAt(text: string, from: number, to: number): string | undefined {
  const n = to - from;
  const list = knownNames.get(n);
  if (list !== undefined) {
    for (let k = 0; k < list.length; k++) if (text.startsWith(list[k], from)) return list[k];
  }
  const name = text.slice(from, to);
  if (SPECIAL_NAMES.has(name)) return undefined;
  if (knownCount < MAX_KNOWN_NAMES) {
    if (list === undefined) knownNames.set(n, [name]);
    else list.push(name);
    knownCount += 1;
  }
  return name;
}

function blank(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isSpace(text.charCodeAt(k))) return false;
  return true;
}

/**
 * The value of a closed element, as fast-xml-parser's node2json builds it: child members in
 * order of first appearance, then `#text`, then the attributes; an element with only text
 * becomes the text's value, an empty one ''. `textEnd` < 0: self-closing, no text.
 */
function close(e: Open, text: string, textEnd: number): unknown {
  let value: unknown;
  let hasText = false;
  if (textEnd >= 0 && e.textFrom < textEnd) {
    const t = text.slice(e.textFrom, textEnd).trim();
    if (t.length > 0) {
      if (e.obj !== undefined) return undefined; // text beside child elements
      // As fast-xml-parser: trim, then decode entities, then convert.
      const decoded = decodeEntities(t);
      if (decoded === undefined) return undefined;
      value = parseValue(decoded);
      hasText = true;
    }
  }
  if (e.attrs !== undefined) {
    const obj = e.obj ?? {};
    if (hasText) obj['#text'] = value;
    for (let n = 0; n < e.attrs.length; n += 2) obj[`@_${e.attrs[n]}`] = e.attrs[n + 1];
    return obj;
  }
  if (e.obj !== undefined) return e.obj;
  return hasText ? value : '';
}

function addChild(parent: Open, name: string, value: unknown, forceArray: boolean): boolean {
  const obj = (parent.obj ??= {});
  const cur = obj[name]; // own member or undefined: name is never one of Object.prototype's
  if (cur === undefined) obj[name] = forceArray ? [value] : value;
  else if (Array.isArray(cur)) cur.push(value);
  else obj[name] = [cur, value];
  return true;
}

const ENTITIES: Record<string, string> = { 'lt;': '<', 'gt;': '>', 'amp;': '&', 'quot;': '"', 'apos;': "'" };

/**
 * The five predefined XML entities, decoded in one left-to-right pass (so `&amp;lt;` is
 * `&lt;`), as fast-xml-parser's entity decoder does them; undefined for any other `&`.
 */
function decodeEntities(s: string): string | undefined {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let last = 0;
  while (amp >= 0) {
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 5) return undefined;
    const rep = ENTITIES[s.slice(amp + 1, semi + 1)];
    if (rep === undefined || !Object.hasOwn(ENTITIES, s.slice(amp + 1, semi + 1))) return undefined;
    out += s.slice(last, amp) + rep;
    last = semi + 1;
    amp = s.indexOf('&', last);
  }
  return out + s.slice(last);
}

/** fast-xml-parser's parseValue for tag text with parseTagValue: true (text already trimmed). */
function parseValue(t: string): unknown {
  const c = t.charCodeAt(0);
  // Shortcuts that toNumber would take the long way to:
  // - not starting with a digit, sign or point: Number() is NaN (or Infinity for
  //   "Infinity"), and toNumber returns the text either way;
  // - a plain integer of at most 15 digits without leading zero: exactly Number(t).
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) {
    if (t === 'true') return true;
    if (t === 'false') return false;
    return t;
  }
  if (isPlainInteger(t)) return Number(t);
  return toNumber(t);
}

/** -?[1-9][0-9]{0,14} */
function isPlainInteger(t: string): boolean {
  let k = t.charCodeAt(0) === 45 ? 1 : 0;
  const n = t.length - k;
  if (n < 1 || n > 15) return false;
  let c = t.charCodeAt(k);
  if (c < 49 || c > 57) return false;
  for (k++; k < t.length; k++) {
    c = t.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

// strnum 2.5.1's toNumber, as fast-xml-parser 5.12 calls it with payload.ts's options
// (hex: false, leadingZeros: false, eNotation: true; binary/octal off, infinity "original",
// no unicode, no skipLike), for an already trimmed, non-empty string.
const NUM = /^([-+])?(0*)([0-9]*(\.[0-9]*)?)$/;
const E_NOTATION = /^([-+])?(0*)(\d*(\.\d*)?[eE][-+]?\d+)$/;

function toNumber(t: string): string | number {
  if (t === '0') return 0;
  if (!isFinite(t as unknown as number)) return t; // NaN or ±Infinity: the original string
  if (t.includes('e') || t.includes('E')) return eNotation(t);
  const match = NUM.exec(t);
  if (!match) return t;
  const sign = match[1] || '';
  const leadingZeros = match[2];
  const numTrimmedByZeros = trimZeros(match[3]);
  const decimalAdjacentToLeadingZeros = sign ? t[leadingZeros.length + 1] === '.' : t[leadingZeros.length] === '.';
  if (leadingZeros.length > 1 || (leadingZeros.length === 1 && !decimalAdjacentToLeadingZeros)) return t;
  const num = Number(t);
  const parsedStr = String(num);
  if (num === 0) return num;
  if (parsedStr.search(/[eE]/) !== -1) return num;
  if (t.indexOf('.') !== -1) {
    if (parsedStr === '0') return num;
    if (parsedStr === numTrimmedByZeros) return num;
    if (parsedStr === `${sign}${numTrimmedByZeros}`) return num;
    return t;
  }
  const n = leadingZeros ? numTrimmedByZeros : t;
  if (leadingZeros) return n === parsedStr || sign + n === parsedStr ? num : t;
  return n === parsedStr || n === sign + parsedStr ? num : t;
}

function eNotation(t: string): string | number {
  const notation = E_NOTATION.exec(t);
  if (!notation) return t;
  const sign = notation[1] || '';
  const eChar = notation[3].indexOf('e') === -1 ? 'E' : 'e';
  const leadingZeros = notation[2];
  const eAdjacentToLeadingZeros = sign ? t[leadingZeros.length + 1] === eChar : t[leadingZeros.length] === eChar;
  if (leadingZeros.length > 1 && eAdjacentToLeadingZeros) return t;
  if (leadingZeros.length === 1 && (notation[3].startsWith(`.${eChar}`) || notation[3][0] === eChar)) return Number(t);
  if (leadingZeros.length > 0) return t; // leadingZeros: false
  return Number(t);
}

function trimZeros(numStr: string): string {
  if (numStr && numStr.indexOf('.') !== -1) {
    let end = numStr.length;
    while (end > 0 && numStr.charCodeAt(end - 1) === 48) end--;
    let s = numStr.slice(0, end);
    if (s === '.') s = '0';
    else if (s[0] === '.') s = `0${s}`;
    else if (s[s.length - 1] === '.') s = s.substring(0, s.length - 1);
    return s;
  }
  return numStr;
}
