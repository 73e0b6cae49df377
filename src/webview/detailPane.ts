// The detail pane of the selected row: meta fields, then the payload as a collapsible
// JSON tree, pretty text (JSON, or XML with token colours) or the raw text. Copy as JSON
// goes through the host (clipboard API). Everything is text nodes.

import type { DetailDto, DetailView } from '../shared/viewerProtocol';
import { tokenizeXml } from '../shared/displayText';
import { button, clear, el, setText } from './dom';
import { JsonTree } from './jsonTree';

/** Above this, XML is shown without token colours (one text node instead of thousands of spans). */
const COLOUR_LIMIT = 200_000;

export interface DetailCallbacks {
  onViewChange(view: DetailView): void;
  onCopy(seq: number): Promise<boolean>;
  onClose(): void;
}

export class DetailPane {
  readonly root: HTMLElement;
  private readonly title: HTMLElement;
  private readonly meta: HTMLDListElement;
  private readonly note: HTMLElement;
  private readonly body: HTMLElement;
  private readonly views: Record<DetailView, HTMLButtonElement>;
  private readonly copyBtn: HTMLButtonElement;
  private readonly copied: HTMLElement;
  private detail: DetailDto | null = null;
  private chosen: DetailView | undefined;
  tree: JsonTree | undefined;

  constructor(private readonly cb: DetailCallbacks, view?: DetailView) {
    this.chosen = view;
    this.title = el('h2', { class: 'detail-title', id: 'detail-title' }, 'No event selected');
    this.views = {
      tree: button('Tree', 'list-tree', { title: 'Collapsible JSON tree' }),
      pretty: button('Pretty', 'symbol-namespace', { title: 'Pretty JSON or XML' }),
      raw: button('Raw', 'code', { title: 'Raw text as received' }),
    };
    const seg = el('div', { class: 'segmented', role: 'group', 'aria-label': 'Payload view' });
    for (const [k, b] of Object.entries(this.views) as [DetailView, HTMLButtonElement][]) {
      b.classList.add('seg');
      b.setAttribute('aria-pressed', 'false');
      b.addEventListener('click', () => {
        this.chosen = k;
        this.cb.onViewChange(k);
        this.renderBody();
      });
      seg.append(b);
    }
    this.copyBtn = button('Copy as JSON', 'copy', { title: 'Copy this event as JSON' });
    this.copyBtn.addEventListener('click', () => void this.copy());
    this.copied = el('span', { class: 'copied', role: 'status' });
    const close = button('Close detail', 'close', { showLabel: false });
    close.addEventListener('click', () => this.cb.onClose());
    this.meta = el('dl', { class: 'detail-meta' });
    this.note = el('div', { class: 'detail-note', role: 'note' });
    this.note.hidden = true;
    this.body = el('div', { class: 'detail-body' });
    this.root = el(
      'aside',
      { class: 'detail', role: 'region', 'aria-labelledby': 'detail-title' },
      el('div', { class: 'detail-toolbar' }, this.title, el('div', { class: 'spacer' }), seg, this.copyBtn, this.copied, close),
      this.meta,
      this.note,
      this.body,
    );
    this.show(null);
  }

  get current(): DetailDto | null {
    return this.detail;
  }

  get view(): DetailView {
    const d = this.detail;
    if (this.chosen) return this.chosen;
    return d && d.format === 'xml' ? 'pretty' : 'tree';
  }

  loading(): void {
    setText(this.title, 'Loading…');
    this.root.setAttribute('aria-busy', 'true');
  }

  show(d: DetailDto | null): void {
    this.detail = d;
    this.root.removeAttribute('aria-busy');
    clear(this.meta);
    setText(this.copied, '');
    this.copyBtn.disabled = !d;
    for (const b of Object.values(this.views)) b.disabled = !d;
    if (!d) {
      setText(this.title, 'No event selected');
      this.note.hidden = true;
      clear(this.body);
      this.body.append(el('p', { class: 'muted' }, 'Select an event (click, or arrow keys then Enter) to see its payload.'));
      this.tree = undefined;
      return;
    }
    setText(this.title, d.title);
    for (const [k, v] of d.meta) this.meta.append(el('dt', {}, k), el('dd', {}, v));
    this.renderBody();
  }

  private renderBody(): void {
    const d = this.detail;
    if (!d) return;
    const view = this.view;
    for (const [k, b] of Object.entries(this.views)) b.setAttribute('aria-pressed', String(k === view));
    clear(this.body);
    this.tree = undefined;
    const notes = d.note ? [d.note] : [];
    if (view === 'tree') {
      let value: unknown;
      let ok = false;
      if (d.json) {
        try {
          value = JSON.parse(d.json);
          ok = true;
        } catch (e) {
          notes.push(`The tree is not available (${(e as Error).message}); showing the text.`);
        }
      } else notes.push('The tree is not available for this payload; showing the text.');
      if (ok) {
        this.tree = new JsonTree(value, 'Event payload');
        this.body.append(this.tree.root);
      } else this.body.append(this.pre(d.pretty, d.prettyLanguage));
    } else if (view === 'pretty') this.body.append(this.pre(d.pretty, d.prettyLanguage));
    else this.body.append(this.pre(d.raw, d.format));
    setText(this.note, notes.join(' '));
    this.note.hidden = notes.length === 0;
  }

  private pre(text: string, language: 'json' | 'xml'): HTMLElement {
    const pre = el('pre', { class: `code lang-${language}`, tabindex: 0, 'aria-label': `${language.toUpperCase()} text` });
    if (language === 'xml' && text.length <= COLOUR_LIMIT) {
      for (const t of tokenizeXml(text)) pre.append(t.kind === 'text' ? document.createTextNode(t.text) : el('span', { class: `x-${t.kind}` }, t.text));
    } else pre.textContent = text;
    return pre;
  }

  private async copy(): Promise<void> {
    const d = this.detail;
    if (!d) return;
    try {
      const ok = await this.cb.onCopy(d.seq);
      setText(this.copied, ok ? 'Copied' : 'Event no longer in the buffer');
    } catch (e) {
      setText(this.copied, `Copy failed: ${(e as Error).message}`);
    }
    setTimeout(() => setText(this.copied, ''), 2500);
  }
}
