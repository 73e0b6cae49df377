// The virtualised event list: only the rows in (and just around) the viewport exist in
// the DOM. Rows are pulled from the host by ordinal in pages and cached; the host only
// says how many there are (status). ARIA grid with aria-rowcount/aria-rowindex so screen
// readers know where they are in a list they never see whole.

import type { RowDto } from '../shared/viewerProtocol';
import { el, icon, setText } from './dom';
import type { Rpc } from './rpc';

export const ROW_HEIGHT = 22;
const PAGE = 100;
const OVERSCAN = 12;
const CACHE_MAX = 6000;
const KNOWN_TYPES = new Set(['datapoint', 'devicecore', 'filedata', 'alarmstatus', 'alarm', 'xbeecore', 'devicefirmware']);

export interface GridCallbacks {
  /** The selection moved (row may still be loading: then called again once it arrives). */
  onSelect(row: RowDto | undefined): void;
  /** Enter or double-click on a row. */
  onOpen(): void;
  onFollowChange(follow: boolean): void;
}

interface Rendered {
  el: HTMLElement;
  loaded: boolean;
}

const COLUMNS = [
  ['recv', 'Received'],
  ['server', 'Server time'],
  ['type', 'Type'],
  ['device', 'Device'],
  ['op', 'Operation'],
  ['summary', 'Summary'],
] as const;

export class Grid {
  readonly root: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private readonly head: HTMLDivElement;
  private readonly empty: HTMLDivElement;
  private readonly rendered = new Map<number, Rendered>();
  private readonly cache = new Map<number, RowDto>();
  private readonly inflight = new Set<number>();
  private readonly fetchedAt = new Map<number, number>();
  private version = 0;
  private epoch = -1;
  private first = 0;
  private count = 0;
  private follow = true;
  private expectScrollTop = -1;
  private frame = 0;
  selectedOrd: number | undefined;
  selectedSeq: number | undefined;
  private pendingSelectOrd: number | undefined;

  constructor(
    private readonly rpc: Rpc,
    private readonly merged: boolean,
    private readonly cb: GridCallbacks,
    /** A stream's history: the first column is the point's own time, not a receive time. */
    history = false,
  ) {
    const cols = merged ? [...COLUMNS, ['source', 'Session'] as const] : COLUMNS;
    this.head = el('div', { class: `grid-head${merged ? ' merged' : ''}`, role: 'row', 'aria-rowindex': 1 });
    for (const [k, label] of cols) {
      const pointTime = history && k === 'recv';
      const attrs = pointTime ? { class: `cell c-${k}`, role: 'columnheader', title: "The data point's own time (the device clock)" } : { class: `cell c-${k}`, role: 'columnheader' };
      this.head.append(el('div', attrs, pointTime ? 'Time' : label));
    }
    this.body = el('div', { class: `grid-body${merged ? ' merged' : ''}`, role: 'rowgroup' });
    this.empty = el('div', { class: 'grid-empty', role: 'note' });
    this.root = el(
      'div',
      { class: 'grid', role: 'grid', tabindex: 0, 'aria-label': 'Events', 'aria-rowcount': 1, 'aria-colcount': cols.length, 'aria-multiselectable': 'false' },
      el('div', { class: 'grid-headgroup', role: 'rowgroup' }, this.head),
      this.body,
    );
    this.root.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.root.addEventListener('keydown', (e) => this.onKey(e));
    this.body.addEventListener('click', (e) => this.onClick(e));
    this.body.addEventListener('dblclick', (e) => {
      if (this.ordOf(e.target) !== undefined) this.cb.onOpen();
    });
    new ResizeObserver(() => this.schedule()).observe(this.root);
  }

  get emptyElement(): HTMLElement {
    return this.empty;
  }

  get following(): boolean {
    return this.follow;
  }

  get rowCount(): number {
    return this.count;
  }

  get firstOrd(): number {
    return this.first;
  }

  setEmptyText(text: string): void {
    setText(this.empty, text);
    this.empty.hidden = this.count > 0 || !text;
  }

