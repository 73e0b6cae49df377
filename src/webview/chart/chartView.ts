// The viewer's Chart tab: a stream picker (search by device id and stream path) beside a
// uPlot chart of the picked numeric streams, one y axis per unit group. Points come from
// the host like rows do (pulled after each status: chartPoints) and, once per plotted
// stream, from the service's stored history (chartHistory, the backfill) — both into the
// same SeriesModel, which merges them into one line with no gap or duplicate at the seam.
//
// Redraws are throttled to animation frames at most every MIN_FRAME_MS; nothing is drawn
// while the tab is hidden or the chart paused (points keep arriving into the model).

import uPlot from 'uplot';
import { chartCsv } from '../../shared/chart/chartCsv';
import { SeriesModel, type AlignedData, type SeriesInfo } from '../../shared/chart/seriesModel';
import { displayLine } from '../../shared/displayText';
import { button, clear, el, icon, setText } from '../dom';
import { num } from '../format';
import type { Rpc } from '../rpc';
import { onThemeChange, readTheme, type ChartTheme } from './chartTheme';
import { plotOptions, seriesLabel } from './plotOptions';

/** At most ~16 redraws per second however fast points arrive. */
const MIN_FRAME_MS = 60;
/** The stream list is re-rendered at most this often (counts change with every point). */
const LIST_MS = 500;
/** A click selects the nearest point within this many CSS pixels. */
const CLICK_PX = 24;
/** After a pull that brought points, the next one this soon (the host's statuses come every 100 ms). */
const CHASE_MS = 40;
/** The performance mark of each drawn frame. */
export const DRAW_MARK = 'dpm-chart-draw';

export interface ChartCallbacks {
  /** Show this event in the rows (a point was clicked). */
  selectSeq(seq: number): void;
  /** The user changed what is plotted (kept in the webview state). */
  picked(keys: string[]): void;
  notice(text: string): void;
  error(e: unknown): void;
}

export class ChartView {
  readonly root: HTMLElement;
  private readonly model: SeriesModel;
  private readonly plotBox = el('div', { class: 'chart-plot' });
  private readonly empty = el('div', { class: 'chart-empty', role: 'status' });
  private readonly list = el('div', { class: 'chart-streams', role: 'group', 'aria-label': 'Streams' });
  private readonly search = el('input', { type: 'search', class: 'chart-search', 'aria-label': 'Search streams: device id or stream path', placeholder: 'Search device or stream', spellcheck: 'false', autocomplete: 'off' });
  private readonly statusLine = el('span', { class: 'chart-status', role: 'status' });
  private readonly pauseBtn: HTMLButtonElement;
  private plot: uPlot | undefined;
  private signature = '';
  private aligned: AlignedData | undefined;
  private theme: ChartTheme | undefined;
  private after = -1;
  private pulling = false;
  private pullAgain = false;
  private chaseTimer: ReturnType<typeof setTimeout> | undefined;
  private started = false;
  private visible = false;
  private paused = false;
  private drawnVersion = -1;
  private frame = 0;
  private lastDraw = 0;
  private lastList = 0;
  private listTimer: ReturnType<typeof setTimeout> | undefined;
  /** The x range the user zoomed or panned to (undefined: follow all data). */
  private zoom: { min: number; max: number } | undefined;
  /** Our own setData/setScale calls (not the user's zoom). */
  private updating = false;
  private readonly backfilled = new Set<string>();
  private backfillText = '';

