// The list envelopes of /ws (rest-devices-streams §1) in their JSON form (`{…counters,
// "items": [...]}`) and their XML form (`<result>` with the counters as children and one
// element per item), and the two paging styles built from them.

import { parseXml } from '../monitor';
import { isPlainObject, ItemReader, malformed, type Item } from './fields';
import type { CursorPage, RowPage } from './types';

export interface Envelope {
  /** The counters (`resultSize`, `remainingSize`, `pageCursor`, …). */
  counters: ItemReader;
  /** The items, each read with its position in the list named (`DeviceCore items[3]`). */
  items: ItemReader[];
}

/**
 * Parses a list answer in JSON or XML. `element` is the XML element of one item
 * (`DeviceCore`, `DataStream`, `DataPoint`), also the name errors use for the resource.
 */
export function parseEnvelope(text: string, element: string): Envelope {
  const trimmed = text.trimStart();
  if (trimmed === '') throw malformed(`${element} list: the answer is empty`);
  let envelope: Item;
  let list: unknown[];
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let v: unknown;
    try {
      v = JSON.parse(trimmed);
    } catch (e) {
      throw malformed(`${element} list is not valid JSON (${(e as Error).message.slice(0, 100)})`);
    }
    if (!isPlainObject(v)) throw malformed(`${element} list is not a JSON object`);
    envelope = v;
    const items = envelope.items;
    if (items !== undefined && items !== null && !Array.isArray(items)) throw malformed(`${element} list: field "items" is not a list`);
    list = items ?? [];
  } else {
    const result = parseXml(trimmed)?.result;
    if (!isPlainObject(result)) {
      // An empty <result/> parses as '': a list with nothing in it.
      if (result === '') return { counters: new ItemReader({}, `${element} list`), items: [] };
      throw malformed(`${element} list has neither a JSON object nor a <result> element`);
    }
    envelope = result;
    const items = envelope[element];
    list = items === undefined ? [] : Array.isArray(items) ? items : [items];
  }
  const readers: ItemReader[] = [];
  for (let i = 0; i < list.length; i++) {
    // An empty XML element is an item without fields: its reader then names what is missing.
    const item = list[i] === '' ? {} : list[i];
    if (!isPlainObject(item)) throw malformed(`${element} items[${i}] is not an object`);
    readers.push(new ItemReader(item, `${element} items[${i}]`));
  }
  return { counters: new ItemReader(envelope, `${element} list`), items: readers };
}

/** DeviceCore / Monitor paging: `remainingSize` absent counts as nothing remaining. */
export function rowPage<T>(env: Envelope, parseItem: (r: ItemReader) => T): RowPage<T> {
  const page: RowPage<T> = {
    items: env.items.map(parseItem),
    start: env.counters.int('requestedStartRow') ?? 0,
    remaining: env.counters.int('remainingSize') ?? 0,
  };
  const total = env.counters.int('resultTotalRows');
  if (total !== undefined) page.total = total;
  return page;
}

/** DataStream / DataPoint paging: an empty `pageCursor` counts as absent. */
export function cursorPage<T>(env: Envelope, parseItem: (r: ItemReader) => T): CursorPage<T> {
  const page: CursorPage<T> = { items: env.items.map(parseItem) };
  const cursor = env.counters.optText('pageCursor')?.trim();
  if (cursor) page.pageCursor = cursor;
  return page;
}