  setFollow(follow: boolean): void {
    if (this.follow === follow) return;
    this.follow = follow;
    this.cb.onFollowChange(follow);
    if (follow) this.scrollToEnd();
  }

  /** New counts from the host. */
  update(s: { epoch: number; first: number; count: number }): void {
    this.version++;
    if (s.epoch !== this.epoch) {
      this.epoch = s.epoch;
      this.cache.clear();
      this.inflight.clear();
      this.fetchedAt.clear();
      for (const r of this.rendered.values()) r.el.remove();
      this.rendered.clear();
      this.selectedOrd = undefined;
      this.first = s.first;
      this.count = s.count;
      this.layout();
      if (this.follow) this.scrollToEnd();
      else this.setScrollTop(0);
      this.relocateSelection();
      this.schedule();
      return;
    }
    const shift = s.first - this.first;
    this.first = s.first;
    this.count = s.count;
    this.layout();
    if (this.follow) this.scrollToEnd();
    else if (shift > 0) this.setScrollTop(Math.max(0, this.root.scrollTop - shift * ROW_HEIGHT));
    if (this.selectedOrd !== undefined && this.selectedOrd < this.first) this.selectedOrd = undefined;
    this.schedule();
  }

  private layout(): void {
    this.body.style.height = `${this.count * ROW_HEIGHT}px`;
    this.root.setAttribute('aria-rowcount', String(this.count + 1));
    this.empty.hidden = this.count > 0 || !this.empty.textContent;
  }

  private relocateSelection(): void {
    const seq = this.selectedSeq;
    if (seq === undefined) return;
    void this.rpc.request('locate', { seq }).then((r) => {
      if (r && this.selectedSeq === seq) {
        this.selectedOrd = r.ord;
        if (!this.follow) this.reveal(r.ord, true);
        this.schedule();
      }
    });
  }

  /** Restores a selection (and, when not following, the scroll position) by seq. */
  async restore(selectedSeq: number | undefined, topSeq: number | undefined): Promise<void> {
    if (topSeq !== undefined && !this.follow) {
      const r = await this.rpc.request('locate', { seq: topSeq });
      if (r) this.setScrollTop((r.ord - this.first) * ROW_HEIGHT);
    }
    if (selectedSeq !== undefined) {
      const r = await this.rpc.request('locate', { seq: selectedSeq });
      if (r) this.select(r.ord, false);
    }
  }

  clearSelection(): void {
    this.selectedOrd = undefined;
    this.selectedSeq = undefined;
    this.pendingSelectOrd = undefined;
    this.schedule();
  }

  /** Seq of the top visible row (for state persistence). */
  topSeq(): number | undefined {
    const ord = this.first + Math.floor(this.root.scrollTop / ROW_HEIGHT);
    return this.cache.get(ord)?.seq;
  }

  private setScrollTop(top: number): void {
    this.expectScrollTop = Math.round(top);
    this.root.scrollTop = top;
  }

  private scrollToEnd(): void {
    this.setScrollTop(Math.max(0, this.count * ROW_HEIGHT + ROW_HEIGHT - this.root.clientHeight));
  }

  private onScroll(): void {
    const top = this.root.scrollTop;
    if (this.expectScrollTop >= 0 && Math.abs(top - this.expectScrollTop) <= 1) {
      this.expectScrollTop = -1;
    } else {
      this.expectScrollTop = -1;
      const atEnd = top + this.root.clientHeight >= this.root.scrollHeight - ROW_HEIGHT / 2;
      if (atEnd !== this.follow) {
        this.follow = atEnd;
        this.cb.onFollowChange(atEnd);
      }
    }
    this.schedule();
  }

  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private visibleRange(): [number, number] {
    const top = Math.max(0, this.root.scrollTop - ROW_HEIGHT); // header row height
    const h = this.root.clientHeight;
    const from = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const to = Math.min(this.count, Math.ceil((top + h) / ROW_HEIGHT) + OVERSCAN);
    return [this.first + from, this.first + to];
  }

