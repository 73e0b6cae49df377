// Would a monitor's topics get the DataPoint push of a point written to a stream? Send
// Data Point says nothing more than "sent" when a running session of the account would
// show it, and offers a way to watch it otherwise. The platform's matching rules are not
// public (push-protocol §3.4): this is the reading the simulator routes by (the core's
// topicRules.ts), so the extra hint is only shown when clearly useful.

import { parseTopicRules, topicPathSegments, topicRuleMatches } from '../../core';

/** True when a monitor subscribed to `topics` receives the push of a point written to `streamId`. */
export function topicsReceiveStream(topics: readonly string[], streamId: string): boolean {
  const target = { resource: 'DataPoint', operation: 'INSERTION', segments: topicPathSegments(streamId) };
  return parseTopicRules(topics).some((rule) => topicRuleMatches(rule, target));
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
