// DOM helpers. Text only ever goes in through textContent (or attributes that are never
// interpreted as markup or URLs: class, role, aria-*, title, id, data-*). There is no
// innerHTML/outerHTML/insertAdjacentHTML anywhere in the webview (a unit test greps).

type Attrs = Record<string, string | number | boolean | undefined>;

const SAFE_ATTR = /^(class|role|id|title|tabindex|type|placeholder|list|autocomplete|spellcheck|for|value|name|(aria|data)-[a-z-]+|viewBox|points|preserveAspectRatio|width|height)$/;

function setAttrs(node: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (!SAFE_ATTR.test(k)) throw new Error(`attribute ${k} is not allowed`);
    node.setAttribute(k, v === true ? '' : String(v));
  }
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  for (const c of children) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}): SVGElementTagNameMap[K] {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  setAttrs(node, attrs);
  return node;
}

/** A codicon glyph (decorative: hidden from screen readers). */
export function icon(name: string): HTMLSpanElement {
  return el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

export function button(label: string, iconName: string, opts: { id?: string; title?: string; showLabel?: boolean } = {}): HTMLButtonElement {
  const b = el('button', { type: 'button', class: 'btn', id: opts.id, title: opts.title ?? label, 'aria-label': label });
  b.append(icon(iconName));
  if (opts.showLabel !== false) b.append(el('span', { class: 'btn-label' }, label));
  return b;
}

export function clear(node: Element): void {
  node.replaceChildren();
}

export const fmt = new Intl.NumberFormat('en-US');