  /** Rows per screen, for PageUp/PageDown. */
  private pageRows(): number {
    return Math.max(1, Math.floor((this.root.clientHeight - ROW_HEIGHT) / ROW_HEIGHT) - 1);
  }

  render(): void {
    const [from, to] = this.visibleRange();
    for (const [ord, r] of this.rendered) {
      if (ord < from || ord >= to) {
        r.el.remove();
        this.rendered.delete(ord);
      }
    }
    const missing: number[] = [];
    for (let ord = from; ord < to; ord++) {
      const row = this.cache.get(ord);
      let r = this.rendered.get(ord);
      if (!r || (!r.loaded && row)) {
        const node = row ? this.rowElement(row) : this.placeholder(ord);
        if (r) r.el.replaceWith(node);
        else this.body.append(node);
        r = { el: node, loaded: !!row };
        this.rendered.set(ord, r);
      }
      r.el.style.transform = `translateY(${(ord - this.first) * ROW_HEIGHT}px)`;
      const sel = ord === this.selectedOrd;
      if (r.el.classList.contains('selected') !== sel) {
        r.el.classList.toggle('selected', sel);
        r.el.setAttribute('aria-selected', String(sel));
      }
      if (!row) missing.push(ord);
    }
    if (this.selectedOrd !== undefined && this.rendered.has(this.selectedOrd)) this.root.setAttribute('aria-activedescendant', `row-${this.selectedOrd}`);
    else this.root.removeAttribute('aria-activedescendant');
    if (missing.length) this.fetch(missing);
    this.trimCache(from, to);
  }

  private fetch(ords: number[]): void {
    const pages = new Set(ords.map((o) => Math.floor(o / PAGE) * PAGE));
    for (const ps of pages) {
      if (this.inflight.has(ps) || this.fetchedAt.get(ps) === this.version) continue;
      this.inflight.add(ps);
      const epoch = this.epoch;
      // Remember the status version the request was made for: rows the host learned of
      // later (a newer status arrived meanwhile) are fetched again on the next render.
      const version = this.version;
      const start = Math.max(ps, this.first);
      void this.rpc
        .request('rows', { epoch, start, count: ps + PAGE - start })
        .then((r) => {
          this.inflight.delete(ps);
          this.fetchedAt.set(ps, version);
          if (r.epoch !== this.epoch || epoch !== this.epoch) return;
          for (const row of r.rows) this.cache.set(row.ord, row);
          if (this.pendingSelectOrd !== undefined && this.cache.has(this.pendingSelectOrd)) {
            const o = this.pendingSelectOrd;
            this.pendingSelectOrd = undefined;
            if (o === this.selectedOrd) {
              this.selectedSeq = this.cache.get(o)?.seq;
              this.cb.onSelect(this.cache.get(o));
            }
          }
          this.schedule();
        })
        .catch(() => this.inflight.delete(ps));
    }
  }

  private trimCache(from: number, to: number): void {
    if (this.cache.size <= CACHE_MAX) return;
    const keepFrom = from - CACHE_MAX / 3;
    const keepTo = to + CACHE_MAX / 3;
    for (const ord of this.cache.keys()) if ((ord < keepFrom || ord > keepTo) && ord !== this.selectedOrd) this.cache.delete(ord);
  }

  private cell(cls: string, text: string): HTMLDivElement {
    return el('div', { class: `cell c-${cls}`, role: 'gridcell' }, text);
  }

