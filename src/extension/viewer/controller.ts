// The host side of one viewer panel, without vscode: answers the webview's requests from
// a FilteredView over a store, and sends coalesced status notifications. The vscode
// wrapper (eventViewer.ts) only provides the services (post, dialogs, clipboard) and
// visibility.

import { systemClock, type Clock, type Logger } from '../../core';
import type { DisposableLike } from '../lifecycle';
import type { LiveSubscription } from '../../shared/sessionModel';
import {
  parseWebviewMessage,
  VIEWER_PROTOCOL_VERSION,
  type HostToWebview,
  type LiveStateDto,
  type RowDto,
  type ExportResult,
  type ViewerMethod,
  type ViewerRequests,
  type ViewInfo,
  type ViewMode,
  type ViewStatus,
} from '../../shared/viewerProtocol';
import { captureHeader, serializeCapture } from './capture';
import { chartPointsAfter, readChartHistory, type ChartHistoryReader } from './chartSource';
import { Coalescer } from './coalescer';
import { buildDetail, copyText } from './eventDetail';
import { entryRow } from './entry';
import type { EventStore } from './eventStore';
import { toCsv, toNdjson } from './exportFormats';
import { FilteredView } from './filteredView';
import { exportedItem } from './payloadPreview';

export const MAX_ROWS_PER_REQUEST = 500;
export const NOTIFY_INTERVAL_MS = 100;

export type SaveKind = 'ndjson' | 'csv' | 'capture' | 'chart';

export interface ViewerBinding {
  readonly viewKey: string;
  readonly mode: ViewMode;
  readonly store: EventStore;
  info(): ViewInfo;
  states(): { label: string; state: LiveStateDto }[];
  /** What Save capture writes into the header. */
  captureSource(): { id: string; label: string; subscription?: LiveSubscription };
  /** A file-name-safe base for suggested file names. */
  fileBaseName(): string;
  /** A panel starts showing the store; disposing the result says it stopped (its store may then be freed). */
  show?(): DisposableLike;
  /** The account a session view reads stored points through (the chart's backfill); absent: no backfill. */
  readonly accountId?: string;
}

export interface ViewerServices {
  post(message: HostToWebview): void;
  /** Asks where to save; calls `content` only when the user chose a file. Returns the path, or undefined if cancelled. */
  saveFile(kind: SaveKind, defaultName: string, content: () => string): Promise<string | undefined>;
  copyText(text: string): Promise<void>;
  openCapture(): Promise<void>;
  /** Reads a stream's stored points for the chart's backfill; absent: no backfill. */
  chartHistory?: ChartHistoryReader;
  logger?: Logger;
}

type ViewerHandlers = {
  [M in ViewerMethod]: (params: ViewerRequests[M]['params']) => ViewerRequests[M]['result'] | Promise<ViewerRequests[M]['result']>;
};

export interface ControllerOptions {
  timers?: Clock;
  intervalMs?: number;
  visible?: boolean;
  now?: () => number;
}

const stamp = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
};

/** A view fed by sessions (it has a rate and states); captures and histories are read once. */
export const isStreaming = (mode: ViewMode): boolean => mode === 'live' || mode === 'merged';

