// Display formatting for the header and footer (no DOM).
import type { HistoryInfoDto, LiveStateDto, SubscriptionDto } from '../shared/viewerProtocol';
import { displayLine } from '../shared/displayText';
import { clock } from '../shared/eventText';

const nf = new Intl.NumberFormat('en-US');
export const num = (n: number) => nf.format(n);

/** Bytes as MiB with one decimal ("12.3 MiB"). */
export const mib = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

export interface StateView {
  text: string;
  icon: string;
  tone: 'ok' | 'warn' | 'error' | 'idle';
}

export function stateView(s: LiveStateDto, now: number): StateView {
  switch (s.kind) {
    case 'connecting':
      return { text: 'connecting…', icon: 'loading', tone: 'warn' };
    case 'live':
      return { text: `live since ${clock(s.since, 's')}`, icon: 'circle-filled', tone: 'ok' };
    case 'reconnecting': {
      const secs = Math.max(0, Math.ceil((s.retryAt - now) / 1000));
      return { text: `reconnecting in ${secs} s (${displayLine(s.reason, 120)})`, icon: 'debug-disconnect', tone: 'warn' };
    }
    case 'stopped':
      return { text: 'stopped', icon: 'debug-stop', tone: 'idle' };
    case 'error':
      return { text: `error: ${displayLine(s.message, 200)}`, icon: 'error', tone: 'error' };
    case 'absent':
      return { text: 'not running in this window', icon: 'circle-slash', tone: 'idle' };
    case 'offline':
      return { text: 'capture (offline)', icon: 'file', tone: 'idle' };
  }
}

export function subscriptionText(s: SubscriptionDto): string {
  const parts = [
    `#${s.monitorId} ${s.topics.map((t) => displayLine(t, 120)).join(', ') || '(no topics)'}`,
    displayLine(s.format, 10),
    s.compression && s.compression !== 'none' ? displayLine(s.compression, 20) : 'uncompressed',
  ];
  if (s.batchSize !== undefined || s.batchDuration !== undefined) parts.push(`batch ${s.batchSize ?? '?'} / ${s.batchDuration ?? '?'} s`);
  if (s.ackOption) parts.push(`ack ${displayLine(s.ackOption, 20)}`);
  if (s.autoReplayOnConnect) parts.push('replay on reconnect');
  parts.push(`${displayLine(s.accountLabel, 80)} (${displayLine(s.host, 120)})`);
  return parts.join(' · ');
}

/** `FLOAT · C · 1,000 points (the newest 1,000; older ones not read) · Account (host)`. */
export function historyText(h: HistoryInfoDto): string {
  const parts: string[] = [];
  if (h.dataType) parts.push(displayLine(h.dataType, 20));
  if (h.units) parts.push(`units ${displayLine(h.units, 40)}`);
  parts.push(`${num(h.points)} point${h.points === 1 ? '' : 's'}${h.more ? ` (the newest ${num(h.maxPoints)}; older ones not read: setting digiPushMonitor.history.maxPoints)` : ''}`);
  parts.push(`${displayLine(h.accountLabel, 80)} (${displayLine(h.host, 120)})`);
  return parts.join(' · ');
}
