// Hand-written XML output: fast for event payloads, and exact about what the REST side
// declares (ISO-8859-1, as the platform's responses do; anything beyond ASCII is written
// as a character reference so the declaration is always true).

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => TEXT_ESCAPES[c]);
}

/** Escapes and replaces every non-ASCII code point by `&#N;`. */
export function escapeXmlAscii(s: string): string {
  // eslint-disable-next-line no-control-regex
  return escapeXml(s).replace(/[^\x00-\x7f]/gu, (c) => `&#${c.codePointAt(0)};`);
}

/** One element per key; arrays repeat the element; null/undefined become empty elements. */
export function toXml(name: string, value: unknown, escape: (s: string) => string = escapeXml): string {
  if (Array.isArray(value)) return value.map((v) => toXml(name, v, escape)).join('');
  if (value === null || value === undefined) return `<${name}/>`;
  if (typeof value === 'object') {
    let inner = '';
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) inner += toXml(k, v, escape);
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escape(String(value))}</${name}>`;
}