export function safeFileBase(label: string): string {
  const s = label.replace(/[^\w.-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 60);
  return s || 'events';
}

export class ViewerController {
  readonly view: FilteredView;
  private ready = false;
  private restored = false;
  private readonly coalescer: Coalescer;
  private readonly storeSub: DisposableLike;
  private readonly shown: DisposableLike | undefined;
  private readonly now: () => number;
  private disposed = false;

  constructor(
    private readonly binding: ViewerBinding,
    private readonly services: ViewerServices,
    options: ControllerOptions = {},
  ) {
    const timers = options.timers ?? systemClock;
    this.now = options.now ?? (() => timers.now());
    this.view = new FilteredView(binding.store);
    this.coalescer = new Coalescer(() => this.flush(), options.intervalMs ?? NOTIFY_INTERVAL_MS, timers, options.visible ?? true);
    // Evicted rows leave the view at once, not at the next (visible-only) sync: a hidden
    // panel must not keep alive what the budget let go.
    this.storeSub = binding.store.onChange(() => {
      this.view.dropEvicted();
      this.coalescer.request();
    });
    this.shown = binding.show?.();
  }

  setVisible(visible: boolean): void {
    this.coalescer.setVisible(visible);
  }

  /**
   * Called about once a second by the panel: a status even when no event arrives, so the
   * rate falls to 0 and "reconnecting in N s" stays current. Coalesced and visible-only
   * like every notification; nothing for a static view (a capture, a history).
   */
  pulse(): void {
    if (isStreaming(this.binding.mode)) this.coalescer.request();
  }

  /** The store or the session state changed outside (e.g. subscription): resend info. */
  refreshInfo(): void {
    if (this.ready) this.post({ type: 'info', info: this.binding.info() });
    this.coalescer.request();
  }

  status(): ViewStatus {
    const c = this.view.counts();
    const now = this.now();
    const live = isStreaming(this.binding.mode);
    const store = this.binding.store;
    return {
      ...c,
      filter: this.view.filter,
      states: this.binding.states(),
      rate: live ? store.rate.rate(now, 1) : 0,
      spark: live ? store.rate.history(now) : [],
      facets: store.facets(),
      memory: store.budget.status(),
      now,
    };
  }

  private post(msg: HostToWebview): void {
    if (this.disposed) return;
    try {
      this.services.post(msg);
    } catch (e) {
      this.services.logger?.warn(`event viewer: post failed: ${(e as Error).message}`);
    }
  }

  private flush(): void {
    if (!this.ready || this.disposed) return;
    this.view.sync();
    this.post({ type: 'status', status: this.status() });
  }

  /** Handles one message from the webview (validated here: the webview shows untrusted data). */
  async handle(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.services.logger?.warn('event viewer: ignored a malformed message from the webview');
      return;
    }
    if (msg.type === 'ready') {
      if (msg.protocol !== VIEWER_PROTOCOL_VERSION) this.services.logger?.warn(`event viewer: webview protocol ${msg.protocol}, host ${VIEWER_PROTOCOL_VERSION}`);
      if (!this.restored && msg.restore && msg.restore.viewKey === this.binding.viewKey) this.view.setFilter(msg.restore.filter);
      this.restored = true;
      this.ready = true;
      this.view.sync();
      this.post({ type: 'init', info: this.binding.info(), status: this.status() });
      return;
    }
    try {
      const result = await this.dispatch(msg.method, msg.params);
      this.post({ type: 'response', id: msg.id, ok: true, result });
    } catch (e) {
      this.services.logger?.error(`event viewer: ${msg.method} failed: ${(e as Error).message}`);
      this.post({ type: 'response', id: msg.id, ok: false, error: (e as Error).message });
    }
  }

  /** The rows the panel shows now, oldest first (at most `max`), as the webview gets them: what tests read back. */
  shownRows(max = 10_000): RowDto[] {
    this.view.sync();
    const { first, count } = this.view.counts();
    const out: RowDto[] = [];
    for (let start = first; start < first + Math.min(count, max); start += MAX_ROWS_PER_REQUEST) {
      out.push(...this.rows(this.view.epoch, start, Math.min(MAX_ROWS_PER_REQUEST, first + Math.min(count, max) - start)).rows);
    }
    return out;
  }

  private rows(epoch: number, start: number, count: number): ViewerRequests['rows']['result'] {
    if (epoch !== this.view.epoch) return { epoch: this.view.epoch, rows: [] };
    const merged = this.binding.mode === 'merged';
    const rows: RowDto[] = this.view.rows(start, Math.min(count, MAX_ROWS_PER_REQUEST)).map(({ ord, entry }) => {
      const r: RowDto = { ...entryRow(entry), ord };
      if (merged) r.source = entry.source;
      return r;
    });
    return { epoch, rows };
  }

  private async save(kind: SaveKind, build: () => { text: string; count: number }): Promise<ExportResult> {
    let count = 0;
    const ext = kind === 'capture' ? 'dpmcapture' : kind === 'chart' ? 'csv' : kind;
    const what = kind === 'capture' ? 'capture' : kind === 'chart' ? 'chart' : 'events';
    const name = `${safeFileBase(this.binding.fileBaseName())}-${what}-${stamp(new Date(this.now()))}.${ext}`;
    const saved = await this.services.saveFile(kind, name, () => {
      const r = build();
      count = r.count;
      return r.text;
    });
    return saved === undefined ? { count } : { saved, count };
  }

  /** Answers one request: the params and the result are those the shared protocol gives the method. */
  async dispatch<M extends ViewerMethod>(method: M, params: ViewerRequests[M]['params']): Promise<ViewerRequests[M]['result']> {
    const handler: ViewerHandlers[M] = this.handlers[method];
    return handler(params);
  }

  /** One handler per method of ViewerRequests; a missing method or a result of the wrong shape does not compile. */
  private readonly handlers: ViewerHandlers = {
    rows: ({ epoch, start, count }) => this.rows(epoch, start, count),
    detail: ({ seq }) => {
      const e = this.view.entry(seq);
      return e ? buildDetail(e) : null;
    },
    locate: ({ seq }) => {
      const ord = this.view.locate(seq);
      return ord === undefined ? null : { ord };
    },
    setFilter: ({ filter }) => {
      this.view.setFilter(filter);
      return this.status();
    },
    pause: () => {
      this.view.sync();
      this.view.pause();
      return this.status();
    },
    resume: () => {
      this.view.resume();
      this.view.sync();
      return this.status();
    },
    clear: () => {
      this.view.sync();
      this.view.clear();
      return this.status();
    },
    export: ({ format }) => {
      const view = this.view;
      view.sync();
      return this.save(format, () => (format === 'csv' ? toCsv(view.visible()) : toNdjson(view.visible())));
    },
    saveCapture: () => {
      const view = this.view;
      view.sync();
      return this.save('capture', () => {
        const items = [...view.unfiltered()].map(exportedItem);
        const src = this.binding.captureSource();
        const header = captureHeader({ source: { id: src.id, label: src.label }, subscription: src.subscription, items: items.length, dropped: view.counts().dropped, savedAt: new Date(this.now()) });
        return { text: serializeCapture(header, items), count: items.length };
      });
    },
    openCapture: async () => {
      await this.services.openCapture();
      return {};
    },
    copy: async ({ seq }) => {
      const e = this.view.entry(seq);
      if (!e) return { copied: false };
      await this.services.copyText(copyText(e));
      return { copied: true };
    },
    chartPoints: ({ after }) => chartPointsAfter(this.binding.store, after),
    chartHistory: ({ streams }) => readChartHistory(this.services.chartHistory, this.binding.accountId, streams),
    exportChart: ({ csv, count }) => this.save('chart', () => ({ text: csv, count })),
  };

  dispose(): void {
    this.disposed = true;
    this.coalescer.dispose();
    this.storeSub.dispose();
    this.shown?.dispose();
  }
}
