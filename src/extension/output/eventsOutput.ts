// Writes every session's events to the events output channel, one line each, through the
// flood gate; appends are batched (at most ~10 per second) because each append is a
// round trip to the renderer. Sink-agnostic (no vscode import) so it is unit-tested.

import type { SessionItem } from '../../core';
import { DisposableStore, type DisposableLike, type Event } from '../lifecycle';
import type { LiveSession } from '../sessions/liveSession';
import type { SessionChange } from '../sessions/sessionManager';
import { clock, lineField } from '../../shared/eventText';
import { formatEventLine, formatGapLine, LINE_FIELD_MAX } from './eventLine';
import { FloodGate } from './floodGate';

export interface TextSink {
  append(text: string): void;
}

export interface EventsOutputOptions {
  maxLinesPerSecond: number;
  flushMs?: number;
  now?: () => number;
}

export class EventsOutput implements DisposableLike {
  private readonly gate: FloodGate;
  private readonly subscriptions = new Map<string, DisposableStore>();
  private readonly store = new DisposableStore();
  private buffer: string[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private readonly flushMs: number;
  private readonly now: () => number;
  /** Event lines written (not summarised) since start; for tests and diagnostics. */
  linesWritten = 0;

  constructor(
    private readonly sink: TextSink,
    onDidChange: Event<SessionChange>,
    options: EventsOutputOptions,
  ) {
    this.gate = new FloodGate(options.maxLinesPerSecond);
    this.flushMs = options.flushMs ?? 100;
    this.now = options.now ?? Date.now;
    this.store.add(
      onDidChange((e) => {
        if (e.kind === 'added') this.follow(e.source);
        else if (e.kind === 'removed') this.unfollow(e.source.id);
      }),
    );
  }

  setMaxLinesPerSecond(n: number): void {
    this.gate.setLimit(n);
  }

  follow(source: LiveSession): void {
    if (this.subscriptions.has(source.id)) return;
    const label = `#${source.monitorId}`;
    const name = lineField(source.label, LINE_FIELD_MAX.label);
    const subs = new DisposableStore();
    subs.add(source.onItems((items) => this.onItems(items)));
    subs.add(
      source.onState((state) => {
        const why = state.kind === 'reconnecting' ? state.reason : state.kind === 'error' ? state.message : undefined;
        const detail = why === undefined ? '' : `: ${lineField(why, LINE_FIELD_MAX.reason)}`;
        this.write(`${clock(this.now())} [session] ${label} ${state.kind}${detail}  (${name})`);
      }),
    );
    this.subscriptions.set(source.id, subs);
  }

  private unfollow(id: string): void {
    this.subscriptions.get(id)?.dispose();
    this.subscriptions.delete(id);
  }

  private onItems(items: readonly SessionItem[]): void {
    const now = this.now();
    for (const item of items) {
      if (item.kind === 'gap') {
        this.write(formatGapLine(item));
        continue;
      }
      const d = this.gate.offer(now, lineField(item.type, LINE_FIELD_MAX.type));
      for (const line of d.before) this.write(line);
      if (d.write) {
        this.linesWritten += 1;
        this.write(formatEventLine(item));
      }
    }
    if (this.gate.needsTick) this.scheduleTick();
  }

  /** Summaries are owed even when events stop arriving: tick once a second until settled. */
  private scheduleTick(): void {
    if (this.tickTimer) return;
    this.tickTimer = setTimeout(() => {
      this.tickTimer = undefined;
      for (const line of this.gate.tick(this.now())) this.write(line);
      if (this.gate.needsTick) this.scheduleTick();
    }, 1000 - (this.now() % 1000) + 5);
  }

  write(line: string): void {
    this.buffer.push(line);
    this.flushTimer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.buffer.length === 0) return;
    const text = this.buffer.join('\n') + '\n';
    this.buffer = [];
    this.sink.append(text);
  }

  dispose(): void {
    this.flush();
    if (this.tickTimer) clearTimeout(this.tickTimer);
    this.tickTimer = undefined;
    for (const id of [...this.subscriptions.keys()]) this.unfollow(id);
    this.store.dispose();
  }
}
