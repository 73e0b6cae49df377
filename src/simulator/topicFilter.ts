// Which events a monitor receives, from its monTopic: the core's topic rules
// (src/core/topicRules.ts, push-protocol §3.4) applied to simulator events.

import { parseTopicRules, splitTopics, topicPathSegments, topicRuleMatches } from '../core';
import type { SimEvent } from './simEvent';

export type EventMatcher = (event: SimEvent) => boolean;

/** Bracket-aware split of a monTopic value (shared with the client side). */
export const splitTopicList = splitTopics;

/** Path segments of an event topic after `<cstId>/<Resource>/`, cached on the event. */
function eventSegments(event: SimEvent): string[] {
  const c = (event.cache ??= {});
  c.pathSegments ??= topicPathSegments(event.topic.split('/').slice(2).join('/'));
  return c.pathSegments;
}

/** Compiles a monTopic value into a predicate. `storageRoot` is `db/<cstId>_<company>`. */
export function compileTopicFilter(monTopic: string, storageRoot: string): EventMatcher {
  const rules = parseTopicRules(monTopic, storageRoot);
  return (event) => {
    const target = { resource: event.type, operation: event.operation, segments: eventSegments(event) };
    return rules.some((r) => topicRuleMatches(r, target));
  };
}
