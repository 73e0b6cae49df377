// XML text for display (the viewer's detail pane, push-client's pretty output): re-indenting
// a received document, and rendering a parsed resource object (fast-xml-parser's shape:
// `@_name` attributes, `#text` content, arrays for repeated elements) back to XML when the
// raw text was not kept. Both iterative, so a deeply nested document cannot overflow the
// stack. Display only: not part of the core library (src/core), no imports.

const MAX_INDENT_DEPTH = 40;
const pad = (depth: number) => '  '.repeat(Math.min(depth, MAX_INDENT_DEPTH));

const escText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escAttr = (s: string) => escText(s).replace(/"/g, '&quot;');
/** A string usable as an element name (keys of untrusted objects may be anything). */
const safeName = (s: string) => (/^[A-Za-z_][\w.-]*$/.test(s) ? s : '_' + s.replace(/[^\w.-]/g, '_'));

function scalarText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return '';
  return String(v);
}

/**
 * Finds `needle` at or after a position, for positions that only grow: remembers the last
 * answer, so the scans of one input never overlap and the total work is linear (an unclosed
 * `<!--` repeated a million times must not rescan to the end from every `<`).
 */
function forwardFinder(src: string, needle: string): (from: number) => number {
  let found = -2; // -2: not searched yet; -1: absent at or after `searchedFrom`
  let searchedFrom = 0;
  return (from) => {
    if (found >= from || (found === -1 && from >= searchedFrom)) return found;
    searchedFrom = from;
    found = src.indexOf(needle, from);
    return found;
  };
}

interface XmlToken {
  text: string;
  /** Markup (`<…>`, comment, CDATA) or character data. */
  tag: boolean;
}

/**
 * Splits XML text into markup and character data in one forward pass. Same tokens as the
 * former regex `<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[^>]*>|[^<]+` wherever a `<` has a
 * later `>`; a `<` with none (so the rest cannot contain markup) makes the rest of the input
 * one text token (the regex silently dropped such `<` characters, after a quadratic search).
 */
function tokenizeXml(src: string): XmlToken[] {
  const tokens: XmlToken[] = [];
  const nextLt = forwardFinder(src, '<');
  const nextGt = forwardFinder(src, '>');
  const commentEnd = forwardFinder(src, '-->');
  const cdataEnd = forwardFinder(src, ']]>');
  let i = 0;
  while (i < src.length) {
    if (src.charCodeAt(i) !== 0x3c /* < */) {
      const lt = nextLt(i);
      const end = lt === -1 ? src.length : lt;
      tokens.push({ text: src.slice(i, end), tag: false });
      i = end;
      continue;
    }
    let end = -1;
    if (src.startsWith('<!--', i)) {
      const e = commentEnd(i + 4);
      if (e !== -1) end = e + 3;
    } else if (src.startsWith('<![CDATA[', i)) {
      const e = cdataEnd(i + 9);
      if (e !== -1) end = e + 3;
    }
    if (end === -1) {
      const gt = nextGt(i + 1);
      if (gt === -1) {
        tokens.push({ text: src.slice(i), tag: false });
        break;
      }
      end = gt + 1;
    }
    tokens.push({ text: src.slice(i, end), tag: true });
    i = end;
  }
  return tokens;
}

/** Re-indents XML text: one element per line, text-only elements kept on one line. Linear in the input. */
export function prettyXml(src: string): string {
  const tokens = tokenizeXml(src);
  const lines: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const { text: t, tag } = tokens[i];
    if (!tag) {
      const text = t.trim();
      if (text) lines.push(pad(depth) + text);
      continue;
    }
    if (t.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      lines.push(pad(depth) + t);
      continue;
    }
    const selfContained = t.startsWith('<?') || t.startsWith('<!') || t.endsWith('/>');
    if (selfContained) {
      lines.push(pad(depth) + t);
      continue;
    }
    // <a>text</a> stays on one line
    const next = tokens[i + 1];
    const after = tokens[i + 2];
    if (next !== undefined && !next.tag && after !== undefined && after.tag && after.text.startsWith('</')) {
      lines.push(pad(depth) + t + next.text.trim() + after.text);
      i += 2;
      continue;
    }
    if (next !== undefined && next.tag && next.text.startsWith('</')) {
      lines.push(pad(depth) + t + next.text);
      i += 1;
      continue;
    }
    lines.push(pad(depth) + t);
    depth++;
  }
  return lines.join('\n');
}

type Work = { name: string; value: unknown; depth: number } | { close: string; depth: number };

/** Renders a parsed resource object as indented XML with `rootName` as the root element. */
export function objectToXml(rootName: string, value: unknown, limit = Infinity): { text: string; truncated: boolean } {
  const lines: string[] = [];
  let len = 0;
  const push = (s: string) => {
    lines.push(s);
    len += s.length + 1;
  };
  const work: Work[] = [{ name: rootName, value, depth: 0 }];
  while (work.length > 0) {
    if (len > limit) return { text: lines.join('\n').slice(0, limit), truncated: true };
    const w = work.pop() as Work;
    if ('close' in w) {
      push(pad(w.depth) + `</${w.close}>`);
      continue;
    }
    const name = safeName(w.name);
    if (Array.isArray(w.value)) {
      // Repeated element: one element per item, in order.
      for (let i = w.value.length - 1; i >= 0; i--) work.push({ name: w.name, value: w.value[i], depth: w.depth });
      continue;
    }
    if (w.value === null || typeof w.value !== 'object') {
      const text = scalarText(w.value);
      push(pad(w.depth) + (text === '' ? `<${name}/>` : `<${name}>${escText(text)}</${name}>`));
      continue;
    }
    const obj = w.value as Record<string, unknown>;
    let attrs = '';
    let text = '';
    const children: [string, unknown][] = [];
    for (const [k, v] of Object.entries(obj)) {
      if (k.startsWith('@_')) attrs += ` ${safeName(k.slice(2))}="${escAttr(scalarText(v))}"`;
      else if (k === '#text') text += scalarText(v);
      else children.push([k, v]);
    }
    if (children.length === 0) {
      push(pad(w.depth) + (text === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${escText(text)}</${name}>`));
      continue;
    }
    push(pad(w.depth) + `<${name}${attrs}>` + (text ? escText(text) : ''));
    work.push({ close: name, depth: w.depth });
    for (let i = children.length - 1; i >= 0; i--) work.push({ name: children[i][0], value: children[i][1], depth: w.depth + 1 });
  }
  return { text: lines.join('\n'), truncated: false };
}
