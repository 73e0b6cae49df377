// Which events a monitor's topics select (push-protocol §3.4). The platform's exact rules
// are not public; this is the one reading of them we implement, used by the simulator to
// route events and by the extension to tell whether a running session will see a point:
//   * The list is comma-separated (commas inside [...] do not split); an event matches if
//     any entry matches.
//   * `Resource` alone: every event of that resource (names are case-sensitive).
//   * `Resource/a/b`: the event's topic path (after `<cstId>/<Resource>/`) must start with
//     the segments a, b (prefix match: a shorter spec matches any longer path). `*` as a
//     whole segment matches any one segment; `*` inside a segment is a glob (`*.json`, `*.*`).
//   * `%2F` (any case) is decoded to `/` on both sides before splitting into segments, so
//     `AlarmStatus/41826/src%2Fdev` and `FileData/~%2Fdev/trace.log` work as written.
//   * `~` as the first path segment of FileData/FileDataCore is the account's storage root
//     (`db/<cstId>_<company>`), when the caller knows it.
//   * Operations: prefix `[operation=U]` or `[operation=C,U]`, or suffix `Resource[U]`.
//     C = CREATE and INSERTION (DataPoint/FileData inserts are creations), U = UPDATE,
//     D = DELETE; full words (`[operation=UPDATE]`) also work.
//   * `[group=…]` is accepted and ignored (monitors are not narrowed by a device's grpPath).

import { splitTopics, topicResource } from './monitor';

export interface TopicRule {
  resource: string;
  /** Operations the entry allows; undefined = all. */
  operations?: ReadonlySet<string>;
  /** Leading path segments the event's topic path must have. */
  path: readonly (string | RegExp)[];
}

/** What a rule is matched against: an event's resource, operation and topic path segments. */
export interface TopicTarget {
  resource: string;
  operation: string;
  segments: readonly string[];
}

const OPERATION_LETTERS: Record<string, string[]> = {
  C: ['CREATE', 'INSERTION'],
  I: ['INSERTION'],
  U: ['UPDATE'],
  D: ['DELETE'],
};

function operationsOf(list: string): Set<string> {
  const out = new Set<string>();
  for (const raw of list.split(/[,;|]/)) {
    const w = raw.trim().toUpperCase();
    if (!w) continue;
    for (const op of OPERATION_LETTERS[w] ?? (w.length === 1 ? [] : [w])) out.add(op);
  }
  return out;
}

/** A topic path split into segments, `%2F` decoded to `/` first. */
export function topicPathSegments(path: string): string[] {
  return path.replace(/%2f/gi, '/').split('/').filter((x) => x !== '');
}

function segmentPattern(seg: string): string | RegExp {
  if (seg === '*' || !seg.includes('*')) return seg;
  const body = seg.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
  return new RegExp(`^${body}$`);
}

/** One entry of a monTopic list as a rule; `storageRoot` replaces a leading `~` of FileData paths. */
export function parseTopicRule(entry: string, storageRoot?: string): TopicRule {
  let s = entry.trim();
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
  let segments = topicPathSegments(rest);
  if (storageRoot !== undefined && segments[0] === '~' && (resource === 'FileData' || resource === 'FileDataCore')) {
    segments = [...storageRoot.split('/'), ...segments.slice(1)];
  }
  return { resource, operations, path: segments.map(segmentPattern) };
}

export function topicRuleMatches(rule: TopicRule, target: TopicTarget): boolean {
  if (rule.resource !== target.resource) return false;
  if (rule.operations && !rule.operations.has(target.operation)) return false;
  const segs = target.segments;
  if (segs.length < rule.path.length) return false;
  for (let i = 0; i < rule.path.length; i++) {
    const p = rule.path[i];
    if (p === '*') continue;
    if (typeof p === 'string' ? p !== segs[i] : !p.test(segs[i])) return false;
  }
  return true;
}

/** Every entry of a monTopic value (or of a topic list) as rules. */
export function parseTopicRules(topics: string | readonly string[], storageRoot?: string): TopicRule[] {
  const list = typeof topics === 'string' ? [topics] : topics;
  return list.flatMap((t) => splitTopics(t)).map((entry) => parseTopicRule(entry, storageRoot));
}
