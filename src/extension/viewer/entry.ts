// One buffered item with its display strings, computed once on first use and cached:
// never re-derived per render or per page request.

import type { SessionItem } from '../../core';
import { itemDevice, rowStrings, type RowStrings } from './rowSummary';
import { stringifySafe } from '../../shared/jsonText';

/** Longest payload text kept for free-text search per event. */
export const SEARCH_TEXT_LIMIT = 2_000_000;

export interface ViewerEntry {
  /** Global arrival number (unique across sessions, increasing). */
  readonly seq: number;
  readonly item: SessionItem;
  /** Label of the session it came from. */
  readonly source: string;
  /** Read from a stream's stored history, not pushed live (its row is marked). */
  readonly history?: true;
  /** Caches (filled lazily). */
  device?: string;
  row?: RowStrings;
  search?: string;
}

export function makeEntry(seq: number, item: SessionItem, source: string, origin: 'live' | 'history' = 'live'): ViewerEntry {
  return origin === 'history' ? { seq, item, source, history: true } : { seq, item, source };
}

export function entryDevice(e: ViewerEntry): string {
  return (e.device ??= itemDevice(e.item));
}

export function entryRow(e: ViewerEntry): RowStrings {
  if (e.row) return e.row;
  const row = rowStrings(e.seq, e.item, entryDevice(e));
  if (e.history) row.history = true;
  return (e.row = row);
}

/** Lower-cased text the free-text filter searches: the row strings, topic and payload. */
export function entrySearchText(e: ViewerEntry): string {
  if (e.search !== undefined) return e.search;
  const r = entryRow(e);
  const item = e.item;
  let body = '';
  if (item.kind === 'event') {
    body = `${item.topic}\n${item.timestamp}\n${item.group ?? ''}\n${stringifySafe(item.data, { limit: SEARCH_TEXT_LIMIT }).text}`;
  } else {
    body = item.reason;
  }
  e.search = `${r.type}\n${r.op}\n${entryDevice(e)}\n${r.summary}\n${e.source}\n${body}`.toLowerCase();
  return e.search;
}
