// Request bodies of DataPoint and DataStream writes (rest-devices-streams §3–§4): one item or
// a list, as XML (`<list><DataPoint>…</DataPoint>…</list>` or a single `<DataPoint>`, any
// Content-Type, as clients send it) or JSON (`{"list":{"DataPoint":[…]}}`, `{"DataPoint":…}`,
// an array, or one bare object). Every field comes back as text; a field holding an object
// is refused by name.

import { parseXml } from '../core';

export type BodyItems = { items: Record<string, string>[] } | { error: string };

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function textFields(item: unknown, element: string, n: number): Record<string, string> | string {
  if (item === '' || item === null || item === undefined) return {};
  if (typeof item !== 'object' || Array.isArray(item)) return `${element} ${n} is not an element with fields`;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
    if (v === null || v === undefined) out[k] = '';
    else if (typeof v === 'object') return `${element} ${n}: field "${k.slice(0, 40)}" must be text`;
    else out[k] = String(v as string | number | boolean);
  }
  return out;
}

function parseDocument(text: string): { doc: unknown; json: boolean } {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return { doc: JSON.parse(t) as unknown, json: true };
    } catch {
      return { doc: undefined, json: true };
    }
  }
  return { doc: t.startsWith('<') ? parseXml(t) : undefined, json: false };
}

/** The `element` items of a body, or a message saying what is wrong with it. */
export function bodyItems(text: string, element: string): BodyItems {
  const { doc, json } = parseDocument(text);
  const expected = `request body must be a <${element}> element, a <list> of them, or their JSON form`;
  if (doc === undefined || doc === null || typeof doc !== 'object') return { error: expected };
  let raw: unknown;
  if (Array.isArray(doc)) raw = doc;
  else {
    const o = doc as Record<string, unknown>;
    const list = o.list as Record<string, unknown> | undefined;
    if (list !== undefined) raw = list && typeof list === 'object' && !Array.isArray(list) ? list[element] : list;
    else if (element in o) raw = o[element];
    else if (json) raw = o; // one bare JSON object
  }
  if (raw === undefined) return { error: expected };
  const items: Record<string, string>[] = [];
  for (const [i, item] of asList(raw).entries()) {
    const fields = textFields(item, element, i + 1);
    if (typeof fields === 'string') return { error: fields };
    items.push(fields);
  }
  return items.length === 0 ? { error: `request body holds no ${element}` } : { items };
}
