// Flood protection for the events output channel. Output channels freeze the window when
// flooded (microsoft/vscode #22804), so above `maxLinesPerSecond` the gate stops passing
// event lines and produces one summary line per second instead. It returns to one line
// per event after a whole second at or below the limit. Pure: time comes in as `now`.

import { clock } from '../../shared/eventText';

/** Types named in a summary line (the most frequent); the rest are counted. */
export const MAX_SUMMARY_TYPES = 10;

export interface GateDecision {
  /** Write this event's own line. */
  write: boolean;
  /** Lines to write before it (summaries of seconds that ended). */
  before: string[];
}

export class FloodGate {
  private limit: number;
  private second = -1;
  private count = 0;
  private suppressed = 0;
  private byType = new Map<string, number>();
  private flooding = false;

  constructor(maxLinesPerSecond: number) {
    this.limit = Math.max(1, Math.floor(maxLinesPerSecond));
  }

  setLimit(maxLinesPerSecond: number): void {
    this.limit = Math.max(1, Math.floor(maxLinesPerSecond));
  }

  get isFlooding(): boolean {
    return this.flooding;
  }

  /** True while a summary is still owed: the caller should call tick() about once a second. */
  get needsTick(): boolean {
    return this.flooding || this.suppressed > 0;
  }

  offer(now: number, type: string): GateDecision {
    const before = this.roll(now);
    this.count += 1;
    if (!this.flooding && this.count <= this.limit) return { write: true, before };
    this.flooding = true;
    this.suppressed += 1;
    this.byType.set(type, (this.byType.get(type) ?? 0) + 1);
    return { write: false, before };
  }

  /** Summary lines for seconds that ended by `now` (call from a timer when events stop). */
  tick(now: number): string[] {
    return this.roll(now);
  }

  private roll(now: number): string[] {
    const sec = Math.floor(now / 1000);
    if (sec === this.second) return [];
    const lines: string[] = [];
    if (this.second >= 0) {
      if (this.suppressed > 0) lines.push(this.summary());
      // The second that ended was calm (or seconds passed with no events at all): lines resume.
      const calm = this.count <= this.limit || sec > this.second + 1;
      if (this.flooding && calm) {
        this.flooding = false;
        lines.push(`${clock(sec * 1000)} [summary] back at or below ${this.limit} events/s: writing every event again`);
      }
    }
    this.second = sec;
    this.count = 0;
    this.suppressed = 0;
    this.byType = new Map();
    return lines;
  }

  private summary(): string {
    const sorted = [...this.byType.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const shown = sorted.slice(0, MAX_SUMMARY_TYPES).map(([t, n]) => `${t} ${n}`);
    if (sorted.length > MAX_SUMMARY_TYPES) shown.push(`${sorted.length - MAX_SUMMARY_TYPES} other types`);
    const types = shown.join(', ');
    return (
      `${clock(this.second * 1000)} [summary] ${this.count} events in 1 s, ${this.suppressed} not shown (${types}); ` +
      `above ${this.limit} events/s only one summary line per second is written`
    );
  }
}
