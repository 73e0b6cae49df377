// Header: what is shown (session, merged, capture or a stream's history), its state,
// events/s with a sparkline of the last minute, and what the session is subscribed to. A
// history has no live state: it says what was read, from where and when.

import type { ViewInfo, ViewStatus } from '../shared/viewerProtocol';
import { displayLine } from '../shared/displayText';
import { clear, el, icon, setText, svg } from './dom';
import { historyText, num, stateView, subscriptionText } from './format';
import { clock } from '../shared/eventText';

const SPARK_W = 120;
const SPARK_H = 22;

export class Header {
  readonly root: HTMLElement;
  private readonly title: HTMLElement;
  private readonly states: HTMLElement;
  private readonly rate: HTMLElement;
  private readonly line: SVGPolylineElement;
  private readonly spark: SVGSVGElement;
  private readonly subs: HTMLElement;
  private last: ViewStatus | undefined;
  private info: ViewInfo | undefined;
  private clockOffset = 0;

  constructor() {
    this.title = el('h1', { class: 'title' });
    this.states = el('div', { class: 'states' });
    this.rate = el('span', { class: 'rate', title: 'Events per second (last complete second)' });
    this.spark = svg('svg', { class: 'spark', width: SPARK_W, height: SPARK_H, viewBox: `0 0 ${SPARK_W} ${SPARK_H}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': 'Event rate over the last minute' });
    this.line = svg('polyline', { points: '' });
    this.spark.append(this.line);
    this.subs = el('div', { class: 'subs' });
    this.root = el(
      'header',
      { class: 'header' },
      el('div', { class: 'title-row' }, this.title, this.states, el('div', { class: 'spacer' }), el('div', { class: 'rate-box' }, this.spark, this.rate)),
      this.subs,
    );
  }

  setInfo(info: ViewInfo): void {
    this.info = info;
    const prefix = info.mode === 'capture' ? 'Capture: ' : info.mode === 'history' ? 'History of ' : 'Events: ';
    setText(this.title, prefix + displayLine(info.title, 200));
    clear(this.subs);
    const list = info.subscriptions.slice(0, 6);
    for (const s of list) {
      const text = info.mode === 'merged' ? `${displayLine(s.label, 120)}: ${subscriptionText(s.subscription)}` : subscriptionText(s.subscription);
      this.subs.append(el('div', { class: 'sub', title: text }, icon('radio-tower'), ` ${text}`));
    }
    if (info.subscriptions.length > list.length) this.subs.append(el('div', { class: 'sub muted' }, `+${info.subscriptions.length - list.length} more sessions`));
    if (info.mode === 'capture' && info.capture) {
      const c = info.capture;
      this.subs.append(el('div', { class: 'sub', title: c.file }, icon('file'), ` ${displayLine(c.file, 300)} · saved ${displayLine(c.savedAt || 'unknown', 40)} · ${num(c.items)} items`));
    }
    if (info.mode === 'history' && info.history) {
      const text = historyText(info.history);
      this.subs.append(el('div', { class: 'sub', title: text }, icon('database'), ` ${text}`));
    }
    if (info.subscriptions.length === 0 && info.mode === 'merged') this.subs.append(el('div', { class: 'sub muted' }, 'No sessions yet: start one from the Monitors view.'));
    this.renderStates();
  }

  setStatus(s: ViewStatus): void {
    this.last = s;
    this.clockOffset = s.now - Date.now();
    this.renderStates();
    const live = s.states.some((x) => x.state.kind !== 'offline');
    this.rate.hidden = !live;
    this.spark.style.display = live ? '' : 'none';
    setText(this.rate, `${num(s.rate)} ev/s`);
    const data = s.spark;
    const max = Math.max(1, ...data);
    const step = data.length > 1 ? SPARK_W / (data.length - 1) : SPARK_W;
    this.line.setAttribute('points', data.map((v, i) => `${(i * step).toFixed(1)},${(SPARK_H - 1 - (v / max) * (SPARK_H - 2)).toFixed(1)}`).join(' '));
    this.spark.setAttribute('aria-label', `Event rate over the last minute, peak ${num(max)} per second`);
  }

  /** Re-renders relative times ("reconnecting in 8 s") between status messages. */
  tick(): void {
    if (this.last?.states.some((s) => s.state.kind === 'reconnecting')) this.renderStates();
  }

  private renderStates(): void {
    const s = this.last;
    if (!s) return;
    const now = Date.now() + this.clockOffset;
    clear(this.states);
    const h = this.info?.mode === 'history' ? this.info.history : undefined;
    if (h) {
      // Read once: say so where a session shows "live".
      const label = `history, read at ${clock(h.fetchedAt, 's')}, not live`;
      this.states.append(el('span', { class: 'state tone-idle', title: label }, icon('history'), ` ${label}`));
    }
    const shown = s.states.slice(0, 4);
    for (const x of shown) {
      const v = stateView(x.state, now);
      const label = s.states.length > 1 ? `${displayLine(x.label, 60)}: ${v.text}` : v.text;
      this.states.append(el('span', { class: `state tone-${v.tone}`, title: label }, icon(v.icon), ` ${label}`));
    }
    if (s.states.length > shown.length) this.states.append(el('span', { class: 'state muted' }, `+${s.states.length - shown.length}`));
  }
}
