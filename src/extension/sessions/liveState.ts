// Maps the core session state machine onto the LiveState consumers display, and turns
// states and ages into the short texts of the tree, status bar and tooltips.

import type { SessionState } from '../../core';
import type { LiveState } from '../../shared/sessionModel';
import type { Translate } from '../l10n';

export function toLiveState(s: SessionState): LiveState {
  switch (s.kind) {
    case 'connecting':
      return { kind: 'connecting' };
    case 'connected':
      return { kind: 'live', since: s.since };
    case 'reconnecting':
      return { kind: 'reconnecting', retryAt: s.retryAt, reason: s.reason };
    case 'stopped':
      return { kind: 'stopped' };
    case 'failed':
      return { kind: 'error', message: s.error.message };
  }
}

/** Sessions in these states hold (or are about to hold) a socket. */
export const isActive = (s: LiveState) => s.kind === 'connecting' || s.kind === 'live' || s.kind === 'reconnecting';

/** `live`, `connecting…`, `reconnecting in 4 s`, `stopped`, `error`. */
export function stateText(state: LiveState, now: number, t: Translate): string {
  switch (state.kind) {
    case 'connecting':
      return t('connecting…');
    case 'live':
      return t('live');
    case 'reconnecting': {
      const secs = Math.max(0, Math.ceil((state.retryAt - now) / 1000));
      return secs > 0 ? t('reconnecting in {0} s', secs) : t('reconnecting…');
    }
    case 'stopped':
      return t('stopped');
    case 'error':
      return t('error');
  }
}

/** `just now`, `12 s ago`, `3 min ago`, `2 h ago`, `4 d ago`. */
export function formatAge(ms: number, t: Translate): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 1) return t('just now');
  if (s < 60) return t('{0} s ago', s);
  if (s < 3600) return t('{0} min ago', Math.floor(s / 60));
  if (s < 86400) return t('{0} h ago', Math.floor(s / 3600));
  return t('{0} d ago', Math.floor(s / 86400));
}
