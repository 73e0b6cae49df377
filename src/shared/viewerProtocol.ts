// Messages between the event viewer's extension-host side (src/extension/viewer) and its
// webview (src/webview). One module, imported by both: no `vscode` and no DOM imports.
//
// The model is pull-based (Confluent's message viewer does the same): the host owns the
// events; the webview asks for the rows it shows (`rows`, by ordinal) and the detail of
// the selected one (`detail`). The host only pushes small, coalesced `status` messages
// (at most ~10 per second, only while the panel is visible). The whole buffer is never
// re-sent.

import type { LiveState, LiveSubscription } from './sessionModel';
import type { ChartPoint } from './chart/chartPoint';

export const VIEWER_VIEW_TYPE = 'digiPushMonitor.eventViewer';
export const VIEWER_PROTOCOL_VERSION = 1;

/** Client-side filter. Empty strings mean "any". */
export interface ViewerFilter {
  /** Free text: whitespace-separated terms, all must occur (case-insensitive) in the event. */
  text: string;
  /** Event type (DeviceCore, DataPoint…); comma-separated alternatives; exact, case-insensitive. */
  type: string;
  /** Device id glob(s): `*` and `?`, comma/space separated; without a wildcard a substring. */
  device: string;
  /** Operation(s): CREATE, UPDATE, DELETE, INSERTION; comma-separated alternatives. */
  operation: string;
}

export const EMPTY_FILTER: ViewerFilter = Object.freeze({ text: '', type: '', device: '', operation: '' });

export function isFilterActive(f: ViewerFilter): boolean {
  return !!(f.text.trim() || f.type.trim() || f.device.trim() || f.operation.trim());
}

/** One list row, all display strings computed once on the host (and cached there). */
export interface RowDto {
  seq: number;
  /** Position in the filtered view (stable within an epoch). */
  ord: number;
  kind: 'event' | 'gap';
  /** Local receive time, HH:MM:SS.mmm. */
  recv: string;
  /** Server (envelope) timestamp as local HH:MM:SS.mmm, or the text as sent when it is no date. */
  server: string;
  type: string;
  device: string;
  op: string;
  summary: string;
  replay: boolean;
  /** Read from a stream's stored history (REST), not pushed live; absent on live rows. */
  history?: boolean;
  /** Session label, in the merged view only. */
  source?: string;
}

/** A session's subscription, sent as the extension holds it. */
export type SubscriptionDto = Readonly<LiveSubscription>;

/** What the viewer shows for a session it buffers: its live state, or that it does not exist here (yet). */
export type SourceStateDto =
  | LiveState
  /** A restored panel whose session does not exist (yet) in this window. */
  | { kind: 'absent' };

export type LiveStateDto =
  | SourceStateDto
  /** A capture opened from a file. */
  | { kind: 'offline' };

export type ViewMode = 'live' | 'merged' | 'capture' | 'history';

/** What a history view read: one stream's newest stored points, fetched once (no live status). */
export interface HistoryInfoDto {
  streamId: string;
  accountLabel: string;
  host: string;
  dataType?: string;
  units?: string;
  /** When the points were read (host clock, epoch ms). */
  fetchedAt: number;
  points: number;
  /** The most points one read keeps (setting digiPushMonitor.history.maxPoints). */
  maxPoints: number;
  /** Older points exist that were not read. */
  more: boolean;
  /** Why nothing (or not everything) could be read. */
  note?: string;
}

export interface ViewInfo {
  /** `source:<id>`, `merged`, `capture:<random id>` (the host alone maps it to a file) or `history:<account>/<stream>`; what the serializer restores. */
  viewKey: string;
  mode: ViewMode;
  title: string;
  subscriptions: { label: string; subscription: SubscriptionDto }[];
  capture?: { file: string; savedAt: string; items: number; skipped: number; note?: string };
  /** Set in mode 'history'. */
  history?: HistoryInfoDto;
  capacity: number;
}

/** The memory budget a view's store shares (setting digiPushMonitor.viewer.memoryBudgetMiB). */
export interface MemoryDto {
  /** Estimated bytes the stores sharing the budget hold now. */
  used: number;
  /** The budget in bytes. */
  budget: number;
  /** Large events whose payload was released to keep within it (only a preview kept), since the start. */
  previews: number;
}

