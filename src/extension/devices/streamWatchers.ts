// Would a monitor's topics get the DataPoint push of a point written to a stream? Send
// Data Point says nothing more than "sent" when a running session of the account would
// show it, and offers a way to watch it otherwise. The platform's matching rules are not
// public (push-protocol §3.4): this follows what the simulator implements (topicFilter.ts)
// and leans to "yes" where unsure, so the extra hint is only shown when clearly useful.

import { splitTopics, topicResource } from '../../core';

/** Operations an `[operation=…]` group or `Resource[…]` suffix allows; undefined = all. */
function operations(list: string): Set<string> {
  const out = new Set<string>();
  for (const w of list.split(/[,;|]/).map((x) => x.trim().toUpperCase())) {
    if (w === 'C' || w === 'I' || w === 'CREATE' || w === 'INSERTION') out.add('INSERTION');
    else if (w) out.add(w);
  }
  return out;
}

function segmentMatches(spec: string, actual: string): boolean {
  if (spec === '*' || spec === actual) return true;
  if (!spec.includes('*')) return false;
  const body = spec.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`).test(actual);
}

function entryReceives(entry: string, streamSegments: string[]): boolean {
  let s = entry.trim();
  let ops: Set<string> | undefined;
  while (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end < 0) break;
    const [key, value = ''] = s.slice(1, end).split('=', 2);
    if (key.trim().toLowerCase() === 'operation') ops = operations(value);
    s = s.slice(end + 1);
  }
  if (topicResource(s) !== 'DataPoint') return false;
  let rest = s.slice(s.indexOf('DataPoint') + 'DataPoint'.length);
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    ops = operations(rest.slice(1, end < 0 ? undefined : end));
    rest = end < 0 ? '' : rest.slice(end + 1);
  }
  if (ops && !ops.has('INSERTION')) return false;
  const spec = rest.replace(/%2f/gi, '/').split('/').filter((x) => x !== '');
  // A shorter spec is a prefix: `DataPoint/<device id>` gets every stream of that device.
  return spec.length <= streamSegments.length && spec.every((seg, i) => segmentMatches(seg, streamSegments[i]));
}

/** True when a monitor subscribed to `topics` receives the push of a point written to `streamId`. */
export function topicsReceiveStream(topics: readonly string[], streamId: string): boolean {
  const segments = streamId.replace(/%2f/gi, '/').split('/').filter((x) => x !== '');
  return topics.some((topic) => splitTopics(topic).some((entry) => entryReceives(entry, segments)));
}

/** A session as far as this question goes. */
export interface WatchingSession {
  accountId: string;
  isActive: boolean;
  subscription: { topics: readonly string[] };
}

/** The running sessions of `accountId` that will show a point written to `streamId`. */
export function sessionsReceiving<S extends WatchingSession>(sessions: readonly S[], accountId: string, streamId: string): S[] {
  return sessions.filter((s) => s.accountId === accountId && s.isActive && topicsReceiveStream(s.subscription.topics, streamId));
}
