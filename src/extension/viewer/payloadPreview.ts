// Letting go of a large event's payload while keeping the event: its row strings (computed
// from the full payload first), a bounded preview of its text and its size. The memory
// budget does this to the oldest large events before it evicts any event (memoryBudget.ts).
//
// V8 keeps a slice of a string as a view into the whole string, so everything kept from
// the payload is copied into a string of its own; otherwise a 16 KiB preview (or a row's
// summary cut from a big field) would keep the whole payload alive.

import { stringifySafe } from '../../shared/jsonText';
import type { RowStrings } from './rowSummary';
import type { SessionItem } from '../../core';
import { entryDevice, entryRow, type ReleasedPayload, type ViewerEntry } from './entry';

/** Characters of a released payload's text that are kept for display and search. */
export const PREVIEW_CHARS = 16 * 1024;
/** An event whose estimate exceeds this is large: the budget may release its payload. */
export const LARGE_EVENT_BYTES = 32 * 1024;

/** A copy of `s` that shares no memory with the string it may have been cut from. */
export function detachedCopy(s: string): string {
  return s.length < 16 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** The start of the payload's text: the raw document when it was kept, else its JSON. */
export function payloadPreview(data: unknown, raw: string | undefined): { text: string; truncated: boolean; of: 'json' | 'raw' } {
  if (typeof raw === 'string') return { text: detachedCopy(raw.slice(0, PREVIEW_CHARS)), truncated: raw.length > PREVIEW_CHARS, of: 'raw' };
  const r = stringifySafe(data, { limit: PREVIEW_CHARS });
  const truncated = r.truncated || r.text.length > PREVIEW_CHARS;
  return { text: detachedCopy(truncated ? r.text.slice(0, PREVIEW_CHARS) : r.text), truncated, of: 'json' };
}

function detachRow(row: RowStrings): RowStrings {
  return { ...row, type: detachedCopy(row.type), device: detachedCopy(row.device), op: detachedCopy(row.op), summary: detachedCopy(row.summary) };
}

/**
 * Replaces the entry's item by a copy without its payload (data null, no raw text) and
 * records the preview; `fullBytes` is the entry's estimate before. False for a gap marker
 * or an entry already released.
 */
export function releasePayload(e: ViewerEntry, fullBytes: number): boolean {
  const item = e.item;
  if (item.kind !== 'event' || e.released) return false;
  const row = entryRow(e);
  e.device = detachedCopy(entryDevice(e));
  e.row = detachRow(row);
  const preview = payloadPreview(item.data, item.raw);
  const { raw: _raw, dataJson: _json, ...rest } = item as typeof item & { dataJson?: string };
  e.item = { ...rest, data: null };
  e.released = { preview: preview.text, of: preview.of, truncated: preview.truncated, fullBytes };
  return true;
}

/** What an exported, saved or copied event carries instead of a payload that was released. */
export interface PayloadReleasedRecord {
  /** Estimated size of the event before release, in bytes. */
  approxBytes: number;
  /** The start of the payload's text (`truncated`: it is only the start). */
  preview: string;
  truncated: boolean;
  note: string;
}

export const RELEASED_NOTE =
  "the event viewer kept only this preview of the payload, to stay within its memory budget (setting digiPushMonitor.viewer.memoryBudgetMiB); newer large events keep their whole payload";

export function releasedRecord(r: ReleasedPayload): PayloadReleasedRecord {
  return { approxBytes: r.fullBytes, preview: r.preview, truncated: r.truncated, note: RELEASED_NOTE };
}

/** The item as exports write it: unchanged, or with `data: null` and a `payloadReleased` record. */
export function exportedItem(e: ViewerEntry): SessionItem | (SessionItem & { payloadReleased: PayloadReleasedRecord }) {
  return e.released ? { ...e.item, payloadReleased: releasedRecord(e.released) } : e.item;
}