export interface ViewStatus {
  /** Changes when the row set is rebuilt (filter, clear); cached rows of older epochs are void. */
  epoch: number;
  /** Ordinal of the first row the view can show (grows as old rows are evicted). */
  first: number;
  /** Rows the view shows (events and gap markers). */
  count: number;
  /** Events among them: the match count. */
  matched: number;
  /** Matching rows received while paused, not shown yet. */
  held: number;
  /** Events in the buffer (after the last Clear), whatever the filter. */
  inBuffer: number;
  /** Items the session delivered since the viewer started watching it. */
  received: number;
  /** Older items evicted from the full buffer (since the last Clear). */
  dropped: number;
  paused: boolean;
  filter: ViewerFilter;
  states: { label: string; state: LiveStateDto }[];
  /** Events per second over the last complete second, and the last 60 seconds (oldest first). */
  rate: number;
  spark: number[];
  facets: { types: string[]; operations: string[] };
  memory: MemoryDto;
  /** Host clock, for relative times ("reconnecting in 8 s"). */
  now: number;
}

export type DetailView = 'tree' | 'pretty' | 'raw';

export interface DetailDto {
  seq: number;
  kind: 'event' | 'gap';
  title: string;
  /** Label/value pairs shown above the payload (topic, times, block, monitor…). */
  meta: [string, string][];
  format: 'json' | 'xml';
  /** Compact JSON of the event's resource object, for the collapsible tree. */
  json: string;
  /** Pretty text: JSON (indented) for JSON events, XML for XML events. */
  pretty: string;
  prettyLanguage: 'json' | 'xml';
  /** The event's own document text as received (or a compact rendering when it was not kept). */
  raw: string;
  /** Set when something was cut to keep the webview responsive. */
  note?: string;
}

export interface ExportResult {
  /** Where it was written; absent when the user cancelled. */
  saved?: string;
  count: number;
}

/** Requests the webview sends, with their parameters and results. */
export interface ViewerRequests {
  rows: { params: { epoch: number; start: number; count: number }; result: { epoch: number; rows: RowDto[] } };
  detail: { params: { seq: number }; result: DetailDto | null };
  /** Ordinal of a row by seq in the current epoch (to restore the selection), or null. */
  locate: { params: { seq: number }; result: { ord: number } | null };
  setFilter: { params: { filter: ViewerFilter }; result: ViewStatus };
  pause: { params: Record<string, never>; result: ViewStatus };
  resume: { params: Record<string, never>; result: ViewStatus };
  clear: { params: Record<string, never>; result: ViewStatus };
  export: { params: { format: 'ndjson' | 'csv' }; result: ExportResult };
  saveCapture: { params: Record<string, never>; result: ExportResult };
  openCapture: { params: Record<string, never>; result: Record<string, never> };
  copy: { params: { seq: number }; result: { copied: boolean } };
  /** The chart's points of the DataPoint rows after seq `after` (all rows, whatever the filter), oldest first; `next` is where to go on from. */
  chartPoints: { params: { after: number }; result: ChartPointsResult };
  /** Stored points of these streams (backfill), read from the service through the session's account. */
  chartHistory: { params: { streams: string[] }; result: ChartHistoryResult };
  /** Saves the chart's series as CSV (made by the webview from what it plots). */
  exportChart: { params: { csv: string; count: number }; result: ExportResult };
}

export interface ChartPointsResult {
  points: ChartPoint[];
  /** Seq of the last row read: the next request's `after`. */
  next: number;
  /** More rows are waiting (the answer was cut at MAX_CHART_POINTS). */
  more: boolean;
}

export interface ChartHistoryResult {
  points: ChartPoint[];
  /** Whether this view can read history (a session of a known account). */
  available: boolean;
  /** What could not be read, one line per stream. */
  notes: string[];
  /** What was asked of each stream: the newest points of the last `minutes`, at most `maxPoints`. */
  maxPoints: number;
  minutes: number;
}

/** Most points one chartPoints answer carries. */
export const MAX_CHART_POINTS = 20_000;
/** Most streams one chartHistory request reads. */
export const MAX_CHART_HISTORY_STREAMS = 20;
/** Largest chart CSV the host saves (characters). */
export const MAX_CHART_CSV = 64 * 1024 * 1024;
export type ViewerMethod = keyof ViewerRequests;
export const VIEWER_METHODS: readonly ViewerMethod[] = [
  'rows', 'detail', 'locate', 'setFilter', 'pause', 'resume', 'clear', 'export', 'saveCapture', 'openCapture', 'copy',
  'chartPoints', 'chartHistory', 'exportChart',
];

export type ViewerRequest = { [M in ViewerMethod]: { type: 'request'; id: number; method: M; params: ViewerRequests[M]['params'] } }[ViewerMethod];

