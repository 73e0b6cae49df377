// Making untrusted text safe to *show* (it is always set as text, never parsed as HTML;
// this is about what the reader sees). Shared by the host (row summaries) and the
// webview (tree values). No vscode, no DOM.
//
// - Bidi controls (RLO, LRI, …) would reorder what follows them ("Trojan Source"), and
//   zero-width characters hide text: both are shown as visible ⟨U+XXXX⟩ marks.
// - C0/C1 control characters become visible marks; a newline becomes ⏎ in one-line text.
// - Lone surrogates (from \ud800-style escapes) become U+FFFD.
// - Long text is cut (never inside a surrogate pair) with an ellipsis.

// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\uFFF9-\uFFFB]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const BIDI_ONLY = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

function mark(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c >= 0xd800 && c <= 0xdfff) return '\uFFFD';
  return `⟨U+${c.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** Cuts `s` to at most `max` UTF-16 units (plus an ellipsis), not inside a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end -= 1;
  return s.slice(0, end) + '…';
}

/**
 * One-line display text: controls and invisible characters made visible, newlines and
 * tabs shown as ⏎ and a space, cut to `max` characters.
 */
export function displayLine(s: string, max = 300): string {
  // Cut first so the work is bounded by `max`, not by the (maybe megabyte) input.
  const cut = s.length > max ? truncate(s, max) : s;
  return cut.replace(/\r\n|[\r\n\u2028\u2029]/g, '⏎').replace(/\t/g, ' ').replace(INVISIBLE, mark);
}

/** Multi-line display text (keeps newlines and tabs), invisible characters made visible. */
export function displayBlock(s: string, max = Infinity): string {
  const cut = s.length > max ? truncate(s, max) : s;
  return cut.replace(INVISIBLE, mark);
}

/**
 * Text for places that render `$(name)` as an icon (status bar, notifications' buttons,
 * quick pick labels): untrusted text is shown as written, its `$(…)` escaped the way
 * VS Code reads an escaped icon (a backslash before the dollar).
 */
export function escapeIconSyntax(s: string): string {
  return s.replace(/(\\)?\$\(/g, (m, escaped: string | undefined) => (escaped ? m : '\\$('));
}

/**
 * Escapes bidi control characters in JSON text as \uXXXX. Inside JSON strings (the only
 * place they can occur in valid JSON) that is the same value, so the text stays exact
 * JSON that is safe to display and to copy.
 */
export function escapeBidiJson(jsonText: string): string {
  return jsonText.replace(BIDI_ONLY, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The same for XML text: a character reference is the same character to any parser. */
export function escapeBidiXml(xmlText: string): string {
  return xmlText.replace(BIDI_ONLY, (ch) => `&#x${ch.charCodeAt(0).toString(16).toUpperCase()};`);
}

/** Tokens of an XML text, for colouring. Joining all `text`s gives the input back. */
export interface XmlToken {
  kind: 'tag' | 'attr' | 'value' | 'text' | 'comment' | 'punct';
  text: string;
}

/** A forgiving XML tokenizer (display only; malformed input degrades to text tokens). */
export function tokenizeXml(src: string): XmlToken[] {
  const out: XmlToken[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const lt = src.indexOf('<', i);
    if (lt < 0) {
      out.push({ kind: 'text', text: src.slice(i) });
      break;
    }
    if (lt > i) out.push({ kind: 'text', text: src.slice(i, lt) });
    if (src.startsWith('<!--', lt) || src.startsWith('<![CDATA[', lt) || src.startsWith('<?', lt) || src.startsWith('<!', lt)) {
      const close = src.startsWith('<!--', lt) ? '-->' : src.startsWith('<![CDATA[', lt) ? ']]>' : '>';
      const end = src.indexOf(close, lt + 2);
      const stop = end < 0 ? n : end + close.length;
      out.push({ kind: 'comment', text: src.slice(lt, stop) });
      i = stop;
      continue;
    }
    const gt = src.indexOf('>', lt);
    if (gt < 0) {
      out.push({ kind: 'text', text: src.slice(lt) });
      break;
    }
    // Inside a tag: <name attr="v" …> or </name>
    let j = lt + 1;
    if (src[j] === '/') j++;
    out.push({ kind: 'punct', text: src.slice(lt, j) });
    let k = j;
    while (k < gt && !/[\s/]/.test(src[k])) k++;
    if (k > j) out.push({ kind: 'tag', text: src.slice(j, k) });
    while (k < gt) {
      const ws = /^[\s]+/.exec(src.slice(k, gt));
      if (ws) {
        out.push({ kind: 'text', text: ws[0] });
        k += ws[0].length;
        continue;
      }
      const attr = /^([^\s=/]+)(\s*=\s*)("[^"]*"|'[^']*'|[^\s/]*)?/.exec(src.slice(k, gt));
      if (attr && attr[0].length > 0) {
        out.push({ kind: 'attr', text: attr[1] });
        if (attr[2]) out.push({ kind: 'punct', text: attr[2] });
        if (attr[3]) out.push({ kind: 'value', text: attr[3] });
        k += attr[0].length;
        continue;
      }
      out.push({ kind: 'punct', text: src.slice(k, gt) });
      k = gt;
    }
    out.push({ kind: 'punct', text: '>' });
    i = gt + 1;
  }
  return out;
}
