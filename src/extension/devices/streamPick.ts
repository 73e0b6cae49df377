// Which stream a device-data command acts on when it was not given one: a quick pick of
// the account's (or one device's) streams, first page of up to 1000, with their type and
// current value, plus "type a stream id" (under `<device id>/` for a device). Typed ids are
// checked while typing (dataPointDraft.streamIdError).

import * as vscode from 'vscode';
import type { DataStreamInfo } from '../../core';
import type { AccountRecord } from '../accounts/accountModel';
import { displayLine } from '../../shared/displayText';
import type { Asking } from '../ui/prompter';
import { streamIdError } from './dataPointDraft';
import type { DeviceDataClient } from './streamHistory';

/** The most streams listed in one pick (one page). */
export const STREAM_PICK_SIZE = 1000;

export interface PickedStream {
  streamId: string;
  /** As listed; absent for a typed id (it may not exist yet). */
  stream?: DataStreamInfo;
}

/** `21.5 C`, `FLOAT`, for a pick's description. */
function streamDescription(s: DataStreamInfo): string {
  const cur = s.currentValue;
  const value = cur ? `${displayLine(cur.data, 40)}${s.units ? ` ${displayLine(s.units, 20)}` : ''}` : '';
  return [displayLine(String(s.dataType), 12), value].filter(Boolean).join(' · ');
}

/** Asks for a stream id (`prefix` pre-filled, e.g. `<device id>/`). */
export async function typeStreamId(s: Asking, title: string, prefix = ''): Promise<string | undefined> {
  return s.prompter.input({
    title,
    prompt: prefix ? s.t('Stream id (a path under the device id)') : s.t('Stream id, e.g. 00000000-00000000-00409DFF-FF58175B/metrics/temperature'),
    value: prefix,
    valueSelection: [prefix.length, prefix.length],
    ignoreFocusOut: true,
    validateInput: (v) => streamIdError(v, s.t) ?? (prefix && v.length <= prefix.length ? s.t('Add the stream path after {0}', prefix) : undefined),
  });
}

/**
 * A stream of `account` (of one device when `deviceId` is given): listed ones first, then
 * "type a stream id". `allowNew`: the typed id may name a stream that does not exist yet.
 */
export async function pickStream(
  s: Asking,
  client: Pick<DeviceDataClient, 'streams'>,
  account: AccountRecord,
  title: string,
  opts: { deviceId?: string; allowNew?: boolean } = {},
): Promise<PickedStream | undefined> {
  const { t } = s;
  const page = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: t('Reading the streams of {0}…', account.label) }, () =>
    client.streams.listStreams({ ...(opts.deviceId ? { deviceId: opts.deviceId } : {}), size: STREAM_PICK_SIZE }),
  );
  type Item = vscode.QuickPickItem & { pick: () => Promise<PickedStream | undefined> | PickedStream | undefined };
  const prefix = opts.deviceId ? `${opts.deviceId}/` : '';
  const items: Item[] = page.items.map((stream) => ({
    label: `$(graph-line) ${displayLine(stream.streamId.startsWith(prefix) ? stream.streamId.slice(prefix.length) : stream.streamId, 200)}`,
    description: streamDescription(stream),
    pick: () => ({ streamId: stream.streamId, stream }),
  }));
  items.push({
    label: opts.allowNew ? `$(add) ${t('New stream or another stream id…')}` : `$(edit) ${t('Type a stream id…')}`,
    description: page.pageCursor !== undefined ? t('only the first {0} streams are listed', STREAM_PICK_SIZE) : undefined,
    pick: async () => {
      const streamId = await typeStreamId(s, title, prefix);
      return streamId === undefined ? undefined : { streamId };
    },
  });
  const chosen = await s.prompter.pick(items, { title, placeHolder: opts.deviceId ? t('Stream of {0}', opts.deviceId) : t('Stream'), matchOnDescription: true, ignoreFocusOut: true });
  return chosen?.pick();
}
