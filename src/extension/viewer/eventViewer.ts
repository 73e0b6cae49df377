// The live event viewer in VS Code: one registration that puts together the buffers
// (viewerHub.ts), what each panel shows (viewerBindings.ts), the panels (viewerPanel.ts),
// file I/O (viewerFiles.ts) and the serializer that restores panels after a reload. The
// extension calls registerEventViewer() once from activate() and routes the viewer's
// commands through its command wrapper (commands/index.ts). A stream's history is read by
// its command (devices/streamHistory.ts) and handed over as a HistoryView.

import * as vscode from 'vscode';
import type { Logger } from '../../core';
import { DisposableStore, type DisposableLike, type Event } from '../lifecycle';
import type { LiveSource } from '../liveSource';
import { sessionKey } from '../sessions/liveSession';
import { parsePersistedState, VIEWER_VIEW_TYPE, type RowDto } from '../../shared/viewerProtocol';
import { captureNotice, type ParsedCapture } from './capture';
import { describeCaptureError } from './captureFile';
import { CaptureRegistry, restoreTarget } from './captureRegistry';
import { ViewerBindings } from './viewerBindings';
import type { HistoryView } from './historyView';
import { displayPath, fileName, ViewerFiles } from './viewerFiles';
import type { ViewerHub } from './viewerHub';
import { ViewerPanels } from './viewerPanel';
import type { ChartHistoryReader } from './chartSource';
import { encodeViewKey } from './viewKey';

export interface EventViewerDeps {
  /** The buffers every panel reads (the viewer adds the sources to it and disposes it with itself). */
  hub: ViewerHub;
  /** Sessions that exist now (stopped ones too: they keep their subscription). */
  sources(): readonly LiveSource[];
  onDidAddSource: Event<LiveSource>;
  onDidRemoveSource?: Event<string>;
  logger: Logger;
  /** Events kept per session (the `viewer.bufferCapacity` setting); later changes go to setCapacity(). */
  capacity(): number;
  /**
   * Reads a history panel's stream again after a window reload; undefined closes the panel
   * (its account is gone, or reading would start the Local simulator). Without it, restored
   * history panels are closed.
   */
  restoreHistory?(accountId: string, streamId: string): Promise<HistoryView | undefined>;
  /** Reads a stream's stored points for a session chart's backfill; without it the chart has none. */
  chartHistory?: ChartHistoryReader;
}

/** A session (its LiveSource or id), a tree node's `{ accountId, monitorId }`, or the merged view. */
export type ViewerTarget = LiveSource | string | { accountId: string; monitorId: number } | 'merged';

export interface EventViewerApi extends DisposableLike {
  /** Opens (or reveals) the viewer of a session, the merged view, or asks which. */
  open(target?: ViewerTarget): Promise<void>;
  /** Opens a saved capture (asks for the file without a uri). */
  openCapture(uri?: vscode.Uri): Promise<void>;
  /** Shows a stream's history; an open panel of the same stream shows the new read instead. Returns its view key. */
  showHistory(view: HistoryView): string;
  /** The rows an open panel shows now, oldest first (undefined when no panel has this key). For tests. */
  shownRows(viewKey: string): RowDto[] | undefined;
  setCapacity(capacity: number): void;
}

function isLiveSource(v: unknown): v is LiveSource {
  return !!v && typeof v === 'object' && typeof (v as LiveSource).id === 'string' && typeof (v as LiveSource).onItems === 'function';
}

/** What a command argument asks the viewer to open; undefined means "ask". */
export function toViewerTarget(arg: unknown): ViewerTarget | undefined {
  if (typeof arg === 'string' || isLiveSource(arg)) return arg;
  if (arg && typeof arg === 'object') {
    const r = arg as { accountId?: unknown; monitorId?: unknown; id?: unknown };
    if (typeof r.accountId === 'string' && typeof r.monitorId === 'number') return { accountId: r.accountId, monitorId: r.monitorId };
    if (typeof r.id === 'string') return r.id;
  }
  return undefined;
}

