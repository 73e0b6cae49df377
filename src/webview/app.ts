// The viewer page: header, toolbar, filter bar, banner, virtual list, detail pane and
// footer, wired to the host through Rpc. State that must survive hide/show and window
// reloads goes to vscode.setState (the host keeps the data; the page re-pulls it).

import {
  EMPTY_FILTER,
  isFilterActive,
  parsePersistedState,
  VIEWER_PROTOCOL_VERSION,
  type DetailView,
  type HostToWebview,
  type PersistedViewState,
  type RowDto,
  type ViewerFilter,
  type ViewInfo,
  type ViewStatus,
} from '../shared/viewerProtocol';
import { displayLine } from '../shared/displayText';
import { ChartView } from './chart/chartView';
import { DetailPane } from './detailPane';
import { button, clear, el, icon, setText } from './dom';
import { mib, num } from './format';
import { Grid } from './grid';
import { Header } from './header';
import { Rpc } from './rpc';
import type { VsCodeApi } from './vscodeApi';

const FILTER_DEBOUNCE_MS = 200;

export class App {
  private readonly rpc: Rpc;
  private state: PersistedViewState;
  private info: ViewInfo | undefined;
  private status: ViewStatus | undefined;
  private grid: Grid | undefined;
  private chart: ChartView | undefined;
  private readonly rowsTab = el('button', { type: 'button', class: 'tab', role: 'tab', id: 'tab-rows', 'aria-selected': 'true' }, 'Rows');
  private readonly chartTab = el('button', { type: 'button', class: 'tab', role: 'tab', id: 'tab-chart', 'aria-selected': 'false' }, 'Chart');
  private gridWrap: HTMLElement | undefined;
  private readonly header = new Header();
  private readonly detail: DetailPane;
  private readonly main: HTMLElement;
  private readonly banner = el('div', { class: 'banners' });
  private readonly errorBanner = el('div', { class: 'banner tone-error', role: 'alert' });
  private readonly noticeBanner = el('div', { class: 'banner tone-info', role: 'status' });
  private readonly droppedBanner = el('div', { class: 'banner tone-warn', role: 'status' });
  private readonly captureBanner = el('div', { class: 'banner tone-info', role: 'note' });
  private readonly footer = el('footer', { class: 'footer' });
  private readonly matchCount = el('span', { class: 'match-count' });
  private readonly announce = el('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  private readonly inputs: Record<keyof ViewerFilter, HTMLInputElement>;
  private readonly typeList = el('datalist', { id: 'types-list' });
  private readonly opList = el('datalist', { id: 'ops-list' });
  private readonly pauseBtn: HTMLButtonElement;
  private readonly followBtn: HTMLButtonElement;
  private readonly detailBtn: HTMLButtonElement;
  private readonly held = el('span', { class: 'held-badge', role: 'status' });
  private filterTimer: ReturnType<typeof setTimeout> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private detailSeq: number | undefined;
  private facetsKey = '';
  private announceAfterFilter = false;

  constructor(
    private readonly api: VsCodeApi,
    root: HTMLElement,
  ) {
    this.state = parsePersistedState(api.getState()) ?? { v: 1, viewKey: '', filter: { ...EMPTY_FILTER }, follow: true, detailOpen: false };
    const restore = this.state.viewKey ? structuredClone(this.state) : undefined;
    this.rpc = new Rpc(api, (m) => this.onNotify(m));

    this.detail = new DetailPane(
      {
        onViewChange: (v: DetailView) => this.persist({ detailView: v }),
        onCopy: async (seq) => (await this.rpc.request('copy', { seq })).copied,
        onClose: () => this.setDetailOpen(false),
      },
      this.state.detailView,
    );

    // Toolbar
    this.pauseBtn = button('Pause', 'debug-pause', { title: 'Pause rendering (events keep arriving and are held)' });
    this.pauseBtn.addEventListener('click', () => void this.togglePause());
    this.followBtn = button('Follow', 'arrow-down', { title: 'Keep the newest event in view' });
    this.followBtn.addEventListener('click', () => this.grid?.setFollow(!this.grid.following));
    const clearBtn = button('Clear', 'clear-all', { title: 'Clear the view (events received from now on are shown)' });
    clearBtn.addEventListener('click', () =>
      void this.call(async () => {
        const status = await this.rpc.request('clear', {});
        this.chart?.reset();
        this.grid?.clearSelection();
        this.detailSeq = undefined;
        this.detail.show(null);
        this.persist({ selectedSeq: undefined, topSeq: undefined });
        this.applyStatus(status);
      }),
    );
    const ndjson = button('Export NDJSON', 'export', { title: 'Export the filtered events as NDJSON (one JSON event per line)' });
    ndjson.addEventListener('click', () => void this.exportAs('ndjson'));
    const csv = button('Export CSV', 'table', { title: 'Export the filtered events as CSV' });
    csv.addEventListener('click', () => void this.exportAs('csv'));
    const save = button('Save Capture', 'save', { title: 'Save everything in the buffer (unfiltered) as a capture that Open Capture reads back' });
    save.addEventListener('click', () => void this.saveCapture());
    const open = button('Open Capture', 'folder-opened', { title: 'Open a saved capture or NDJSON file in a new viewer' });
    open.addEventListener('click', () => void this.call(() => this.rpc.request('openCapture', {})));
    this.detailBtn = button('Detail', 'layout-sidebar-right', { title: 'Show or hide the detail pane (Enter)' });
    this.detailBtn.addEventListener('click', () => this.setDetailOpen(!this.state.detailOpen));
    const toolbar = el(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Viewer actions' },
      this.pauseBtn, this.held, this.followBtn, clearBtn, el('span', { class: 'sep', 'aria-hidden': 'true' }),
      ndjson, csv, save, open, el('div', { class: 'spacer' }), this.detailBtn,
    );
    toolbar.addEventListener('keydown', (e) => this.toolbarKeys(e, toolbar));

    // Filter bar
    const mk = (key: keyof ViewerFilter, label: string, placeholder: string, extra: Record<string, string> = {}) => {
      const input = el('input', { type: 'search', class: `filter-input f-${key}`, 'aria-label': label, placeholder, spellcheck: 'false', autocomplete: 'off', ...extra });
      input.addEventListener('input', () => this.filterChanged());
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') this.flushFilter();
        if (e.key === 'ArrowDown' && key === 'text' && this.grid) {
          e.preventDefault();
          this.grid.root.focus();
        }
      });
      return input;
    };
    this.inputs = {
      text: mk('text', 'Filter: free text', 'Filter text (all words)'),
      type: mk('type', 'Filter: event type', 'Type', { list: 'types-list' }),
      device: mk('device', 'Filter: device id glob', 'Device (glob: *-FF0000AA)'),
      operation: mk('operation', 'Filter: operation', 'Operation', { list: 'ops-list' }),
    };
    const clearFilter = button('Clear filter', 'close', { showLabel: false });
    clearFilter.addEventListener('click', () => {
      for (const i of Object.values(this.inputs)) i.value = '';
      this.flushFilter();
    });
    const filterBar = el(
      'div',
      { class: 'filter-bar', role: 'search', 'aria-label': 'Filter events' },
      el('span', { class: 'filter-icon' }, icon('filter')),
      this.inputs.text, this.inputs.type, this.inputs.device, this.inputs.operation, clearFilter, this.matchCount, this.typeList, this.opList,
    );

