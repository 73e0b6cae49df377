// A collapsible JSON tree built lazily: a node's children are created when it is first
// expanded, a few hundred at a time. Nothing recurses over the value, so a document
// nested 10,000 deep costs one DOM node per level the user actually opens. Values are
// shown as text (displayLine: controls and bidi characters visible); URLs are not links.

import { displayLine } from '../shared/displayText';
import { el, icon } from './dom';

const CHUNK = 200;
const STRING_MAX = 2000;
const AUTO_EXPAND_LEVELS = 2;
const AUTO_EXPAND_MAX_CHILDREN = 50;
/** Deeper levels are not indented further (a 10,000-deep document stays on screen); they show their depth. */
const MAX_INDENT_LEVEL = 24;

type Container = Record<string, unknown> | unknown[];

const isContainer = (v: unknown): v is Container => v !== null && typeof v === 'object';

interface NodeInfo {
  value: Container;
  keys: string[] | undefined;
  shown: number;
  group: HTMLUListElement | undefined;
  more: HTMLLIElement | undefined;
  level: number;
}

let nextId = 1;

export class JsonTree {
  readonly root: HTMLUListElement;
  private readonly info = new WeakMap<HTMLLIElement, NodeInfo>();
  private focused: HTMLLIElement | undefined;

  constructor(value: unknown, label = 'JSON') {
    this.root = el('ul', { class: 'json-tree', role: 'tree', tabindex: 0, 'aria-label': label });
    const top = this.node(null, value, 1);
    this.root.append(top);
    this.root.addEventListener('click', (e) => this.onClick(e));
    this.root.addEventListener('keydown', (e) => this.onKey(e));
    this.setFocus(top);
    if (this.info.has(top)) this.autoExpand(top);
  }

  private autoExpand(top: HTMLLIElement): void {
    // Breadth-first over a bounded number of small nodes; no recursion.
    const queue: HTMLLIElement[] = [top];
    let budget = 200;
    while (queue.length && budget-- > 0) {
      const li = queue.shift() as HTMLLIElement;
      const inf = this.info.get(li);
      if (!inf || inf.level > AUTO_EXPAND_LEVELS) continue;
      const n = Array.isArray(inf.value) ? inf.value.length : Object.keys(inf.value).length;
      if (li !== top && n > AUTO_EXPAND_MAX_CHILDREN) continue;
      this.expand(li);
      for (const child of inf.group?.children ?? []) if (child instanceof HTMLLIElement && this.info.has(child)) queue.push(child);
    }
  }

  private node(key: string | null, value: unknown, level: number): HTMLLIElement {
    const li = el('li', { role: 'treeitem', 'aria-level': level, id: `jt-${nextId++}` });
    const line = el('div', { class: 'jt-line' });
    li.append(line);
    if (isContainer(value)) {
      line.append(el('span', { class: 'jt-twisty' }, icon('chevron-right')));
      li.setAttribute('aria-expanded', 'false');
      this.info.set(li, { value, keys: undefined, shown: 0, group: undefined, more: undefined, level });
    } else {
      line.append(el('span', { class: 'jt-twisty jt-leaf' }));
    }
    if (level > MAX_INDENT_LEVEL) line.append(el('span', { class: 'jt-depth', title: `depth ${level}` }, `${level}`));
    if (key !== null) line.append(el('span', { class: 'jt-key' }, displayLine(key, 200)), el('span', { class: 'jt-punct' }, ': '));
    line.append(this.preview(value));
    return li;
  }

  private preview(v: unknown): HTMLElement {
    if (Array.isArray(v)) return el('span', { class: 'jt-preview' }, `[ ${v.length} item${v.length === 1 ? '' : 's'} ]`);
    if (isContainer(v)) {
      const n = Object.keys(v).length;
      return el('span', { class: 'jt-preview' }, `{ ${n} key${n === 1 ? '' : 's'} }`);
    }
    if (typeof v === 'string') {
      const s = el('span', { class: 'jt-string' }, `"${displayLine(v, STRING_MAX)}"`);
      if (v.length > STRING_MAX) {
        return el('span', {}, s, el('span', { class: 'jt-more-text' }, ` (${(v.length - STRING_MAX).toLocaleString('en-US')} more characters: see Pretty or Raw)`));
      }
      return s;
    }
    if (typeof v === 'number') return el('span', { class: 'jt-number' }, String(v));
    if (typeof v === 'boolean') return el('span', { class: 'jt-boolean' }, String(v));
    return el('span', { class: 'jt-null' }, 'null');
  }

  private expand(li: HTMLLIElement): void {
    const inf = this.info.get(li);
    if (!inf) return;
    if (!inf.group) {
      inf.group = el('ul', { role: 'group', class: inf.level >= MAX_INDENT_LEVEL ? 'jt-flat' : undefined });
      li.append(inf.group);
      this.showMore(li, inf);
    }
    inf.group.hidden = false;
    li.setAttribute('aria-expanded', 'true');
    li.querySelector(':scope > .jt-line .codicon')?.classList.replace('codicon-chevron-right', 'codicon-chevron-down');
  }

