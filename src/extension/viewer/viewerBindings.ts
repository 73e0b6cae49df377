// What each kind of viewer panel shows (ViewerBinding): a live session's buffer, the
// merged buffer of all sessions, a capture read from a file, or a stream's history read
// once from the server. No vscode import: the registration (eventViewer.ts) passes the
// file name and display path of a capture, and the points of a history.

import type { Translate } from '../l10n';
import type { LiveSource } from '../liveSource';
import type { ViewInfo } from '../../shared/viewerProtocol';
import { captureNotice, type ParsedCapture } from './capture';
import type { ViewerBinding } from './controller';
import { makeEntry } from './entry';
import { EventStore, MAX_CAPACITY } from './eventStore';
import { MemoryBudget } from './memoryBudget';
import { historyEntries, historyInfo, historyLabel, shortStreamName, type HistoryView } from './historyView';
import { encodeViewKey, type ViewKey } from './viewKey';
import type { ViewerHub } from './viewerHub';

export interface ViewerBindingDeps {
  hub: ViewerHub;
  /** Sessions that exist now (a panel may open before the hub has seen its session). */
  sources(): readonly LiveSource[];
  /** The buffer capacity setting (a capture's store holds at least all its items). */
  capacity(): number;
  t: Translate;
  now?: () => number;
}

/** A capture as read from a file (`parsed`), or the problem reading it again (`error`). */
export interface CaptureView {
  id: string;
  /** File name, for the title and the default source label. */
  name: string;
  /** Path (or URI text) as shown in the header. */
  file: string;
  parsed?: ParsedCapture;
  error?: string;
}

export class ViewerBindings {
  constructor(private readonly deps: ViewerBindingDeps) {}

  /** The binding a view key names (a capture is bound through `capture()`, from its file; a history through `history()`, from its points). */
  forKey(key: Extract<ViewKey, { kind: 'source' | 'merged' }>): ViewerBinding {
    return key.kind === 'source' ? this.live(key.id) : this.merged();
  }

  live(id: string): ViewerBinding {
    const { hub, sources } = this.deps;
    const viewKey = encodeViewKey({ kind: 'source', id });
    return {
      viewKey,
      mode: 'live',
      store: hub.store(id),
      info(): ViewInfo {
        const src = hub.source(id) ?? sources().find((s) => s.id === id);
        const label = src?.label ?? hub.label(id);
        return { viewKey, mode: 'live', title: label, subscriptions: src ? [{ label, subscription: src.subscription }] : [], capacity: hub.store(id).capacity };
      },
      states: () => [{ label: hub.label(id), state: hub.state(id) }],
      captureSource: () => ({ id, label: hub.label(id), subscription: hub.source(id)?.subscription }),
      fileBaseName: () => hub.label(id),
      show: () => hub.show(id),
      // Session ids are `<account id>/<monitor id>` (sessionKey).
      accountId: id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : undefined,
    };
  }

  merged(): ViewerBinding {
    const { hub, t } = this.deps;
    const viewKey = encodeViewKey({ kind: 'merged' });
    return {
      viewKey,
      mode: 'merged',
      store: hub.merged,
      info: () => ({
        viewKey,
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
    };
  }

  capture(view: CaptureView): ViewerBinding {
    const { name, parsed } = view;
    const viewKey = encodeViewKey({ kind: 'capture', id: view.id });
    const count = parsed?.items.length ?? 0;
    const store = this.staticStore(viewKey, Math.min(MAX_CAPACITY, Math.max(this.deps.capacity(), count, 1)));
    const header = parsed?.header;
    const label = header?.source.label || name;
    if (parsed) store.append(parsed.items.map((it, i) => makeEntry(i, it, label)));
    const note = view.error ?? (parsed ? captureNotice(name, parsed, this.deps.t) : undefined);
    const info: ViewInfo = {
      viewKey,
      mode: 'capture',
      title: name,
      subscriptions: header?.subscription ? [{ label, subscription: header.subscription }] : [],
      capture: { file: view.file, savedAt: header?.savedAt ?? '', items: count, skipped: parsed?.skipped ?? 0, ...(note ? { note } : {}) },
      capacity: store.capacity,
    };
    return {
      viewKey,
      mode: 'capture',
      store,
      info: () => info,
      states: () => [{ label, state: { kind: 'offline' } }],
      captureSource: () => ({ id: header?.source.id ?? name, label, subscription: header?.subscription }),
      fileBaseName: () => label,
      show: () => ({ dispose: () => store.dispose() }),
    };
  }

  /**
   * The store of a view read once (a capture, a history): bounded by a budget of its own
   * as large as the sessions' one, so live traffic never evicts what was read and the file
   * or the server can give it again. Freed when its panel closes.
   */
  private staticStore(viewKey: string, capacity: number): EventStore {
    return new EventStore(viewKey, capacity, this.deps.now ?? Date.now, undefined, new MemoryBudget(this.deps.hub.budget.limitBytes));
  }

  /** A static view of one stream's stored points: no live state, every row marked history. */
  history(view: HistoryView): ViewerBinding {
    const viewKey = encodeViewKey({ kind: 'history', accountId: view.accountId, streamId: view.stream.streamId });
    const entries = historyEntries(view);
    const store = this.staticStore(viewKey, Math.min(MAX_CAPACITY, Math.max(entries.length, 1)));
    store.append(entries);
    const label = historyLabel(view.stream.streamId);
    const info: ViewInfo = { viewKey, mode: 'history', title: view.stream.streamId, subscriptions: [], history: historyInfo(view), capacity: store.capacity };
    return {
      viewKey,
      mode: 'history',
      store,
      info: () => info,
      // Not a session: nothing to say "live" or "stopped" about.
      states: () => [],
      captureSource: () => ({ id: viewKey, label }),
      fileBaseName: () => `history-${shortStreamName(view.stream.streamId)}`,
      show: () => ({ dispose: () => store.dispose() }),
    };
  }
}

/** `Events: <session>`, `Events: All sessions`, `Capture: <file>`, `History of <stream path>`. */
export function panelTitle(b: ViewerBinding, t: Translate): string {
  const title = b.info().title;
  switch (b.mode) {
    case 'capture':
      return t('Capture: {0}', title);
    case 'history':
      return t('History of {0}', shortStreamName(title));
    default:
      return t('Events: {0}', title);
  }
}
