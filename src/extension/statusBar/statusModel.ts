// What the status bar item shows: `$(radio-tower) 2 live · 37 ev/s`, a warning look
// while any session reconnects, hidden when nothing runs. Pure, for unit tests.

import type { Translate } from '../l10n';
import type { LiveState } from '../../shared/sessionModel';
import { stateText } from '../sessions/liveState';

export interface StatusSession {
  label: string;
  state: LiveState;
  eventsPerSecond: number;
}

export interface StatusModel {
  visible: boolean;
  text: string;
  tooltip: string;
  background: 'none' | 'warning' | 'error';
}

export const formatRate = (r: number) => (r >= 10 ? String(Math.round(r)) : r >= 0.05 ? r.toFixed(1) : '0');

/** `firingRules`: watch rules firing and not muted, shown as `$(warning) N` (alone when no session runs). */
export function statusModel(sessions: readonly StatusSession[], now: number, t: Translate, firingRules = 0): StatusModel {
  const shown = sessions.filter((s) => s.state.kind !== 'stopped');
  const alerts = firingRules > 0 ? `$(warning) ${t('{0} rule(s) firing', firingRules)}` : '';
  if (shown.length === 0) {
    return firingRules > 0 ? { visible: true, text: alerts, tooltip: t('Watch rules firing: see the Watch Rules view'), background: 'none' } : { visible: false, text: '', tooltip: '', background: 'none' };
  }
  const live = shown.filter((s) => s.state.kind === 'live').length;
  const reconnecting = shown.filter((s) => s.state.kind === 'reconnecting' || s.state.kind === 'connecting').length;
  const failed = shown.filter((s) => s.state.kind === 'error').length;
  const rate = shown.reduce((sum, s) => sum + s.eventsPerSecond, 0);
  const parts = [t('{0} live', live)];
  if (reconnecting > 0) parts.push(t('{0} connecting', reconnecting));
  if (failed > 0) parts.push(t('{0} failed', failed));
  parts.push(t('{0} ev/s', formatRate(rate)));
  const icon = reconnecting > 0 ? '$(sync~spin)' : failed > 0 && live === 0 ? '$(error)' : '$(radio-tower)';
  const tooltip = [t('Digi Push Monitor sessions (click to manage)'), ...shown.map((s) => `${s.label}: ${stateText(s.state, now, t)} · ${formatRate(s.eventsPerSecond)} ${t('events/s')}`)].join('\n');
  const anyReconnecting = shown.some((s) => s.state.kind === 'reconnecting');
  return {
    visible: true,
    text: `${icon} ${parts.join(' · ')}${alerts && ` · ${alerts}`}`,
    tooltip,
    background: anyReconnecting ? 'warning' : failed > 0 && live === 0 ? 'error' : 'none',
  };
}