  constructor(
    private readonly rpc: Rpc,
    private readonly cb: ChartCallbacks,
    opts: { picked?: string[]; backfill: boolean },
  ) {
    this.model = new SeriesModel();
    if (opts.picked) this.model.pick(opts.picked);
    this.backfillEnabled = opts.backfill;
    this.pauseBtn = button('Pause chart', 'debug-pause', { title: 'Pause the chart (points keep arriving and are drawn on Resume)' });
    this.pauseBtn.addEventListener('click', () => this.setPaused(!this.paused));
    const reset = button('Reset zoom', 'zoom-out', { title: 'Show all points (drag across the chart to zoom into a time range)' });
    reset.addEventListener('click', () => this.resetZoom());
    const left = button('Pan left', 'arrow-left', { showLabel: false, title: 'Pan left (earlier)' });
    left.addEventListener('click', () => this.pan(-0.5));
    const right = button('Pan right', 'arrow-right', { showLabel: false, title: 'Pan right (later)' });
    right.addEventListener('click', () => this.pan(0.5));
    const csv = button('Export Chart CSV', 'table', { title: 'Export the plotted series as CSV (one row per point)' });
    csv.addEventListener('click', () => void this.exportCsv());
    const toolbar = el('div', { class: 'toolbar chart-toolbar', role: 'toolbar', 'aria-label': 'Chart actions' }, this.pauseBtn, reset, left, right, el('div', { class: 'spacer' }), csv);
    this.search.addEventListener('input', () => this.renderList(true));
    const side = el('div', { class: 'chart-side' }, this.search, this.list);
    this.plotBox.append(this.empty);
    this.root = el('div', { class: 'chart', role: 'tabpanel', 'aria-label': 'Chart' }, toolbar, this.statusLine, el('div', { class: 'chart-body' }, side, this.plotBox));
    new ResizeObserver(() => this.resize()).observe(this.plotBox);
    onThemeChange(() => {
      this.theme = undefined;
      this.signature = '';
      this.schedule(true);
    });
    this.plotBox.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
  }

  private readonly backfillEnabled: boolean;

  /** The tab was shown or hidden. The first show starts pulling points. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && !this.started) {
      this.started = true;
      void this.pull();
    }
    if (visible) {
      this.renderList(true);
      this.schedule(true);
    }
  }

  /** New rows may have arrived (a status from the host). */
  onStatus(): void {
    if (this.started) void this.pull();
  }

  /** The viewer was cleared: the chart starts again from the rows to come. */
  reset(): void {
    this.model.clear();
    this.zoom = undefined;
    this.schedule(true);
  }

  private async pull(): Promise<void> {
    if (this.pulling) {
      this.pullAgain = true;
      return;
    }
    this.pulling = true;
    let got = 0;
    try {
      for (;;) {
        const r = await this.rpc.request('chartPoints', { after: this.after });
        this.after = r.next;
        got += r.points.length;
        if (r.points.length) this.model.add(r.points);
        if (!r.more && !this.pullAgain) break;
        this.pullAgain = false;
      }
      this.schedule();
      void this.backfill();
      // While points flow and the chart is shown, pull again soon rather than wait for the
      // next status (at most 10 a second): the chart keeps up at its own frame rate.
      if (got > 0 && this.visible && !this.chaseTimer) {
        this.chaseTimer = setTimeout(() => {
          this.chaseTimer = undefined;
          void this.pull();
        }, CHASE_MS);
      }
    } catch (e) {
      this.cb.error(e);
    } finally {
      this.pulling = false;
    }
  }

  /** Reads the stored points of plotted streams not read yet (once each). */
  private async backfill(): Promise<void> {
    if (!this.backfillEnabled) return;
    const todo = this.model.plottedKeys().filter((k) => !this.backfilled.has(k));
    if (!todo.length) return;
    for (const k of todo) this.backfilled.add(k);
    const streams = todo.map((k) => this.model.info(k)?.stream).filter((s): s is string => !!s);
    try {
      const r = await this.rpc.request('chartHistory', { streams });
      if (!r.available) {
        this.backfillText = '';
        return;
      }
      if (r.maxPoints === 0) {
        this.backfillText = 'no history read (setting digiPushMonitor.chart.backfillPoints is 0)';
        return;
      }
      const added = this.model.add(r.points);
      // Read: what the service gave; new: what the live rows did not have already (the rest met at the seam).
      this.backfillText = `history: ${num(r.points.length)} stored point${r.points.length === 1 ? '' : 's'} read, ${num(added)} new (last ${r.minutes} min, at most ${num(r.maxPoints)} per stream)${r.notes.length ? `; ${r.notes.map((n) => displayLine(n, 200)).join('; ')}` : ''}`;
      this.schedule(true);
    } catch (e) {
      this.backfillText = `history not read: ${displayLine((e as Error).message, 200)}`;
      this.schedule(true);
    }
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    clear(this.pauseBtn);
    this.pauseBtn.append(icon(paused ? 'debug-continue' : 'debug-pause'), el('span', { class: 'btn-label' }, paused ? 'Resume chart' : 'Pause chart'));
    this.pauseBtn.setAttribute('aria-pressed', String(paused));
    this.schedule(true);
  }

