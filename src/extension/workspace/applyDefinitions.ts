// Applying one resolved definition: create or reuse its monitor (ensureMonitor) and start a
// session on it when the definition says autoStart. No vscode and never throws: what went
// wrong comes back in the outcome, which becomes problems on the definition. When to apply
// (trusted workspace, what changed) is workspaceMonitors.ts's decision.

import { describeError } from '../../core';
import type { Translate } from '../l10n';
import { ensureMonitor, type EnsureMonitorDeps } from '../monitors/ensureMonitor';
import type { SessionManager } from '../sessions/sessionManager';
import { optionDifferences, type DefinitionProblem, type MonitorDefinition, type ResolvedDefinition } from './monitorDefinitions';

export interface ApplyDeps extends EnsureMonitorDeps {
  manager: Pick<SessionManager, 'start'>;
  /** Scrubs every known secret from a message. */
  redact(text: string): string;
}

export interface DefinitionOutcome {
  /** ResolvedDefinition.key: the request this is the outcome of. */
  key: string;
  index: number;
  accountId: string;
  accountLabel: string;
  monitorId?: number;
  /** true: created now; false: a monitor of ours with these topics was reused. */
  created?: boolean;
  /** autoStart only: the session runs (started now, or already running). */
  started?: boolean;
  /** Creating or reusing failed: why (redacted). */
  error?: string;
  /** The monitor is there but its session did not start: why (redacted). */
  startError?: string;
  /** How a reused monitor's options differ from the definition's. */
  differences: string[];
}

export async function applyDefinition(d: ApplyDeps, r: ResolvedDefinition): Promise<DefinitionOutcome> {
  const base: DefinitionOutcome = { key: r.key, index: r.definition.index, accountId: r.account.id, accountLabel: r.account.label, differences: [] };
  let ensured;
  try {
    ensured = await ensureMonitor(d, r.account, r.settings, r.purpose);
  } catch (e) {
    return { ...base, error: d.redact(describeError(e)) };
  }
  const { monitor, created } = ensured;
  const outcome: DefinitionOutcome = { ...base, monitorId: monitor.id, created, differences: created ? [] : optionDifferences(r.settings, monitor) };
  if (!r.definition.autoStart) return outcome;
  try {
    await d.manager.start(r.account, monitor);
    return { ...outcome, started: true };
  } catch (e) {
    return { ...outcome, started: false, startError: d.redact(describeError(e)) };
  }
}

/**
 * Whether a definition is applied (again): always on command; otherwise only when it is new
 * or changed (another key), or its last attempt failed. A definition applied before is left
 * alone, so saving the file does not restart a session the user stopped.
 */
export const needsApply = (previous: DefinitionOutcome | undefined, force: boolean) =>
  force || !previous || previous.error !== undefined || previous.startError !== undefined;

/** The problems an outcome puts on its definition (none when all went well). */
export function outcomeProblems(o: DefinitionOutcome, def: MonitorDefinition, t: Translate): DefinitionProblem[] {
  const start = { offset: def.at.offset, length: 1 };
  const out: DefinitionProblem[] = [];
  if (o.error !== undefined) {
    out.push({ severity: 'error', ...def.accountAt, definition: def.index, message: t('Could not create or reuse this monitor on {0}: {1}', o.accountLabel, o.error) });
  }
  if (o.startError !== undefined) {
    out.push({ severity: 'warning', ...start, definition: def.index, message: t('Monitor {0} is ready on {1}, but its session did not start: {2}', o.monitorId ?? '?', o.accountLabel, o.startError) });
  }
  if (o.differences.length > 0) {
    out.push({
      severity: 'warning',
      ...start,
      definition: def.index,
      message: t('Monitor {0} on {1} was reused and differs from this definition: {2}. Delete it (Delete Monitor) and apply again to have it created with these options.', o.monitorId ?? '?', o.accountLabel, o.differences.join(', ')),
    });
  }
  return out;
}
