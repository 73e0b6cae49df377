// Reads a stream's recent history for the viewer: the newest `history.maxPoints` points of
// `/ws/DataPoint/{streamId}` (order descending, pages of at most 1000, the service's cap),
// with what is known of the stream (type, units). No vscode import: the command
// (historyCommand.ts) adds progress and errors, the viewer (viewer/historyView.ts) the rows.
//
// After a window reload a history panel reads its stream again (restore()): a query, not a
// session, so users expect it filled. Except when that would start the Local simulator (its
// data is gone with the run that made it; activation never starts it) or the account is no
// longer there: then the panel is closed. A failed read shows in the panel, not as a popup.

import { PushMonitorError, type CursorPage, type DataPointInfo, type DataStreamInfo, type HistoryOptions, type NewDataPoint } from '../../core';
import { isSimulator, type AccountRecord } from '../accounts/accountModel';
import type { Translate } from '../l10n';
import type { HistoryStream, HistoryView } from '../viewer/historyView';
import { streamIdError } from './dataPointDraft';

/** How far back the chart's backfill reads (with at most chart.backfillPoints points per stream). */
export const CHART_BACKFILL_MINUTES = 60;

/** The page size the real service allows at most (rest-devices-streams §4). */
export const HISTORY_PAGE_MAX = 1000;

/** What of an account's client the device-data commands use (the core's PushClient has it). */
export interface DeviceDataClient {
  readonly streams: {
    getStream(streamId: string): Promise<DataStreamInfo | undefined>;
    listStreams(options?: { deviceId?: string; size?: number; pageCursor?: string }): Promise<CursorPage<DataStreamInfo>>;
  };
  readonly dataPoints: {
    history(streamId: string, options?: HistoryOptions): AsyncIterable<CursorPage<DataPointInfo>>;
    write(points: NewDataPoint | NewDataPoint[]): Promise<string[]>;
  };
}

/** The stream, or undefined when it does not exist (404). Other failures are thrown. */
export async function findStream(client: Pick<DeviceDataClient, 'streams'>, streamId: string): Promise<DataStreamInfo | undefined> {
  try {
    return (await client.streams.getStream(streamId)) ?? undefined;
  } catch (e) {
    if (e instanceof PushMonitorError && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
}

/** The newest `maxPoints` points, newest first, and whether older ones were left unread. */
export async function readHistory(client: Pick<DeviceDataClient, 'dataPoints'>, streamId: string, maxPoints: number): Promise<{ points: DataPointInfo[]; more: boolean }> {
  const points: DataPointInfo[] = [];
  let more = false;
  const size = Math.min(HISTORY_PAGE_MAX, maxPoints);
  for await (const page of client.dataPoints.history(streamId, { order: 'descending', size, limit: maxPoints })) {
    const room = maxPoints - points.length;
    const items = Array.isArray(page.items) ? page.items : [];
    points.push(...items.slice(0, room));
    if (points.length >= maxPoints) {
      more = items.length > room || page.pageCursor !== undefined;
      break;
    }
  }
  return { points, more };
}

export const historyStream = (streamId: string, info: DataStreamInfo | undefined): HistoryStream => {
  const s: HistoryStream = { streamId };
  if (info?.dataType) s.dataType = String(info.dataType);
  if (info?.units) s.units = info.units;
  if (info?.customerId !== undefined) s.customerId = info.customerId;
  return s;
};

export interface HistoryLoaderDeps {
  t: Translate;
  accounts: { get(id: string): AccountRecord | undefined };
  clientFor(account: AccountRecord): Promise<DeviceDataClient>;
  /** Whether the Local simulator runs now (a restore must not start it). */
  simulatorRunning(): boolean;
  /** The history.maxPoints setting now. */
  maxPoints(): number;
  /** An error as shown to the user (redacted of secrets); default: its message. */
  describe?: (error: unknown) => string;
  now?: () => number;
}

export class HistoryLoader {
  constructor(private readonly deps: HistoryLoaderDeps) {}

  /** The account and a checked stream id, or a typed error naming what is wrong. */
  private target(accountId: string, streamId: string): AccountRecord {
    const { t } = this.deps;
    const account = this.deps.accounts.get(accountId);
    if (!account) throw new PushMonitorError('INVALID_ARGUMENT', t('unknown account {0}', accountId));
    const problem = streamIdError(streamId, t);
    if (problem) throw new PushMonitorError('INVALID_ARGUMENT', problem);
    return account;
  }

  /** Reads the history (throws what the server or the input got wrong). `known`: the stream as listed, saving a GET. */
  async load(accountId: string, streamId: string, known?: DataStreamInfo): Promise<HistoryView> {
    const account = this.target(accountId, streamId);
    const client = await this.deps.clientFor(account);
    const info = known ?? (await findStream(client, streamId));
    if (!info) throw new PushMonitorError('NOT_FOUND', this.deps.t('{0} has no stream {1}', account.label, streamId));
    const maxPoints = this.deps.maxPoints();
    const { points, more } = await readHistory(client, streamId, maxPoints);
    return this.view(account, historyStream(streamId, info), { points, more, maxPoints });
  }

  /**
   * The chart's backfill of a stream: its newest points of the last `minutes`, at most
   * `maxPoints` (chart.backfillPoints; whichever is fewer), newest first. Never starts the Local simulator.
   */
  async recent(accountId: string, streamId: string, maxPoints: number, minutes = CHART_BACKFILL_MINUTES): Promise<{ points: DataPointInfo[]; maxPoints: number; minutes: number }> {
    const account = this.target(accountId, streamId);
    if (maxPoints <= 0) return { points: [], maxPoints: 0, minutes };
    if (isSimulator(account) && !this.deps.simulatorRunning()) throw new PushMonitorError('INVALID_ARGUMENT', this.deps.t('the Local simulator is not running'));
    const client = await this.deps.clientFor(account);
    const startTime = (this.deps.now ?? Date.now)() - minutes * 60_000;
    const points: DataPointInfo[] = [];
    for await (const page of client.dataPoints.history(streamId, { order: 'descending', size: Math.min(HISTORY_PAGE_MAX, maxPoints), limit: maxPoints, startTime })) {
      points.push(...(Array.isArray(page.items) ? page.items : []).slice(0, maxPoints - points.length));
      if (points.length >= maxPoints) break;
    }
    return { points, maxPoints, minutes };
  }

  /** For a panel restored after a reload: undefined closes it; a failed read is shown in it. */
  async restore(accountId: string, streamId: string): Promise<HistoryView | undefined> {
    const account = this.deps.accounts.get(accountId);
    if (!account || streamIdError(streamId, this.deps.t) !== undefined) return undefined;
    if (isSimulator(account) && !this.deps.simulatorRunning()) return undefined;
    try {
      return await this.load(accountId, streamId);
    } catch (e) {
      const message = this.deps.describe?.(e) ?? (e instanceof Error ? e.message : String(e));
      return this.view(account, { streamId }, { points: [], more: false, maxPoints: this.deps.maxPoints(), error: this.deps.t('Could not read the history again: {0}', message) });
    }
  }

  private view(account: AccountRecord, stream: HistoryStream, read: { points: DataPointInfo[]; more: boolean; maxPoints: number; error?: string }): HistoryView {
    const v: HistoryView = {
      accountId: account.id,
      accountLabel: account.label,
      host: account.host,
      stream,
      points: read.points,
      fetchedAt: (this.deps.now ?? Date.now)(),
      maxPoints: read.maxPoints,
      more: read.more,
    };
    if (read.error) v.error = read.error;
    return v;
  }
}
