// Which events a monitor receives, from its monTopic (push-protocol §3.4). The platform's
// exact rules are not public; this is what we implement:
//   * The list is comma-separated (commas inside [...] do not split); an event matches if
//     any entry matches.
//   * `Resource` alone: every event of that resource (names are case-sensitive).
//   * `Resource/a/b`: the event's topic path (after `<cstId>/<Resource>/`) must start with
//     the segments a, b (prefix match: a shorter spec matches any longer path). `*` as a
//     whole segment matches any one segment; `*` inside a segment is a glob (`*.json`, `*.*`).
//   * `%2F` (any case) is decoded to `/` on both sides before splitting into segments, so
//     `AlarmStatus/41826/src%2Fdev` and `FileData/~%2Fdev/trace.log` work as written.
//   * `~` as the first path segment of FileData/FileDataCore is the account's storage root
//     (`db/<cstId>_<company>`).
//   * Operations: prefix `[operation=U]` or `[operation=C,U]`, or suffix `Resource[U]`.
//     C = CREATE and INSERTION (DataPoint/FileData inserts are creations), U = UPDATE,
//     D = DELETE; full words (`[operation=UPDATE]`) also work.
//   * `[group=…]` is accepted and ignored (devices have a grpPath in DeviceCore, but monitors
//     are not narrowed by it).

import { splitTopics, topicResource } from '../core';
import type { SimEvent } from './simEvent';

export type EventMatcher = (event: SimEvent) => boolean;

interface Rule {
  resource: string;
  operations?: Set<string>;
  path: (string | RegExp)[];
}

const OPERATION_LETTERS: Record<string, string[]> = {
  C: ['CREATE', 'INSERTION'],
  I: ['INSERTION'],
  U: ['UPDATE'],
  D: ['DELETE'],
};

/** Bracket-aware split of a monTopic value (shared with the client side). */
export const splitTopicList = splitTopics;

function operationsOf(list: string): Set<string> {
  const out = new Set<string>();
  for (const raw of list.split(/[,;|]/)) {
    const w = raw.trim().toUpperCase();
    if (!w) continue;
    for (const op of OPERATION_LETTERS[w] ?? (w.length === 1 ? [] : [w])) out.add(op);
  }
  return out;
}

function decodeSlashes(s: string): string {
  return s.replace(/%2f/gi, '/');
}

function segmentPattern(seg: string): string | RegExp {
  if (seg === '*' || !seg.includes('*')) return seg;
  const body = seg.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
  return new RegExp(`^${body}$`);
}

function parseRule(spec: string, storageRoot: string): Rule {
  let s = spec.trim();
  let operations: Set<string> | undefined;
  while (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end < 0) break;
    const [key, value = ''] = s.slice(1, end).split('=', 2);
    if (key.trim().toLowerCase() === 'operation') operations = operationsOf(value);
    s = s.slice(end + 1);
  }
  const resource = topicResource(s);
  let rest = s.slice(s.indexOf(resource) + resource.length);
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    operations = operationsOf(rest.slice(1, end < 0 ? undefined : end));
    rest = end < 0 ? '' : rest.slice(end + 1);
  }
  let segments = decodeSlashes(rest.replace(/^\//, '')).split('/').filter((x) => x !== '');
  if (segments[0] === '~' && (resource === 'FileData' || resource === 'FileDataCore')) {
    segments = [...storageRoot.split('/'), ...segments.slice(1)];
  }
  return { resource, operations, path: segments.map(segmentPattern) };
}

/** Path segments of an event topic after `<cstId>/<Resource>/`, cached on the event. */
function eventSegments(event: SimEvent): string[] {
  const c = (event.cache ??= {});
  if (!c.pathSegments) {
    const parts = event.topic.split('/');
    c.pathSegments = decodeSlashes(parts.slice(2).join('/')).split('/').filter((x) => x !== '');
  }
  return c.pathSegments;
}

function matches(rule: Rule, event: SimEvent): boolean {
  if (rule.resource !== event.type) return false;
  if (rule.operations && !rule.operations.has(event.operation)) return false;
  if (rule.path.length === 0) return true;
  const segs = eventSegments(event);
  if (segs.length < rule.path.length) return false;
  for (let i = 0; i < rule.path.length; i++) {
    const p = rule.path[i];
    if (p === '*') continue;
    if (typeof p === 'string' ? p !== segs[i] : !p.test(segs[i])) return false;
  }
  return true;
}

/** Compiles a monTopic value into a predicate. `storageRoot` is `db/<cstId>_<company>`. */
export function compileTopicFilter(monTopic: string, storageRoot: string): EventMatcher {
  const rules = splitTopicList(monTopic).map((t) => parseRule(t, storageRoot));
  return (event) => rules.some((r) => matches(r, event));
}
