// What one buffered entry costs in memory, estimated once when a store first takes it (and
// again when its payload is released), never per query: the memory budget adds these up.
//
// The estimate walks the parsed payload once without recursion (a device can send a
// document nested thousands deep) and charges each value roughly what V8 spends on it: a
// string its length plus a header, a number a heap slot, an object or array a header plus a
// slot per member. Property names are not charged: JSON.parse internalises them and objects
// of one shape share them. A payload's own text (`raw`), when kept, is charged by its length.
// The constants were fitted against heapUsed after a full GC (bench/viewerMemory.ts,
// docs/benchmarks.md) and err on the high side for small events.

import type { ViewerEntry } from './entry';
import { isWireEvent } from '../sessions/worker/wireEvent';

/** The entry, the event object, its envelope strings and the cached row strings. */
export const ENTRY_BASE_BYTES = 600;
const STRING_HEADER = 16;
const NUMBER_BYTES = 16;
const SLOT_BYTES = 8;
const CONTAINER_HEADER = 32;

/** Estimated bytes of a parsed JSON (or XML-derived) value, walked once. */
export function valueBytes(value: unknown): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    switch (typeof v) {
      case 'string':
        total += STRING_HEADER + v.length;
        break;
      case 'number':
      case 'bigint':
        total += NUMBER_BYTES;
        break;
      case 'object':
        if (v === null) break;
        if (Array.isArray(v)) {
          total += CONTAINER_HEADER + SLOT_BYTES * v.length;
          for (let i = 0; i < v.length; i++) stack.push(v[i]);
        } else {
          const o = v as Record<string, unknown>;
          total += CONTAINER_HEADER;
          for (const k in o) {
            total += SLOT_BYTES;
            stack.push(o[k]);
          }
        }
        break;
      default:
        // booleans, undefined: shared values, a slot already charged
        break;
    }
  }
  return total;
}

/** Estimated bytes an entry holds now: everything but the payload, plus the payload or its preview. */
export function entryBytes(e: ViewerEntry): number {
  const item = e.item;
  if (item.kind === 'gap') return ENTRY_BASE_BYTES + item.reason.length;
  let n = ENTRY_BASE_BYTES + String(item.topic).length + String(item.timestamp).length;
  if (e.released) return n + STRING_HEADER + e.released.preview.length;
  // An event from a session worker holds its payload as text, parsed only when read.
  n += isWireEvent(item) ? STRING_HEADER + item.dataJson.length + STRING_HEADER + item.device.length : valueBytes(item.data);
  if (typeof item.raw === 'string') n += STRING_HEADER + item.raw.length;
  return n;
}
