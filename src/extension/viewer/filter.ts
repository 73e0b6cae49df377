// The viewer's client-side filter, compiled once into a predicate over buffered entries.
// Gap markers always pass (a hole in the stream matters whatever one is looking for);
// they are not counted as matches.

import type { ViewerFilter } from '../../shared/viewerProtocol';
import { entryDevice, entrySearchText, type ViewerEntry } from './entry';

export type EntryPredicate = (e: ViewerEntry) => boolean;

/** `*` any run, `?` one character; everything else literal; anchored, case-insensitive. */
export function globToRegExp(glob: string): RegExp {
  let src = '';
  for (const ch of glob) {
    if (ch === '*') src += '.*';
    else if (ch === '?') src += '.';
    else src += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, 'is');
}

/** Device patterns: comma/space separated; a pattern without wildcards matches as a substring. */
export function compileDeviceMatcher(spec: string): ((device: string) => boolean) | undefined {
  const pats = spec.split(/[\s,]+/).filter(Boolean);
  if (pats.length === 0) return undefined;
  const tests = pats.map((p) => {
    if (/[*?]/.test(p)) {
      const re = globToRegExp(p);
      return (d: string) => re.test(d);
    }
    const low = p.toLowerCase();
    return (d: string) => d.toLowerCase().includes(low);
  });
  return (d) => tests.some((t) => t(d));
}

function compileChoice(spec: string): ((v: string) => boolean) | undefined {
  const set = new Set(spec.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
  if (set.size === 0) return undefined;
  return (v) => set.has(v.toLowerCase());
}

/**
 * Compiles a filter; undefined means "everything matches". `searchText` gives an entry's
 * text for the free-text terms (a view passes its budget's bounded cache, searchCache.ts).
 */
export function compileFilter(f: ViewerFilter, searchText: (e: ViewerEntry) => string = entrySearchText): EntryPredicate | undefined {
  const terms = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  const type = compileChoice(f.type);
  const op = compileChoice(f.operation);
  const device = compileDeviceMatcher(f.device);
  if (terms.length === 0 && !type && !op && !device) return undefined;
  return (e) => {
    const item = e.item;
    if (item.kind !== 'event') return true;
    if (type && !type(String(item.type))) return false;
    if (op && !op(String(item.operation))) return false;
    if (device && !device(entryDevice(e))) return false;
    if (terms.length > 0) {
      const hay = searchText(e);
      for (const t of terms) if (!hay.includes(t)) return false;
    }
    return true;
  };
}
