// The chart's data: one series per DataPoint stream, fed with ChartPoints however they
// arrive (live rows, a history read), independent of drawing. Pure and unit-tested.
//
// - Each series is kept in time order. A point older than the newest (a history read that
//   arrives after live points, a late push) is merged into place, so history then live
//   reads as one line with no gap at the seam.
// - No duplicate: a point whose service id was seen is dropped; a point without an id is a
//   duplicate of one with the same time and value.
// - Bounded: at most `maxPoints` per series (the oldest are dropped and counted) and at most
//   `maxPlotted` series plotted at once; the others are listed and can be picked.
// - A stream is numeric when its type says so or any of its values is a number; the others
//   are listed, not plotted. A value that is not a number is kept as null: a gap, counted.

import { NUMERIC_TYPES, type ChartPoint } from './chartPoint';

export const DEFAULT_MAX_POINTS = 10_000;
export const DEFAULT_MAX_PLOTTED = 8;

/** What names a series: its key and the stream's ids, units and type (as its points carry them). */
export type SeriesHead = Pick<ChartPoint, 'key' | 'stream' | 'device' | 'path' | 'units' | 'type'>;

export interface SeriesInfo extends SeriesHead {
  /** Points held now. */
  count: number;
  /** Oldest points dropped to keep within the bound. */
  dropped: number;
  /** Values that were not numbers (drawn as gaps). */
  unparsed: number;
  /** The last value that was not a number, as sent (one short line). */
  lastText?: string;
  /** Plottable: its type is numeric or some value was a number. */
  numeric: boolean;
  plotted: boolean;
  /** Newest point, if any. */
  last?: { t: number; v: number | null };
}

class Series {
  readonly t: number[] = [];
  readonly v: (number | null)[] = [];
  readonly seq: (number | undefined)[] = [];
  readonly ids: (string | undefined)[] = [];
  /** What was sent where the value is not a number. */
  readonly texts: (string | undefined)[] = [];
  /** Each point's time+value key (to forget it when it is dropped). */
  private readonly tvs: string[] = [];
  /** Point ids held, and time+value keys held (true when that point had an id). */
  private readonly idSet = new Set<string>();
  private readonly tvSet = new Map<string, boolean>();
  dropped = 0;
  unparsed = 0;
  numbers = 0;
  lastText: string | undefined;

  constructor(readonly head: SeriesHead) {}

  private static tv(p: { t: number; v: number | null; text?: string }): string {
    return `${p.t}\u0000${p.v ?? `\u0001${p.text ?? ''}`}`;
  }

  /** Adds one point in time order; false for a duplicate. */
  add(p: ChartPoint): boolean {
    const tv = Series.tv(p);
    if (p.id !== undefined ? this.idSet.has(p.id) || this.tvSet.get(tv) === false : this.tvSet.has(tv)) return false;
    if (p.id !== undefined) this.idSet.add(p.id);
    this.tvSet.set(tv, p.id !== undefined);
    const n = this.t.length;
    let at = n;
    if (n > 0 && p.t < this.t[n - 1]) {
      // Upper bound: after points of the same time, so equal times keep arrival order.
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.t[mid] <= p.t) lo = mid + 1;
        else hi = mid;
      }
      at = lo;
    }
    if (at === n) {
      this.t.push(p.t);
      this.v.push(p.v);
      this.seq.push(p.seq);
      this.ids.push(p.id);
      this.texts.push(p.text);
      this.tvs.push(tv);
    } else {
      this.t.splice(at, 0, p.t);
      this.v.splice(at, 0, p.v);
      this.seq.splice(at, 0, p.seq);
      this.ids.splice(at, 0, p.id);
      this.texts.splice(at, 0, p.text);
      this.tvs.splice(at, 0, tv);
    }
    if (p.v === null) {
      this.unparsed++;
      this.lastText = p.text;
    } else this.numbers++;
    if (p.units && !this.head.units) this.head.units = p.units;
    if (p.type && !this.head.type) this.head.type = p.type;
    return true;
  }

  /** Drops the oldest points beyond `max` (once per batch: one splice). */
  trim(max: number): void {
    const extra = this.t.length - max;
    if (extra <= 0) return;
    for (let i = 0; i < extra; i++) {
      const id = this.ids[i];
      if (id !== undefined) this.idSet.delete(id);
      this.tvSet.delete(this.tvs[i]);
    }
    this.t.splice(0, extra);
    this.v.splice(0, extra);
    this.seq.splice(0, extra);
    this.ids.splice(0, extra);
    this.texts.splice(0, extra);
    this.tvs.splice(0, extra);
    this.dropped += extra;
  }

  get numeric(): boolean {
    return NUMERIC_TYPES.has(this.head.type) || this.numbers > 0;
  }
}

/** What uPlot draws: one shared time axis, one value array per plotted series (`undefined` where that series has no point at that time: the line goes on; `null`: a gap). */
export interface AlignedData {
  keys: string[];
  xs: number[];
  ys: (number | null | undefined)[][];
  /** The viewer row of each drawn point (undefined for history points read from the service). */
  seqs: (number | undefined)[][];
}

export interface StoredPoint {
  t: number;
  v: number | null;
  seq?: number;
  id?: string;
  text?: string;
}

export interface SeriesModelOptions {
  maxPoints?: number;
  maxPlotted?: number;
}

export class SeriesModel {
  readonly maxPoints: number;
  readonly maxPlotted: number;
  private readonly byKey = new Map<string, Series>();
  private picked: string[] = [];
  /** The user chose what to plot: new streams are no longer picked automatically. */
  private userPicked = false;
  /** Bumped on every change, so a drawer knows when to rebuild its data. */
  version = 0;

