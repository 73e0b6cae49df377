// One buffered item with its display strings, computed once on first use and cached:
// never re-derived per render or per page request.

import type { SessionItem } from '../../core';
import { itemDevice, rowStrings, type RowStrings } from './rowSummary';
import { stringifySafe } from '../../shared/jsonText';
import { isWireEvent } from '../sessions/worker/wireEvent';

/** Longest payload text kept for free-text search per event. */
export const SEARCH_TEXT_LIMIT = 2_000_000;

/** What is left of an event whose payload the memory budget let go (payloadPreview.ts). */
export interface ReleasedPayload {
  /** The start of the payload's text: its JSON, or its own document text (`raw`) when that was kept. */
  preview: string;
  of: 'json' | 'raw';
  /** The preview is shorter than the payload's text (always, for an event big enough to be cut). */
  truncated: boolean;
  /** Estimated size of the full payload in bytes (entrySize.ts), as it was accounted. */
  fullBytes: number;
}

export interface ViewerEntry {
  /** Global arrival number (unique across sessions, increasing). */
  readonly seq: number;
  /** The item; once its payload is released, a copy whose `data` is null (see `released`). */
  item: SessionItem;
  /** Label of the session it came from. */
  readonly source: string;
  /** Read from a stream's stored history, not pushed live (its row is marked). */
  readonly history?: true;
  /** Caches (filled lazily). */
  device?: string;
  row?: RowStrings;
  /** Accounting of the memory budget (memoryBudget.ts): estimated bytes, and how many stores hold it. */
  bytes?: number;
  holders?: number;
  /** Set when only a preview of the payload is kept. */
  released?: ReleasedPayload;
}

export function makeEntry(seq: number, item: SessionItem, source: string, origin: 'live' | 'history' = 'live'): ViewerEntry {
  return origin === 'history' ? { seq, item, source, history: true } : { seq, item, source };
}

export function entryDevice(e: ViewerEntry): string {
  // A session worker found it already (without the host parsing the payload).
  return (e.device ??= isWireEvent(e.item) ? e.item.device : itemDevice(e.item));
}

export function entryRow(e: ViewerEntry): RowStrings {
  if (e.row) return e.row;
  const row = rowStrings(e.seq, e.item, entryDevice(e));
  if (e.history) row.history = true;
  return (e.row = row);
}

/**
 * Lower-cased text the free-text filter searches: the row strings, topic and payload (its
 * preview once released). Built on each call: the bounded cache is searchCache.ts.
 */
export function entrySearchText(e: ViewerEntry): string {
  const r = entryRow(e);
  const item = e.item;
  let body = '';
  if (item.kind === 'event') {
    const payload = e.released
      ? e.released.preview
      : isWireEvent(item)
        ? item.dataJson.slice(0, SEARCH_TEXT_LIMIT)
        : stringifySafe(item.data, { limit: SEARCH_TEXT_LIMIT }).text;
    body = `${item.topic}\n${item.timestamp}\n${item.group ?? ''}\n${payload}`;
  } else {
    body = item.reason;
  }
  return `${r.type}\n${r.op}\n${entryDevice(e)}\n${r.summary}\n${e.source}\n${body}`.toLowerCase();
}
