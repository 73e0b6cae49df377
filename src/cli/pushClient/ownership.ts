// Which monitors push-client may delete. The seed deletes every monitor whose topics equal
// its own before creating one; on a shared account that includes HTTP monitors (the
// webhooks of a production integration) and TCP monitors of other tools and colleagues.
// So push-client marks what it creates with an owner tag in monDescription and, by
// default, replaces only TCP monitors carrying its own tag (e.g. one left over by a run
// that crashed). Everything else that matches is listed on stderr and left alone; the
// seed's behaviour needs --replace-any-matching-monitor.
//
// The tag is `push-client (<local login>@<host name>)`: the tool, the operating-system
// login that ran it and the machine. It is readable by everyone on the account, so it
// carries nothing secret and nothing that is half of a credential (not the Remote Manager
// user name, not an API key id): it says who to ask about a monitor and tells apart
// colleagues who share one Remote Manager account from different machines or logins.
import os from 'node:os';
import type { MonitorInfo } from '../../core';
import { displayLine } from '../../shared/displayText';

export const TOOL_NAME = 'push-client';

function localLogin(): string {
  try {
    return os.userInfo().username;
  } catch {
    // No passwd entry (some containers): the environment is the next best hint.
    return process.env.USER ?? process.env.USERNAME ?? '';
  }
}

/** Keeps the tag one plain line: no spaces, parentheses or control characters, bounded length. */
const clean = (s: string): string => s.replace(/[\s()@\p{C}]/gu, '_').slice(0, 64) || 'unknown';

/** The owner tag of monitors created by push-client for this login on this machine. */
export function ownerTag(login: string = localLogin(), host: string = os.hostname()): string {
  return `${TOOL_NAME} (${clean(login)}@${clean(host)})`;
}

/** monDescription of a monitor push-client creates: the tag, then the user's --description. */
export function taggedDescription(tag: string, userText?: string): string {
  return userText ? `${tag} ${userText}` : tag;
}

/** True when `description` starts with exactly this tag (the user's text may follow after a space). */
export function carriesTag(description: string | undefined, tag: string): boolean {
  return description === tag || (description?.startsWith(`${tag} `) ?? false);
}

export interface ReplacementPlan {
  /** Deleted before push-client creates its monitor. */
  replace: MonitorInfo[];
  /** Same topics, but not push-client's to delete: listed on stderr and left alone. */
  leave: MonitorInfo[];
}

/**
 * Splits the monitors whose topics equal push-client's: by default only TCP monitors that
 * carry `tag` are replaced; with `replaceAny` (the seed's behaviour) every one of them is.
 */
export function planReplacement(matches: MonitorInfo[], tag: string, replaceAny: boolean): ReplacementPlan {
  if (replaceAny) return { replace: [...matches], leave: [] };
  const mine = (m: MonitorInfo) => m.transport.toLowerCase() === 'tcp' && carriesTag(m.description, tag);
  return { replace: matches.filter(mine), leave: matches.filter((m) => !mine(m)) };
}

/** `monitor 41 (http, "ACME webhook")`, with the server's text made safe for a terminal. */
export function describeMonitor(m: MonitorInfo): string {
  const transport = displayLine(m.transport || 'unknown transport', 40);
  const description = m.description ? `, "${displayLine(m.description, 120)}"` : ', no description';
  return `monitor ${m.id} (${transport}${description})`;
}