  constructor(opts: SeriesModelOptions = {}) {
    this.maxPoints = Math.max(2, Math.floor(opts.maxPoints ?? DEFAULT_MAX_POINTS));
    this.maxPlotted = Math.max(1, Math.floor(opts.maxPlotted ?? DEFAULT_MAX_PLOTTED));
  }

  /** Adds points (any order, any mix of streams, history or live). Returns how many were new. */
  add(points: readonly ChartPoint[]): number {
    const touched = new Set<Series>();
    let added = 0;
    for (const p of points) {
      let s = this.byKey.get(p.key);
      if (!s) {
        s = new Series({ key: p.key, stream: p.stream, device: p.device, path: p.path, units: p.units, type: p.type });
        this.byKey.set(p.key, s);
      }
      if (s.add(p)) {
        added++;
        touched.add(s);
      }
    }
    for (const s of touched) {
      s.trim(this.maxPoints);
      if (!this.userPicked && s.numeric && !this.picked.includes(s.head.key) && this.picked.length < this.maxPlotted) this.picked.push(s.head.key);
    }
    if (added) this.version++;
    return added;
  }

  /** Plots exactly these series (numeric ones, at most maxPlotted, in this order); unknown keys are kept for when they arrive. */
  pick(keys: readonly string[]): void {
    this.userPicked = true;
    const out: string[] = [];
    for (const k of keys) {
      const s = this.byKey.get(k);
      if (out.includes(k) || (s && !s.numeric)) continue;
      if (out.length >= this.maxPlotted) break;
      out.push(k);
    }
    this.picked = out;
    this.version++;
  }

  /** Plots or stops plotting one series; false when it cannot be plotted (not numeric, or the limit is reached). */
  toggle(key: string): boolean {
    const on = this.picked.includes(key);
    if (on) {
      this.pick(this.picked.filter((k) => k !== key));
      return true;
    }
    const s = this.byKey.get(key);
    if (!s?.numeric || this.plottedKeys().length >= this.maxPlotted) return false;
    this.pick([...this.picked, key]);
    return true;
  }

  /** The picked keys whose series exist (in pick order). */
  plottedKeys(): string[] {
    return this.picked.filter((k) => this.byKey.get(k)?.numeric);
  }

  /** All picked keys, also those not seen yet (what the webview state keeps). */
  pickedKeys(): { keys: string[]; user: boolean } {
    return { keys: [...this.picked], user: this.userPicked };
  }

  info(key: string): SeriesInfo | undefined {
    const s = this.byKey.get(key);
    if (!s) return undefined;
    const n = s.t.length;
    const i: SeriesInfo = {
      ...s.head,
      count: n,
      dropped: s.dropped,
      unparsed: s.unparsed,
      numeric: s.numeric,
      plotted: this.picked.includes(key) && s.numeric,
    };
    if (s.lastText !== undefined) i.lastText = s.lastText;
    if (n > 0) i.last = { t: s.t[n - 1], v: s.v[n - 1] };
    return i;
  }

  /** Every series seen, numeric first, then by device and path. */
  list(): SeriesInfo[] {
    return [...this.byKey.keys()]
      .map((k) => this.info(k) as SeriesInfo)
      .sort((a, b) => Number(b.numeric) - Number(a.numeric) || a.device.localeCompare(b.device) || a.path.localeCompare(b.path) || a.key.localeCompare(b.key));
  }

  /** The plotted series grouped by units (one y axis each), in order of first appearance. */
  groups(): { units: string; keys: string[] }[] {
    const out: { units: string; keys: string[] }[] = [];
    for (const k of this.plottedKeys()) {
      const units = this.byKey.get(k)?.head.units ?? '';
      let g = out.find((x) => x.units === units);
      if (!g) out.push((g = { units, keys: [] }));
      g.keys.push(k);
    }
    return out;
  }

  /** The plotted series on one time axis (the union of their times). */
  aligned(): AlignedData {
    const keys = this.plottedKeys();
    const series = keys.map((k) => this.byKey.get(k) as Series);
    let xs: number[];
    if (series.length === 1) xs = series[0].t.slice();
    else {
      const all: number[] = [];
      for (const s of series) for (const t of s.t) all.push(t);
      all.sort((a, b) => a - b);
      xs = [];
      for (const t of all) if (xs.length === 0 || xs[xs.length - 1] !== t) xs.push(t);
    }
    const ys: (number | null | undefined)[][] = [];
    const seqs: (number | undefined)[][] = [];
    for (const s of series) {
      const y = new Array<number | null | undefined>(xs.length).fill(undefined);
      const q = new Array<number | undefined>(xs.length).fill(undefined);
      let j = 0;
      for (let i = 0; i < s.t.length; i++) {
        while (xs[j] < s.t[i]) j++;
        // Several points of one series at the same time: the last one is drawn.
        y[j] = s.v[i];
        q[j] = s.seq[i];
      }
      ys.push(y);
      seqs.push(q);
    }
    return { keys, xs, ys, seqs };
  }

  /** The points of one series (oldest first), for export and tests. */
  points(key: string): StoredPoint[] {
    const s = this.byKey.get(key);
    if (!s) return [];
    return s.t.map((t, i) => {
      const p: StoredPoint = { t, v: s.v[i] };
      if (s.seq[i] !== undefined) p.seq = s.seq[i];
      if (s.ids[i] !== undefined) p.id = s.ids[i];
      if (s.texts[i] !== undefined) p.text = s.texts[i];
      return p;
    });
  }

  /** Forgets every point (the picks stay). */
  clear(): void {
    this.byKey.clear();
    this.version++;
  }
}