  private schedule(force = false): void {
    if (force) this.drawnVersion = -1;
    if (this.frame || !this.visible) return;
    const wait = Math.max(0, MIN_FRAME_MS - (performance.now() - this.lastDraw));
    const go = () => {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.draw();
      });
    };
    if (wait > 0) {
      this.frame = -1;
      setTimeout(() => {
        this.frame = 0;
        go();
      }, wait);
    } else go();
  }

  private draw(): void {
    if (!this.visible) return;
    this.renderStatus();
    this.renderList(false);
    if (this.paused || this.model.version === this.drawnVersion) return;
    this.drawnVersion = this.model.version;
    const t0 = (this.lastDraw = performance.now());
    const keys = this.model.plottedKeys();
    this.empty.hidden = keys.length > 0;
    if (!keys.length) {
      setText(this.empty, this.model.list().length ? 'No numeric stream is picked: pick one from the list.' : 'No DataPoint values yet. Numeric streams are drawn here as their events arrive.');
      this.plot?.destroy();
      this.plot = undefined;
      this.signature = '';
      return;
    }
    const infos = keys.map((k) => this.model.info(k) as SeriesInfo);
    const groups = this.model.groups();
    this.theme ??= readTheme();
    const aligned = this.model.aligned();
    this.aligned = aligned;
    const data = [aligned.xs, ...aligned.ys] as unknown as uPlot.AlignedData;
    const signature = JSON.stringify([keys, groups.map((g) => g.units)]);
    // One y axis per unit group, named here for tests and assistive tools (the axes are canvas).
    this.plotBox.dataset.axes = groups.map((g) => g.units || 'none').join(' | ');
    this.updating = true;
    try {
      if (!this.plot || signature !== this.signature) {
        this.plot?.destroy();
        this.signature = signature;
        const size = this.size();
        this.plot = new uPlot(plotOptions({ series: infos, groups }, this.theme, size, this.hooks()), data, this.plotBox);
        this.plot.over.addEventListener('click', (e) => this.click(e));
      } else this.plot.setData(data, true);
      if (this.zoom) this.plot.setScale('x', this.zoom);
    } finally {
      this.updating = false;
    }
    // For the benchmark (bench/viewerChart.ts): when each frame drew, and the newest point's time.
    if (performance.getEntriesByName(DRAW_MARK).length > 5000) performance.clearMarks(DRAW_MARK);
    performance.mark(DRAW_MARK, { detail: { at: Date.now(), newest: aligned.xs.length ? aligned.xs[aligned.xs.length - 1] : 0, ms: performance.now() - t0 } });
  }

  private hooks(): uPlot.Hooks.Arrays {
    return {
      setScale: [
        (u, key) => {
          if (key !== 'x' || this.updating) return;
          const { min, max } = u.scales.x;
          const xs = this.aligned?.xs;
          if (min === undefined || max === undefined || !xs?.length) return;
          // uPlot ranges to all data on its own (first draw, resize): that is no zoom.
          this.zoom = min <= xs[0] && max >= xs[xs.length - 1] ? undefined : { min, max };
        },
      ],
      // A value that is not a number: a gap in the line and a small mark on the time axis.
      draw: [(u) => this.markUnparsed(u)],
    };
  }

  private markUnparsed(u: uPlot): void {
    const a = this.aligned;
    if (!a) return;
    const ctx = u.ctx;
    const bottom = u.bbox.top + u.bbox.height;
    const r = 4 * devicePixelRatio;
    ctx.save();
    a.ys.forEach((ys, s) => {
      const stroke = u.series[s + 1]?.stroke;
      ctx.fillStyle = typeof stroke === 'function' ? (this.theme?.foreground ?? '#888') : String(stroke ?? '#888');
      for (let i = 0; i < ys.length; i++) {
        if (ys[i] !== null) continue;
        const x = u.valToPos(a.xs[i], 'x', true);
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
        ctx.beginPath();
        ctx.moveTo(x, bottom - 2 * r);
        ctx.lineTo(x - r, bottom);
        ctx.lineTo(x + r, bottom);
        ctx.closePath();
        ctx.fill();
      }
    });
    ctx.restore();
  }

  /** Selects the event of the point nearest the click (within CLICK_PX), in the rows. */
  private click(e: MouseEvent): void {
    const u = this.plot;
    const a = this.aligned;
    if (!u || !a || !a.xs.length) return;
    const rect = u.over.getBoundingClientRect();
    const cx = e.clientX - rect.left;
    const cy = e.clientY - rect.top;
    const center = u.posToIdx(cx);
    let best: { d: number; seq: number | undefined } | undefined;
    a.ys.forEach((ys, s) => {
      const scale = u.series[s + 1]?.scale ?? 'y0';
      for (const dir of [-1, 1]) {
        for (let i = dir < 0 ? center : center + 1, n = 0; i >= 0 && i < ys.length && n < 500; i += dir, n++) {
          const y = ys[i];
          if (y === undefined || y === null) continue;
          const dx = u.valToPos(a.xs[i], 'x') - cx;
          if (Math.abs(dx) > CLICK_PX) break;
          const d = Math.hypot(dx, u.valToPos(y, scale) - cy);
          if (d <= CLICK_PX && (!best || d < best.d)) best = { d, seq: a.seqs[s][i] };
        }
      }
    });
    if (!best) return;
    if (best.seq === undefined) this.cb.notice('That point was read from the stream’s stored history: it has no row here.');
    else this.cb.selectSeq(best.seq);
  }

  private size(): { width: number; height: number } {
    // uPlot's height is the plot's; the legend below takes a row per few series.
    const legend = 28 + 22 * Math.ceil(this.model.plottedKeys().length / 3);
    return { width: Math.max(200, this.plotBox.clientWidth - 8), height: Math.max(120, this.plotBox.clientHeight - legend - 8) };
  }

  private resize(): void {
    if (this.plot && this.visible) this.plot.setSize(this.size());
  }

  private resetZoom(): void {
    this.zoom = undefined;
    this.schedule(true);
  }

  private currentRange(): { min: number; max: number } | undefined {
    if (this.zoom) return this.zoom;
    const x = this.plot?.scales.x;
    return x && x.min !== undefined && x.max !== undefined ? { min: x.min, max: x.max } : undefined;
  }

  /** Moves the time window by `fraction` of its width. */
  private pan(fraction: number): void {
    const r = this.currentRange();
    if (!r) return;
    const d = (r.max - r.min) * fraction;
    this.zoom = { min: r.min + d, max: r.max + d };
    this.schedule(true);
  }

  /** Wheel over the chart zooms the time axis around the pointer. */
  private wheel(e: WheelEvent): void {
    const u = this.plot;
    const r = this.currentRange();
    if (!u || !r) return;
    e.preventDefault();
    const rect = u.over.getBoundingClientRect();
    const at = u.posToVal(Math.min(rect.width, Math.max(0, e.clientX - rect.left)), 'x');
    const f = e.deltaY < 0 ? 0.8 : 1.25;
    this.zoom = { min: at - (at - r.min) * f, max: at + (r.max - at) * f };
    this.schedule(true);
  }

  private renderStatus(): void {
    const all = this.model.list();
    const plotted = all.filter((s) => s.plotted);
    const points = plotted.reduce((n, s) => n + s.count, 0);
    const dropped = plotted.reduce((n, s) => n + s.dropped, 0);
    const unparsed = plotted.reduce((n, s) => n + s.unparsed, 0);
    setText(
      this.statusLine,
      [
        `${num(plotted.length)} of ${num(all.filter((s) => s.numeric).length)} numeric stream${all.length === 1 ? '' : 's'} plotted`,
        `${num(points)} points`,
        dropped ? `${num(dropped)} older dropped (at most ${num(this.model.maxPoints)} per stream)` : '',
        unparsed ? `${num(unparsed)} not numbers (marked ▲)` : '',
        this.paused ? 'paused' : '',
        this.zoom ? 'zoomed' : '',
        this.backfillText,
      ].filter(Boolean).join(' · '),
    );
  }

  /** The picker: numeric streams (a toggle each, with colour, units and counts), then the others, listed only. */
  private renderList(now: boolean): void {
    if (!this.visible) return;
    const t = performance.now();
    if (!now && t - this.lastList < LIST_MS) {
      this.listTimer ??= setTimeout(() => {
        this.listTimer = undefined;
        this.renderList(true);
      }, LIST_MS);
      return;
    }
    this.lastList = t;
    const q = this.search.value.trim().toLowerCase();
    const all = this.model.list().filter((s) => !q || `${s.device}/${s.path}`.toLowerCase().includes(q) || s.stream.toLowerCase().includes(q));
    const plotted = this.model.plottedKeys();
    const colours = this.theme?.series ?? [];
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.key : undefined;
    const items: HTMLElement[] = [];
    let nonNumericHeader = false;
    for (const s of all) {
      if (!s.numeric && !nonNumericHeader) {
        nonNumericHeader = true;
        items.push(el('div', { class: 'chart-streams-head' }, 'Not numeric (listed, not plotted)'));
      }
      const on = plotted.indexOf(s.key);
      const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
      if (on >= 0 && colours.length) swatch.style.background = colours[on % colours.length];
      const detail = [
        s.units ? displayLine(s.units, 20) : '',
        `${num(s.count)} pts`,
        s.dropped ? `${num(s.dropped)} dropped` : '',
        s.numeric && s.unparsed ? `${num(s.unparsed)} not numbers${s.lastText ? ` (last: ${s.lastText})` : ''}` : '',
        !s.numeric && s.lastText ? `last: ${s.lastText}` : '',
      ].filter(Boolean).join(' · ');
      const item = el(
        'button',
        { type: 'button', class: `chart-stream${on >= 0 ? ' on' : ''}`, role: 'checkbox', 'aria-checked': String(on >= 0), 'aria-disabled': String(!s.numeric), 'data-key': s.key, title: displayLine(s.stream, 300) },
        swatch,
        el('span', { class: 'chart-stream-name' }, seriesLabel(s)),
        el('span', { class: 'chart-stream-detail' }, detail),
      );
      item.addEventListener('click', () => this.toggle(s));
      items.push(item);
    }
    if (!all.length) items.push(el('div', { class: 'chart-streams-head' }, q ? 'No stream matches.' : 'No DataPoint streams yet.'));
    this.list.replaceChildren(...items);
    if (focused) (this.list.querySelector(`[data-key="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
  }

  private toggle(s: SeriesInfo): void {
    if (!s.numeric) return this.cb.notice(`${seriesLabel(s)} has no numeric values: it is listed, not plotted.`);
    if (!this.model.toggle(s.key)) return this.cb.notice(`At most ${this.model.maxPlotted} streams are plotted at once: remove one first.`);
    this.cb.picked(this.model.pickedKeys().keys);
    this.renderList(true);
    this.schedule(true);
    void this.backfill();
  }

  private async exportCsv(): Promise<void> {
    const { csv, count } = chartCsv(this.model);
    try {
      const r = await this.rpc.request('exportChart', { csv, count });
      if (r.saved) this.cb.notice(`Exported ${num(count)} point${count === 1 ? '' : 's'} of ${num(this.model.plottedKeys().length)} stream${this.model.plottedKeys().length === 1 ? '' : 's'} to ${displayLine(r.saved, 300)}`);
    } catch (e) {
      this.cb.error(e);
    }
  }
}