  private rowElement(row: RowDto): HTMLElement {
    const attrs = { id: `row-${row.ord}`, role: 'row', 'aria-rowindex': row.ord - this.first + 2, 'aria-selected': 'false', 'data-ord': row.ord };
    if (row.kind === 'gap') {
      const node = el('div', { ...attrs, class: `row gap${this.merged ? ' merged' : ''}` });
      const c = el('div', { class: 'cell c-gap', role: 'gridcell', 'aria-colspan': this.merged ? 7 : 6 }, icon('debug-disconnect'), ` ${row.recv}  ${row.summary}`);
      node.append(c);
      return node;
    }
    const node = el('div', { ...attrs, class: `row${row.replay ? ' replay' : ''}${row.history ? ' history' : ''}${this.merged ? ' merged' : ''}` });
    const typeKey = row.type.toLowerCase();
    const type = el('div', { class: 'cell c-type', role: 'gridcell' }, el('span', { class: `type-badge t-${KNOWN_TYPES.has(typeKey) ? typeKey : 'other'}` }, row.type));
    const summary = this.cell('summary', row.summary);
    if (row.replay) summary.prepend(el('span', { class: 'replay-badge', title: 'Replayed after a reconnect', 'aria-label': 'replayed' }, icon('history')));
    if (row.history) summary.prepend(el('span', { class: 'history-badge', title: "From the stream's stored history (read from the server, not live)", 'aria-label': 'history' }, icon('database')));
    node.append(this.cell('recv', row.recv), this.cell('server', row.server), type, this.cell('device', row.device), this.cell('op', row.op), summary);
    if (this.merged) node.append(this.cell('source', row.source ?? ''));
    return node;
  }

  private placeholder(ord: number): HTMLElement {
    return el('div', { id: `row-${ord}`, class: 'row loading', role: 'row', 'aria-rowindex': ord - this.first + 2, 'aria-busy': 'true', 'data-ord': ord }, el('div', { class: 'cell c-recv', role: 'gridcell' }, '…'));
  }

  private ordOf(target: EventTarget | null): number | undefined {
    const row = target instanceof Element ? target.closest('.row') : null;
    if (!row) return undefined;
    const ord = Number(row.getAttribute('data-ord'));
    return Number.isInteger(ord) ? ord : undefined;
  }

  private onClick(e: MouseEvent): void {
    const ord = this.ordOf(e.target);
    if (ord === undefined) return;
    this.root.focus({ preventScroll: true });
    this.select(ord, true);
  }

  /** Selects a row by ordinal (clamped), scrolls it into view, reports it. */
  select(ord: number, user: boolean): void {
    if (this.count === 0) return;
    const o = Math.min(this.first + this.count - 1, Math.max(this.first, ord));
    if (user && this.follow && o !== this.first + this.count - 1) this.setFollow(false);
    this.selectedOrd = o;
    this.reveal(o, false);
    const row = this.cache.get(o);
    if (row) {
      this.selectedSeq = row.seq;
      this.cb.onSelect(row);
    } else {
      this.pendingSelectOrd = o;
      this.cb.onSelect(undefined);
    }
    this.schedule();
  }

  private reveal(ord: number, center: boolean): void {
    const y = (ord - this.first) * ROW_HEIGHT;
    const top = this.root.scrollTop;
    const h = this.root.clientHeight - ROW_HEIGHT;
    if (center) this.setScrollTop(Math.max(0, y - h / 2));
    else if (y < top) this.setScrollTop(y);
    else if (y + ROW_HEIGHT > top + h) this.setScrollTop(y + ROW_HEIGHT - h);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.altKey || e.metaKey || e.ctrlKey) return;
    const cur = this.selectedOrd ?? (this.follow ? this.first + this.count : this.first - 1);
    const last = this.first + this.count - 1;
    let target: number | undefined;
    switch (e.key) {
      case 'ArrowDown':
        target = cur + 1;
        break;
      case 'ArrowUp':
        target = cur - 1;
        break;
      case 'PageDown':
        target = cur + this.pageRows();
        break;
      case 'PageUp':
        target = cur - this.pageRows();
        break;
      case 'Home':
        target = this.first;
        break;
      case 'End':
        target = last;
        break;
      case 'Enter':
        if (this.selectedOrd === undefined) this.select(last, true);
        this.cb.onOpen();
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    this.select(target, true);
    if (e.key === 'End') this.setFollow(true);
  }
}