/** What the webview keeps with vscode.setState (survives hide/show and window reloads). */
export interface PersistedViewState {
  v: 1;
  viewKey: string;
  filter: ViewerFilter;
  follow: boolean;
  selectedSeq?: number;
  detailOpen: boolean;
  detailView?: DetailView;
  /** Seq of the top row when not following. */
  topSeq?: number;
  /** The Chart tab is shown instead of the rows. */
  chartOpen?: boolean;
  /** Series keys the user picked to plot (absent: the first streams seen are plotted). */
  chartPicked?: string[];
}

export type WebviewToHost =
  | { type: 'ready'; protocol: number; restore?: PersistedViewState }
  | ViewerRequest;

export type HostToWebview =
  | { type: 'init'; info: ViewInfo; status: ViewStatus }
  | { type: 'info'; info: ViewInfo }
  | { type: 'status'; status: ViewStatus }
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: string };

// ---- validation of what arrives from the webview (it renders untrusted data; treat it as such)

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const MAX_FILTER_FIELD = 1000;

export function parseFilter(v: unknown): ViewerFilter | undefined {
  if (!isObj(v)) return undefined;
  const out: ViewerFilter = { text: '', type: '', device: '', operation: '' };
  for (const k of ['text', 'type', 'device', 'operation'] as const) {
    const s = v[k];
    if (s === undefined) continue;
    if (typeof s !== 'string' || s.length > MAX_FILTER_FIELD) return undefined;
    out[k] = s;
  }
  return out;
}

export function parsePersistedState(v: unknown): PersistedViewState | undefined {
  if (!isObj(v) || v.v !== 1 || typeof v.viewKey !== 'string') return undefined;
  const filter = parseFilter(v.filter) ?? { ...EMPTY_FILTER };
  const view = v.detailView === 'tree' || v.detailView === 'pretty' || v.detailView === 'raw' ? v.detailView : undefined;
  const s: PersistedViewState = { v: 1, viewKey: v.viewKey, filter, follow: v.follow !== false, detailOpen: v.detailOpen === true };
  if (isInt(v.selectedSeq)) s.selectedSeq = v.selectedSeq;
  if (isInt(v.topSeq)) s.topSeq = v.topSeq;
  if (view) s.detailView = view;
  if (v.chartOpen === true) s.chartOpen = true;
  if (Array.isArray(v.chartPicked)) s.chartPicked = v.chartPicked.filter((k): k is string => typeof k === 'string' && k.length <= 1000).slice(0, 100);
  return s;
}

/** Checks a message from the webview; returns undefined for anything malformed. */
export function parseWebviewMessage(v: unknown): WebviewToHost | undefined {
  if (!isObj(v)) return undefined;
  if (v.type === 'ready') {
    if (!isInt(v.protocol)) return undefined;
    const restore = v.restore === undefined ? undefined : parsePersistedState(v.restore);
    return restore ? { type: 'ready', protocol: v.protocol, restore } : { type: 'ready', protocol: v.protocol };
  }
  if (v.type !== 'request' || !isInt(v.id) || typeof v.method !== 'string') return undefined;
  const method = v.method as ViewerMethod;
  if (!VIEWER_METHODS.includes(method)) return undefined;
  const p = isObj(v.params) ? v.params : {};
  const id = v.id;
  switch (method) {
    case 'rows':
      if (!isInt(p.epoch) || !isInt(p.start) || !isInt(p.count) || p.count < 0) return undefined;
      return { type: 'request', id, method, params: { epoch: p.epoch, start: p.start, count: p.count } };
    case 'detail':
    case 'locate':
    case 'copy':
      if (!isInt(p.seq)) return undefined;
      return { type: 'request', id, method, params: { seq: p.seq } } as ViewerRequest;
    case 'setFilter': {
      const filter = parseFilter(p.filter);
      return filter ? { type: 'request', id, method, params: { filter } } : undefined;
    }
    case 'export':
      if (p.format !== 'ndjson' && p.format !== 'csv') return undefined;
      return { type: 'request', id, method, params: { format: p.format } };
    case 'chartPoints':
      if (!isInt(p.after)) return undefined;
      return { type: 'request', id, method, params: { after: p.after } };
    case 'chartHistory': {
      const streams = p.streams;
      if (!Array.isArray(streams) || streams.length > MAX_CHART_HISTORY_STREAMS || !streams.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 1000)) return undefined;
      return { type: 'request', id, method, params: { streams: streams as string[] } };
    }
    case 'exportChart':
      if (typeof p.csv !== 'string' || p.csv.length > MAX_CHART_CSV || !isInt(p.count) || p.count < 0) return undefined;
      return { type: 'request', id, method, params: { csv: p.csv, count: p.count } };
    default:
      return { type: 'request', id, method, params: {} } as ViewerRequest;
  }
}
