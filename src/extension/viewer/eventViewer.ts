// The live event viewer in VS Code: webview panels (one per session, one merged, one per
// opened capture) over the pure host core in this folder. This file is the only one here
// that imports vscode; the extension calls registerEventViewer() once from activate().

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { DisposableStore, toDisposable, type DisposableLike, type Event } from '../lifecycle';
import type { LiveSource } from '../liveSource';
import {
  parsePersistedState,
  VIEWER_VIEW_TYPE,
  type HostToWebview,
  type ViewInfo,
} from '../../shared/viewerProtocol';
import { CAPTURE_EXTENSION, captureNotice, type ParsedCapture } from './capture';
import { checkCaptureSize, describeCaptureError, readCaptureBytes, readCaptureFile } from './captureFile';
import { CaptureRegistry, captureViewKey, restoreTarget } from './captureRegistry';
import { ViewerController, type SaveKind, type ViewerBinding, type ViewerServices } from './controller';
import { makeEntry } from './entry';
import { clampCapacity, DEFAULT_CAPACITY, EventStore, MAX_CAPACITY } from './eventStore';
import { makeNonce, renderViewerHtml } from './html';
import { ViewerHub } from './viewerHub';
import { VIEWER_COMMANDS } from '../commandIds';

/** Setting key under the `digiPushMonitor` section. */
export const BUFFER_CAPACITY_SETTING = 'viewer.bufferCapacity';
const SECTION = 'digiPushMonitor';

export interface EventViewerDeps {
  /** Sessions that exist now (stopped ones too: they keep their subscription). */
  sources(): readonly LiveSource[];
  onDidAddSource: Event<LiveSource>;
  onDidRemoveSource?: Event<string>;
  logger: Logger;
  /** Register the three viewer commands (default true). */
  registerCommands?: boolean;
}

export type ViewerTarget = LiveSource | string | { accountId: string; monitorId: number } | 'merged';

export interface EventViewerApi extends DisposableLike {
  /** Opens (or reveals) the viewer of a session, the merged view, or asks which. */
  open(target?: ViewerTarget): Promise<void>;
  /** Opens a saved capture (asks for the file without a uri). */
  openCapture(uri?: vscode.Uri): Promise<void>;
  /** For tests: the buffers. */
  readonly hub: ViewerHub;
}

const t = vscode.l10n.t;
/** Idle status interval (rate decay, reconnect countdown). */
const PULSE_MS = 1000;

function isLiveSource(v: unknown): v is LiveSource {
  return !!v && typeof v === 'object' && typeof (v as LiveSource).id === 'string' && typeof (v as LiveSource).onItems === 'function';
}

class ViewerPanel {
  readonly controller: ViewerController;
  private readonly subs = new DisposableStore();

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly binding: ViewerBinding,
    services: Omit<ViewerServices, 'post'>,
    mediaRoot: vscode.Uri,
    onDispose: () => void,
  ) {
    const webview = panel.webview;
    webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [mediaRoot] };
    this.controller = new ViewerController(binding, { ...services, post: (m: HostToWebview) => void webview.postMessage(m) }, { visible: panel.visible });
    const nonce = makeNonce();
    const uri = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, f)).toString();
    webview.html = renderViewerHtml({
      cspSource: webview.cspSource,
      nonce,
      scriptUri: uri('viewer.js'),
      styleUris: [uri('codicon.css'), uri('viewer.css')],
      title: panel.title,
    });
    const pulse = setInterval(() => this.controller.pulse(), PULSE_MS);
    this.subs.add(toDisposable(() => clearInterval(pulse)));
    this.subs.add(webview.onDidReceiveMessage((m: unknown) => void this.controller.handle(m)));
    this.subs.add(panel.onDidChangeViewState(() => this.controller.setVisible(panel.visible)));
    this.subs.add(
      panel.onDidDispose(() => {
        this.controller.dispose();
        this.subs.dispose();
        onDispose();
      }),
    );
  }
}