export function registerEventViewer(context: vscode.ExtensionContext, deps: EventViewerDeps): EventViewerApi {
  const t = vscode.l10n.t;
  const log = deps.logger;
  const hub = deps.hub;
  const disposables = new DisposableStore();
  // Capture view keys are `capture:<random id>`; only the host maps ids to files.
  const captures = new CaptureRegistry(context.workspaceState);
  const files = new ViewerFiles(log, t);
  const bindings = new ViewerBindings({ hub, sources: deps.sources, capacity: deps.capacity, t });
  const panels = new ViewerPanels(vscode.Uri.joinPath(context.extensionUri, 'media', 'dist'), {
    logger: log,
    saveFile: (kind, name, content) => files.save(kind, name, content),
    copyText: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
    openCapture: () => api.openCapture(),
    chartHistory: deps.chartHistory,
  }, t);

  for (const s of deps.sources()) hub.addSource(s);
  disposables.add(deps.onDidAddSource((s) => hub.addSource(s)));
  if (deps.onDidRemoveSource) disposables.add(deps.onDidRemoveSource((id) => hub.removeSource(id)));
  disposables.add(hub.onSourcesChanged(() => panels.refreshInfo()));

  const captureBinding = (id: string, uri: vscode.Uri, parsed: ParsedCapture | undefined, error?: string) =>
    bindings.capture({ id, name: fileName(uri), file: displayPath(uri), parsed, error });

  const api: EventViewerApi = {
    async open(target?: ViewerTarget) {
      if (target === 'merged') return panels.show(bindings.merged());
      if (isLiveSource(target)) hub.addSource(target);
      const id = typeof target === 'string' ? target : isLiveSource(target) ? target.id : target ? sessionKey(target.accountId, target.monitorId) : undefined;
      if (id !== undefined) return panels.show(bindings.live(id));
      const sources = deps.sources();
      if (sources.length === 0) return panels.show(bindings.merged());
      type Pick = vscode.QuickPickItem & { run: () => unknown };
      const items: Pick[] = [
        ...sources.map((s) => ({ label: `$(pulse) ${s.label}`, description: s.state.kind, run: () => panels.show(bindings.live(s.id)) })),
        { label: `$(layers) ${t('All sessions (merged)')}`, run: () => panels.show(bindings.merged()) },
        { label: `$(folder-opened) ${t('Open Capture…')}`, run: () => api.openCapture() },
      ];
      const pick = await vscode.window.showQuickPick(items, { title: t('Open Event Viewer'), placeHolder: t('Which session?') });
      await pick?.run();
    },
    async openCapture(uri?: vscode.Uri) {
      uri ??= await files.pickCapture();
      if (!uri) return;
      const known = captures.find(uri.toString());
      if (known !== undefined && panels.reveal(encodeViewKey({ kind: 'capture', id: known }))) return;
      const name = fileName(uri);
      let parsed: ParsedCapture;
      try {
        parsed = await files.read(uri);
      } catch (e) {
        log.warn(`event viewer: could not open ${uri.toString(true)}: ${(e as Error).message}`);
        void vscode.window.showErrorMessage(t('Could not open the capture {0}: {1}', name, describeCaptureError(e)));
        return;
      }
      panels.show(captureBinding(captures.register(uri.toString()), uri, parsed));
      const notice = captureNotice(name, parsed, t);
      if (notice) {
        log.warn(`event viewer: ${uri.toString(true)}: ${notice}`);
        void vscode.window.showWarningMessage(notice);
      }
    },
    showHistory(view: HistoryView) {
      const binding = bindings.history(view);
      panels.replace(binding);
      return binding.viewKey;
    },
    shownRows: (viewKey) => panels.controller(viewKey)?.shownRows(),
    setCapacity: (capacity) => hub.setCapacity(capacity),
    dispose() {
      panels.dispose();
      disposables.dispose();
      hub.dispose();
    },
  };

  disposables.add(
    vscode.window.registerWebviewPanelSerializer(VIEWER_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        // The persisted state comes from the webview: a capture key is only an id that
        // the host looks up in what it stored itself (captureRegistry.ts).
        const key = parsePersistedState(state)?.viewKey ?? encodeViewKey({ kind: 'merged' });
        if (panels.has(key)) {
          panel.dispose();
          return;
        }
        const target = restoreTarget(key, captures);
        switch (target.kind) {
          case 'live':
            return panels.attach(panel, bindings.live(target.id));
          case 'refused':
            log.warn(`event viewer: not restoring a panel: ${target.reason}`);
            panel.dispose();
            return;
          case 'capture': {
            let uri: vscode.Uri;
            try {
              uri = vscode.Uri.parse(target.uri, true);
            } catch {
              panel.dispose();
              return;
            }
            try {
              return panels.attach(panel, captureBinding(target.id, uri, await files.read(uri)));
            } catch (e) {
              log.warn(`event viewer: could not read ${uri.toString(true)} again: ${(e as Error).message}`);
              return panels.attach(panel, captureBinding(target.id, uri, undefined, t('Could not read the capture again: {0}', describeCaptureError(e))));
            }
          }
          case 'history': {
            // The key came from the webview: restoreHistory checks the account and the stream id.
            const view = await deps.restoreHistory?.(target.accountId, target.streamId).catch((e: unknown) => {
              log.warn(`event viewer: could not restore a history panel: ${(e as Error).message}`);
              return undefined;
            });
            if (!view || panels.has(key)) {
              if (!view) log.info('event viewer: closed a restored history panel (nothing to read it from in this window)');
              panel.dispose();
              return;
            }
            return panels.attach(panel, bindings.history(view));
          }
          case 'merged':
            return panels.attach(panel, bindings.merged());
        }
      },
    }),
  );

  context.subscriptions.push(api);
  return api;
}