  private collapse(li: HTMLLIElement): void {
    const inf = this.info.get(li);
    if (!inf?.group) return;
    inf.group.hidden = true;
    li.setAttribute('aria-expanded', 'false');
    li.querySelector(':scope > .jt-line .codicon')?.classList.replace('codicon-chevron-down', 'codicon-chevron-right');
  }

  private showMore(li: HTMLLIElement, inf: NodeInfo): void {
    const group = inf.group as HTMLUListElement;
    const arr = Array.isArray(inf.value) ? inf.value : undefined;
    if (!arr) inf.keys ??= Object.keys(inf.value);
    const total = arr ? arr.length : (inf.keys as string[]).length;
    const end = Math.min(total, inf.shown + CHUNK);
    inf.more?.remove();
    for (let i = inf.shown; i < end; i++) {
      if (arr) group.append(this.node(String(i), arr[i], inf.level + 1));
      else {
        const k = (inf.keys as string[])[i];
        group.append(this.node(k, (inf.value as Record<string, unknown>)[k], inf.level + 1));
      }
    }
    inf.shown = end;
    if (end < total) {
      const more = el('li', { role: 'treeitem', 'aria-level': inf.level + 1, class: 'jt-show-more', id: `jt-${nextId++}` });
      const b = el('button', { type: 'button', class: 'link-button' }, `Show ${Math.min(CHUNK, total - end)} more (${(total - end).toLocaleString('en-US')} remaining)`);
      b.addEventListener('click', (e) => {
        e.stopPropagation();
        this.showMore(li, inf);
      });
      more.append(b);
      group.append(more);
      inf.more = more;
    } else inf.more = undefined;
  }

  private toggle(li: HTMLLIElement): void {
    if (li.getAttribute('aria-expanded') === 'true') this.collapse(li);
    else this.expand(li);
  }

  private onClick(e: MouseEvent): void {
    const li = (e.target as Element | null)?.closest?.('li[role=treeitem]') as HTMLLIElement | null;
    if (!li || !this.root.contains(li)) return;
    this.setFocus(li);
    if (this.info.has(li) && (e.target as Element).closest('.jt-line')) this.toggle(li);
  }

  private setFocus(li: HTMLLIElement): void {
    this.focused?.classList.remove('focused');
    this.focused = li;
    li.classList.add('focused');
    this.root.setAttribute('aria-activedescendant', li.id);
  }

  private visibleItems(): HTMLLIElement[] {
    const out: HTMLLIElement[] = [];
    const walk: Element[] = [this.root];
    // Iterative pre-order walk over expanded groups only.
    while (walk.length) {
      const n = walk.pop() as Element;
      if (n instanceof HTMLLIElement) out.push(n);
      const kids = n instanceof HTMLLIElement ? (n.querySelector(':scope > ul') as HTMLUListElement | null) : n;
      if (!kids || (kids as HTMLElement).hidden) continue;
      const items = [...kids.children].filter((c): c is HTMLLIElement => c instanceof HTMLLIElement);
      for (let i = items.length - 1; i >= 0; i--) walk.push(items[i]);
    }
    return out;
  }

  private onKey(e: KeyboardEvent): void {
    const cur = this.focused;
    if (!cur) return;
    const items = () => this.visibleItems();
    const move = (d: number) => {
      const list = items();
      const i = list.indexOf(cur);
      const next = list[Math.min(list.length - 1, Math.max(0, i + d))];
      if (next) {
        this.setFocus(next);
        next.scrollIntoView({ block: 'nearest' });
      }
    };
    switch (e.key) {
      case 'ArrowDown':
        move(1);
        break;
      case 'ArrowUp':
        move(-1);
        break;
      case 'ArrowRight':
        if (this.info.has(cur) && cur.getAttribute('aria-expanded') !== 'true') this.expand(cur);
        else move(1);
        break;
      case 'ArrowLeft':
        if (cur.getAttribute('aria-expanded') === 'true') this.collapse(cur);
        else {
          const parent = cur.parentElement?.closest('li[role=treeitem]') as HTMLLIElement | null;
          if (parent) this.setFocus(parent);
        }
        break;
      case 'Enter':
      case ' ':
        if (cur.classList.contains('jt-show-more')) (cur.querySelector('button') as HTMLButtonElement).click();
        else if (this.info.has(cur)) this.toggle(cur);
        break;
      case 'Home':
        this.setFocus(items()[0]);
        break;
      case 'End': {
        const list = items();
        this.setFocus(list[list.length - 1]);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  }

  /** Expands the chain of first children `levels` deep (tests and "expand" actions; iterative). */
  expandPath(levels: number): number {
    let li = this.root.firstElementChild as HTMLLIElement | null;
    let depth = 0;
    while (li && depth < levels && this.info.has(li)) {
      this.expand(li);
      depth++;
      li = (this.info.get(li)?.group?.firstElementChild as HTMLLIElement | null) ?? null;
    }
    return depth;
  }
}