    this.banner.append(this.errorBanner, this.noticeBanner, this.droppedBanner, this.captureBanner);
    for (const b of [this.errorBanner, this.noticeBanner, this.droppedBanner, this.captureBanner]) b.hidden = true;

    this.main = el('div', { class: 'main' });
    // Rows and Chart: two views of the same buffer (the chart plots its DataPoint values).
    this.rowsTab.addEventListener('click', () => this.setChartOpen(false));
    this.chartTab.addEventListener('click', () => this.setChartOpen(true));
    const tabs = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'View' }, this.rowsTab, this.chartTab);
    root.replaceChildren(this.header.root, tabs, toolbar, filterBar, this.banner, this.main, this.footer, this.announce);
    root.removeAttribute('aria-busy');
    setText(this.footer, 'Connecting to the extension…');
    this.setDetailOpen(this.state.detailOpen, false);

    setInterval(() => this.header.tick(), 1000);
    window.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f' && !e.shiftKey) {
        e.preventDefault();
        this.inputs.text.focus();
        this.inputs.text.select();
      }
    });
    this.api.postMessage(restore ? { type: 'ready', protocol: VIEWER_PROTOCOL_VERSION, restore } : { type: 'ready', protocol: VIEWER_PROTOCOL_VERSION });
  }

  private toolbarKeys(e: KeyboardEvent, toolbar: HTMLElement): void {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const buttons = [...toolbar.querySelectorAll('button')].filter((b) => !b.disabled && !b.hidden);
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    buttons[(i + (e.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length].focus();
    e.preventDefault();
  }

  private onNotify(m: Exclude<HostToWebview, { type: 'response' }>): void {
    if (m.type === 'init') {
      const first = !this.info;
      this.info = m.info;
      if (first) this.buildGrid(m.info);
      this.showLiveControls(m.info);
      this.header.setInfo(m.info);
      this.setCaptureBanner(m.info);
      if (this.state.viewKey !== m.info.viewKey) this.persist({ viewKey: m.info.viewKey });
      for (const k of Object.keys(this.inputs) as (keyof ViewerFilter)[]) this.inputs[k].value = m.status.filter[k];
      this.applyStatus(m.status);
      if (first) void this.grid?.restore(this.state.selectedSeq, this.state.follow ? undefined : this.state.topSeq);
      if (first && this.state.chartOpen) this.setChartOpen(true, false);
      this.chart?.onStatus();
      return;
    }
    if (m.type === 'info') {
      this.info = m.info;
      this.showLiveControls(m.info);
      this.header.setInfo(m.info);
      this.setCaptureBanner(m.info);
      return;
    }
    this.applyStatus(m.status);
    this.chart?.onStatus();
  }

  /** A stream's history is read once and never grows: nothing to pause or follow. */
  private showLiveControls(info: ViewInfo): void {
    const growing = info.mode !== 'history';
    this.pauseBtn.hidden = !growing;
    this.followBtn.hidden = !growing;
  }

  private buildGrid(info: ViewInfo): void {
    this.grid = new Grid(this.rpc, info.mode === 'merged', {
      onSelect: (row) => this.onSelect(row),
      onOpen: () => {
        this.setDetailOpen(true);
        if (this.grid?.selectedSeq !== undefined) void this.loadDetail(this.grid.selectedSeq);
      },
      onFollowChange: (f) => {
        this.followBtn.setAttribute('aria-pressed', String(f));
        this.persist({ follow: f });
      },
    }, info.mode === 'history');
    if (!this.state.follow) this.grid.setFollow(false);
    this.followBtn.setAttribute('aria-pressed', String(this.grid.following));
    this.grid.root.addEventListener('scroll', () => this.persistSoon(), { passive: true });
    const wrap = el('div', { class: 'grid-wrap' }, this.grid.root, this.grid.emptyElement);
    this.gridWrap = wrap;
    this.chart = new ChartView(this.rpc, {
      selectSeq: (seq) => void this.showEvent(seq),
      picked: (keys) => this.persist({ chartPicked: keys }),
      notice: (text) => this.notice(text),
      error: (e) => void this.call(() => Promise.reject(e)),
    }, { picked: this.state.chartPicked, backfill: info.mode === 'live' });
    this.chart.root.hidden = true;
    this.main.replaceChildren(wrap, this.detail.root, this.chart.root);
  }

  /** Shows the rows or the chart (the toolbar and filter act on the rows). */
  private setChartOpen(open: boolean, save = true): void {
    if (!this.chart || !this.gridWrap) return;
    this.rowsTab.setAttribute('aria-selected', String(!open));
    this.chartTab.setAttribute('aria-selected', String(open));
    this.gridWrap.hidden = open;
    this.detail.root.hidden = open || !this.state.detailOpen;
    this.chart.root.hidden = !open;
    this.chart.setVisible(open);
    if (save) this.persist({ chartOpen: open });
  }

  /** A chart point was clicked: its event, selected in the rows. */
  private async showEvent(seq: number): Promise<void> {
    this.setChartOpen(false);
    this.grid?.setFollow(false);
    const found = await this.rpc.request('locate', { seq });
    if (!found) return this.notice('That event is not in the rows: the filter hides it, or it left the buffer.');
    await this.grid?.restore(seq, undefined);
  }

  /** What went wrong reading a capture or a stream's history (the only notes a static view has). */
  private setCaptureBanner(info: ViewInfo): void {
    const note = info.capture?.note ?? info.history?.note;
    this.captureBanner.hidden = !note;
    if (note) {
      clear(this.captureBanner);
      this.captureBanner.append(icon('warning'), ` ${displayLine(note, 600)}`);
    }
  }

  private applyStatus(s: ViewStatus): void {
    const prev = this.status;
    this.status = s;
    this.header.setStatus(s);
    this.grid?.update(s);
    // Pause button
    clear(this.pauseBtn);
    this.pauseBtn.append(icon(s.paused ? 'debug-continue' : 'debug-pause'), el('span', { class: 'btn-label' }, s.paused ? 'Resume' : 'Pause'));
    this.pauseBtn.setAttribute('aria-label', s.paused ? 'Resume' : 'Pause');
    this.pauseBtn.setAttribute('aria-pressed', String(s.paused));
    this.pauseBtn.title = s.paused ? 'Resume: show the held events' : 'Pause rendering (events keep arriving and are held)';
    this.held.hidden = !s.paused;
    setText(this.held, s.paused ? `${num(s.held)} held` : '');
    // Counts
    const filtered = isFilterActive(s.filter);
    setText(this.matchCount, filtered ? `${num(s.matched)} of ${num(s.inBuffer)} events match` : `${num(s.matched)} events`);
    if (this.announceAfterFilter && prev?.epoch !== s.epoch) {
      this.announceAfterFilter = false;
      setText(this.announce, filtered ? `${num(s.matched)} events match the filter` : `Filter cleared, ${num(s.matched)} events`);
    }
    this.droppedBanner.hidden = s.dropped === 0;
    if (s.dropped > 0) {
      clear(this.droppedBanner);
      this.droppedBanner.append(
        icon('warning'),
        ` ${num(s.dropped)} older event${s.dropped === 1 ? '' : 's'} dropped: the buffer keeps the newest ${num(this.info?.capacity ?? 0)} (setting digiPushMonitor.viewer.bufferCapacity) within ${mib(s.memory.budget)} for all sessions (digiPushMonitor.viewer.memoryBudgetMiB), and a session's buffer is freed when it ends with no viewer open.`,
      );
    }
    setText(
      this.footer,
      [
        `${num(s.count)} row${s.count === 1 ? '' : 's'} shown`,
        s.paused ? `paused, ${num(s.held)} held` : '',
        `${num(s.inBuffer)} in buffer`,
        this.info?.mode === 'capture' || this.info?.mode === 'history' ? '' : `${num(s.received)} received`,
        s.dropped ? `${num(s.dropped)} dropped` : '',
        `memory ${mib(s.memory.used)} of ${mib(s.memory.budget)}`,
        s.memory.previews ? `${num(s.memory.previews)} large payload${s.memory.previews === 1 ? '' : 's'} kept as preview` : '',
      ].filter(Boolean).join(' · '),
    );
    // Filter suggestions
    const key = s.facets.types.join('\n') + '\u0000' + s.facets.operations.join('\n');
    if (key !== this.facetsKey) {
      this.facetsKey = key;
      this.typeList.replaceChildren(...s.facets.types.map((t) => el('option', { value: t })));
      this.opList.replaceChildren(...s.facets.operations.map((t) => el('option', { value: t })));
    }
    this.grid?.setEmptyText(this.emptyText(s));
  }

  private emptyText(s: ViewStatus): string {
    if (s.count > 0) return '';
    if (isFilterActive(s.filter) && s.inBuffer > 0) return 'No events match the filter.';
    if (s.paused) return `Paused. ${num(s.held)} events held: Resume to show them.`;
    const mode = this.info?.mode;
    if (mode === 'capture') return 'This capture holds no events.';
    if (mode === 'history') return this.info?.history?.note ? 'Nothing was read: see the note above.' : 'This stream has no stored data points.';
    const st = s.states[0]?.state.kind;
    if (mode === 'merged' && s.states.length === 0) return 'No sessions are running. Start a session from the Monitors view; its events appear here.';
    if (st === 'absent') return 'This session is not running in this window. Start it from the Monitors view to see its events here.';
    if (st === 'stopped') return 'The session is stopped. Start it again to see new events.';
    if (st === 'error') return 'The session failed: see the state above and the log.';
    return 'Waiting for events… The session is connected; events appear as soon as the server pushes them.';
  }

  private filterValue(): ViewerFilter {
    return { text: this.inputs.text.value, type: this.inputs.type.value, device: this.inputs.device.value, operation: this.inputs.operation.value };
  }

  private filterChanged(): void {
    if (this.filterTimer) clearTimeout(this.filterTimer);
    this.filterTimer = setTimeout(() => this.flushFilter(), FILTER_DEBOUNCE_MS);
  }

  private flushFilter(): void {
    if (this.filterTimer) clearTimeout(this.filterTimer);
    this.filterTimer = undefined;
    const filter = this.filterValue();
    this.persist({ filter });
    this.announceAfterFilter = true;
    void this.call(async () => this.applyStatus(await this.rpc.request('setFilter', { filter })));
  }

  private async togglePause(): Promise<void> {
    const paused = this.status?.paused ?? false;
    await this.call(async () => this.applyStatus(await this.rpc.request(paused ? 'resume' : 'pause', {})));
  }

  private async exportAs(format: 'ndjson' | 'csv'): Promise<void> {
    await this.call(async () => {
      const r = await this.rpc.request('export', { format });
      if (r.saved) this.notice(`Exported ${num(r.count)} event${r.count === 1 ? '' : 's'} to ${displayLine(r.saved, 300)}`);
    });
  }

  private async saveCapture(): Promise<void> {
    await this.call(async () => {
      const r = await this.rpc.request('saveCapture', {});
      if (r.saved) this.notice(`Saved a capture of ${num(r.count)} item${r.count === 1 ? '' : 's'} to ${displayLine(r.saved, 300)}`);
    });
  }

  private notice(text: string): void {
    clear(this.noticeBanner);
    this.noticeBanner.append(icon('pass'), ` ${text}`);
    this.noticeBanner.hidden = false;
    setTimeout(() => (this.noticeBanner.hidden = true), 6000);
  }

  private async call(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
      this.errorBanner.hidden = true;
    } catch (e) {
      clear(this.errorBanner);
      const dismiss = button('Dismiss', 'close', { showLabel: false });
      dismiss.addEventListener('click', () => (this.errorBanner.hidden = true));
      this.errorBanner.append(icon('error'), ` ${displayLine((e as Error).message, 500)} `, dismiss);
      this.errorBanner.hidden = false;
    }
  }

  private onSelect(row: RowDto | undefined): void {
    this.persist({ selectedSeq: row?.seq });
    if (row && this.state.detailOpen) void this.loadDetail(row.seq);
  }

  private detailToken = 0;

  private async loadDetail(seq: number): Promise<void> {
    if (this.detailSeq === seq && this.detail.current?.seq === seq) return;
    this.detailSeq = seq;
    const token = ++this.detailToken;
    this.detail.loading();
    // Let fast keyboard navigation settle before asking for a (maybe large) detail.
    await new Promise((r) => setTimeout(r, 60));
    if (token !== this.detailToken) return;
    try {
      const d = await this.rpc.request('detail', { seq });
      if (token === this.detailToken) this.detail.show(d);
    } catch (e) {
      if (token === this.detailToken) {
        this.detail.show(null);
        void this.call(() => Promise.reject(e));
      }
    }
  }

  private setDetailOpen(open: boolean, save = true): void {
    this.state.detailOpen = open;
    this.detail.root.hidden = !open || this.chartTab.getAttribute('aria-selected') === 'true';
    this.main.classList.toggle('with-detail', open);
    this.detailBtn.setAttribute('aria-pressed', String(open));
    if (save) this.persist({ detailOpen: open });
    if (open && this.grid?.selectedSeq !== undefined) void this.loadDetail(this.grid.selectedSeq);
    if (!open) {
      this.detailSeq = undefined;
      this.grid?.root.focus();
    }
  }

  private persist(patch: Partial<PersistedViewState>): void {
    this.state = { ...this.state, ...patch };
    this.api.setState(this.state);
  }

  private persistSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.persist({ topSeq: this.grid?.topSeq() });
    }, 300);
  }
}