export function registerEventViewer(context: vscode.ExtensionContext, deps: EventViewerDeps): EventViewerApi {
  const log = deps.logger;
  const mediaRoot = vscode.Uri.joinPath(context.extensionUri, 'media', 'dist');
  const readCapacity = () => clampCapacity(vscode.workspace.getConfiguration(SECTION).get<number>(BUFFER_CAPACITY_SETTING, DEFAULT_CAPACITY));
  const hub = new ViewerHub(readCapacity(), Date.now, log);
  const panels = new Map<string, ViewerPanel>();
  const disposables = new DisposableStore();
  // Capture view keys are `capture:<random id>`; only the host maps ids to files.
  const captures = new CaptureRegistry(context.workspaceState);
  let lastDir: vscode.Uri | undefined;

  for (const s of deps.sources()) hub.addSource(s);
  disposables.add(deps.onDidAddSource((s) => hub.addSource(s)));
  if (deps.onDidRemoveSource) disposables.add(deps.onDidRemoveSource((id) => hub.removeSource(id)));
  disposables.add(
    hub.onSourcesChanged(() => {
      for (const p of panels.values()) p.controller.refreshInfo();
    }),
  );
  disposables.add(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.${BUFFER_CAPACITY_SETTING}`)) hub.setCapacity(readCapacity());
    }),
  );

  const defaultDir = (): vscode.Uri | undefined => lastDir ?? vscode.workspace.workspaceFolders?.[0]?.uri;

  const FILTERS: Record<SaveKind, Record<string, string[]>> = {
    ndjson: { [t('NDJSON (one event per line)')]: ['ndjson', 'jsonl'] },
    csv: { [t('CSV')]: ['csv'] },
    capture: { [t('Push Monitor capture')]: [CAPTURE_EXTENSION, 'ndjson'] },
  };

  const services = (): Omit<ViewerServices, 'post'> => ({
    logger: log,
    async saveFile(kind, defaultName, content) {
      const dir = defaultDir();
      const uri = await vscode.window.showSaveDialog({
        title: kind === 'capture' ? t('Save Capture') : t('Export Events'),
        saveLabel: kind === 'capture' ? t('Save Capture') : t('Export'),
        defaultUri: dir ? vscode.Uri.joinPath(dir, defaultName) : undefined,
        filters: FILTERS[kind],
      });
      if (!uri) return undefined;
      lastDir = vscode.Uri.joinPath(uri, '..');
      await vscode.workspace.fs.writeFile(uri, Buffer.from(content(), 'utf8'));
      log.info(`event viewer: wrote ${uri.toString(true)}`);
      return uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
    },
    copyText: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
    openCapture: () => api.openCapture(),
  });

  const liveBinding = (id: string): ViewerBinding => ({
    viewKey: `source:${id}`,
    mode: 'live',
    store: hub.store(id),
    info(): ViewInfo {
      const src = hub.source(id) ?? deps.sources().find((s) => s.id === id);
      const label = src?.label ?? hub.label(id);
      return {
        viewKey: `source:${id}`,
        mode: 'live',
        title: label,
        subscriptions: src ? [{ label, subscription: src.subscription }] : [],
        capacity: hub.store(id).capacity,
      };
    },
    states: () => [{ label: hub.label(id), state: hub.state(id) }],
    captureSource: () => {
      const src = hub.source(id);
      return { id, label: hub.label(id), subscription: src?.subscription };
    },
    fileBaseName: () => hub.label(id),
  });

  const mergedBinding = (): ViewerBinding => ({
    viewKey: 'merged',
    mode: 'merged',
    store: hub.merged,
    info: () => ({
      viewKey: 'merged',
      mode: 'merged',
      title: t('All sessions'),
      subscriptions: hub.liveIds().flatMap((id) => {
        const s = hub.source(id);
        return s ? [{ label: s.label, subscription: s.subscription }] : [];
      }),
      capacity: hub.merged.capacity,
    }),
    states: () => hub.liveIds().map((id) => ({ label: hub.label(id), state: hub.state(id) })),
    captureSource: () => ({ id: 'merged', label: t('All sessions') }),
    fileBaseName: () => 'all-sessions',
  });

  const captureBinding = (viewKey: string, uri: vscode.Uri, parsed: ParsedCapture | undefined, error?: string): ViewerBinding => {
    const name = path.posix.basename(uri.path);
    const count = parsed?.items.length ?? 0;
    const store = new EventStore(viewKey, Math.min(MAX_CAPACITY, Math.max(readCapacity(), count, 1)), Date.now);
    if (parsed) store.append(parsed.items.map((it, i) => makeEntry(i, it, parsed.header?.source.label || name)));
    const header = parsed?.header;
    const label = header?.source.label || name;
    const note = error ?? (parsed ? captureNotice(name, parsed, t) : undefined);
    const info: ViewInfo = {
      viewKey,
      mode: 'capture',
      title: name,
      subscriptions: header?.subscription ? [{ label, subscription: header.subscription }] : [],
      capture: { file: uri.scheme === 'file' ? uri.fsPath : uri.toString(true), savedAt: header?.savedAt ?? '', items: count, skipped: parsed?.skipped ?? 0, ...(note ? { note } : {}) },
      capacity: store.capacity,
    };
    return {
      viewKey: info.viewKey,
      mode: 'capture',
      store,
      info: () => info,
      states: () => [{ label, state: { kind: 'offline' } }],
      captureSource: () => ({ id: header?.source.id ?? name, label, subscription: header?.subscription }),
      fileBaseName: () => label,
    };
  };

  const titleOf = (b: ViewerBinding) => (b.mode === 'capture' ? t('Capture: {0}', b.info().title) : t('Events: {0}', b.info().title));

  const attach = (panel: vscode.WebviewPanel, binding: ViewerBinding) => {
    panel.title = titleOf(binding);
    const vp = new ViewerPanel(panel, binding, services(), mediaRoot, () => {
      if (panels.get(binding.viewKey) === vp) panels.delete(binding.viewKey);
    });
    panels.set(binding.viewKey, vp);
  };

  const show = (binding: ViewerBinding) => {
    const existing = panels.get(binding.viewKey);
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn);
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEWER_VIEW_TYPE, titleOf(binding), vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      enableFindWidget: false,
      // The host owns the data and the webview re-pulls its page when shown again, so
      // keeping a hidden webview alive would only cost memory.
      retainContextWhenHidden: false,
      localResourceRoots: [mediaRoot],
    });
    attach(panel, binding);
  };

  // Bounded (captureFile.ts): size checked first; local files streamed. Other file system
  // providers only hand out whole files, so those are read only when under the size cap.
  const readCapture = async (uri: vscode.Uri): Promise<ParsedCapture> => {
    if (uri.scheme === 'file') return readCaptureFile(uri.fsPath);
    checkCaptureSize((await vscode.workspace.fs.stat(uri)).size);
    return readCaptureBytes(await vscode.workspace.fs.readFile(uri));
  };

  const resolveId = (target: unknown): string | undefined => {
    if (typeof target === 'string') return target;
    if (isLiveSource(target)) {
      hub.addSource(target);
      return target.id;
    }
    if (target && typeof target === 'object') {
      const r = target as { accountId?: unknown; monitorId?: unknown; id?: unknown };
      if (typeof r.accountId === 'string' && typeof r.monitorId === 'number') return `${r.accountId}/${r.monitorId}`;
      if (typeof r.id === 'string') return r.id;
    }
    return undefined;
  };

  const api: EventViewerApi = {
    hub,
    async open(target?: ViewerTarget) {
      if (target === 'merged') return show(mergedBinding());
      const id = resolveId(target);
      if (id !== undefined) return show(liveBinding(id));
      const sources = deps.sources();
      if (sources.length === 0) return show(mergedBinding());
      type Pick = vscode.QuickPickItem & { run: () => unknown };
      const items: Pick[] = [
        ...sources.map((s) => ({ label: `$(pulse) ${s.label}`, description: s.state.kind, run: () => show(liveBinding(s.id)) })),
        { label: `$(layers) ${t('All sessions (merged)')}`, run: () => show(mergedBinding()) },
        { label: `$(folder-opened) ${t('Open Capture…')}`, run: () => api.openCapture() },
      ];
      const pick = await vscode.window.showQuickPick(items, { title: t('Open Event Viewer'), placeHolder: t('Which session?') });
      await pick?.run();
    },
    async openCapture(uri?: vscode.Uri) {
      if (!uri) {
        const picked = await vscode.window.showOpenDialog({
          title: t('Open Capture'),
          openLabel: t('Open Capture'),
          canSelectMany: false,
          defaultUri: defaultDir(),
          filters: { [t('Push Monitor capture or NDJSON')]: [CAPTURE_EXTENSION, 'ndjson', 'jsonl', 'json'], [t('All files')]: ['*'] },
        });
        uri = picked?.[0];
        if (!uri) return;
      }
      const known = captures.find(uri.toString());
      const existing = known === undefined ? undefined : panels.get(captureViewKey(known));
      if (existing) {
        existing.panel.reveal(existing.panel.viewColumn);
        return;
      }
      const name = path.posix.basename(uri.path);
      let parsed: ParsedCapture;
      try {
        parsed = await readCapture(uri);
      } catch (e) {
        log.warn(`event viewer: could not open ${uri.toString(true)}: ${(e as Error).message}`);
        void vscode.window.showErrorMessage(t('Could not open the capture {0}: {1}', name, describeCaptureError(e)));
        return;
      }
      show(captureBinding(captureViewKey(captures.register(uri.toString())), uri, parsed));
      const notice = captureNotice(name, parsed, t);
      if (notice) {
        log.warn(`event viewer: ${uri.toString(true)}: ${notice}`);
        void vscode.window.showWarningMessage(notice);
      }
    },
    dispose() {
      for (const p of [...panels.values()]) p.panel.dispose();
      disposables.dispose();
      hub.dispose();
    },
  };

  disposables.add(
    vscode.window.registerWebviewPanelSerializer(VIEWER_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        // The persisted state comes from the webview: a capture key is only an id that
        // the host looks up in what it stored itself (captureRegistry.ts).
        const s = parsePersistedState(state);
        const key = s?.viewKey ?? 'merged';
        if (panels.has(key)) {
          panel.dispose();
          return;
        }
        const target = restoreTarget(key, captures);
        switch (target.kind) {
          case 'live':
            return attach(panel, liveBinding(target.id));
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
              return attach(panel, captureBinding(target.viewKey, uri, await readCapture(uri)));
            } catch (e) {
              log.warn(`event viewer: could not read ${uri.toString(true)} again: ${(e as Error).message}`);
              return attach(panel, captureBinding(target.viewKey, uri, undefined, t('Could not read the capture again: {0}', describeCaptureError(e))));
            }
          }
          default:
            attach(panel, mergedBinding());
        }
      },
    }),
  );

  if (deps.registerCommands !== false) {
    disposables.add(vscode.commands.registerCommand(VIEWER_COMMANDS.open, (arg?: ViewerTarget) => api.open(arg)));
    disposables.add(vscode.commands.registerCommand(VIEWER_COMMANDS.openMerged, () => api.open('merged')));
    disposables.add(vscode.commands.registerCommand(VIEWER_COMMANDS.openCapture, (uri?: unknown) => api.openCapture(uri instanceof vscode.Uri ? uri : undefined)));
  }

  context.subscriptions.push(api);
  return api;
}
