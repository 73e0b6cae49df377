// The text filter's cache: the lower-cased search text of entries, bounded in bytes.
//
// Admission, not replacement: a text is kept only while there is room, and room is made only
// when its entry leaves every store (or the limit shrinks). A filter change scans the whole
// buffer oldest first; a cache that replaced old texts with new ones during that scan would
// miss on every entry of every scan once the buffer outgrows it, while this one keeps
// answering for the entries it holds and builds the rest again.

import { entrySearchText, type ViewerEntry } from './entry';

/** A cached text's estimated bytes: its characters plus the string and map overhead. */
const textBytes = (s: string) => s.length + 64;

export class SearchTextCache {
  private readonly texts = new Map<ViewerEntry, string>();
  private used = 0;

  constructor(private limit: number) {}

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.texts.size;
  }

  /** The entry's search text, from the cache or built (and kept if it fits and a store holds the entry). */
  get(e: ViewerEntry): string {
    const hit = this.texts.get(e);
    if (hit !== undefined) return hit;
    const text = entrySearchText(e);
    const cost = textBytes(text);
    if (e.holders && this.used + cost <= this.limit) {
      this.texts.set(e, text);
      this.used += cost;
    }
    return text;
  }

  /** Drops an entry's text (it left every store, or its payload was released). */
  forget(e: ViewerEntry): void {
    const text = this.texts.get(e);
    if (text === undefined) return;
    this.texts.delete(e);
    this.used -= textBytes(text);
  }

  setLimit(limit: number): void {
    this.limit = limit;
    for (const [e, text] of this.texts) {
      if (this.used <= limit) break;
      this.texts.delete(e);
      this.used -= textBytes(text);
    }
  }
}
