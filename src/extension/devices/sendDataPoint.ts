// Send Data Point: from a stream node (stream known), a device node (one of its streams, or
// a new path under `<device id>/`), the palette (account, then stream), or an argument
// object `{ accountId, streamId, value, type?, units?, timestamp? }` (no questions asked).
// Each answer is checked while it is typed (dataPointDraft.ts), and the whole draft again
// before it is written. A new stream also gets its type and units. On success: a status bar
// message; and when no running session of the account would show the point, a
// notification that offers its history. Failures (the server's 400 text included) go to
// the command wrapper's error report.

import * as vscode from 'vscode';
import { DATA_STREAM_TYPES, PushMonitorError, type DataStreamInfo, type DataStreamType, type Logger } from '../../core';
import type { AccountRecord } from '../accounts/accountModel';
import type { AccountStore } from '../accounts/accountStore';
import { COMMANDS } from '../commandIds';
import { pickAccount, type AccountPickDeps } from '../wizard/createMonitorWizard';
import { escapeIconSyntax } from '../../shared/displayText';
import { isDeviceNode, isStreamNode } from './deviceNodes';
import {
  describePoint,
  draftError,
  draftForArgs,
  isNumericType,
  parseSendArgs,
  streamIdError,
  streamTypeOf,
  timestampError,
  toNewDataPoint,
  unitsError,
  valueError,
  type DataPointDraft,
} from './dataPointDraft';
import { findStream, type DeviceDataClient } from './streamHistory';
import { pickStream } from './streamPick';
import { sessionsReceiving, type WatchingSession } from './streamWatchers';

export interface SendDataPointDeps extends AccountPickDeps {
  accounts: Pick<AccountStore, 'get' | 'list'>;
  clientFor(account: AccountRecord): Promise<DeviceDataClient>;
  /** The sessions now (which of them will show the point). */
  sessions(): readonly (WatchingSession & { id: string })[];
  log: Logger;
}

export interface SentDataPoint {
  accountId: string;
  streamId: string;
  value: string;
  /** Ids (or locations) the service gave the written point. */
  ids: string[];
  /** Running sessions of the account whose topics get the point's push. */
  receivedBy: string[];
}

const TYPE_HINTS: Record<DataStreamType, string> = {
  INTEGER: 'whole numbers, 32 bit',
  LONG: 'whole numbers, 64 bit',
  FLOAT: 'numbers, 32 bit',
  DOUBLE: 'numbers, 64 bit',
  STRING: 'text',
  BINARY: 'base64 text',
  JSON: 'JSON documents',
  GEOJSON: 'GeoJSON objects',
  UNKNOWN: 'anything, not checked',
};

const invalid = (message: string) => new PushMonitorError('INVALID_ARGUMENT', message);

/** The stream to write to, with the account and client, from the argument or by asking. */
async function chooseStream(
  s: SendDataPointDeps,
  arg: unknown,
  title: string,
): Promise<{ account: AccountRecord; client: DeviceDataClient; streamId: string; existing?: DataStreamInfo; looked: boolean } | undefined> {
  const { t } = s;
  if (isStreamNode(arg)) {
    const account = s.accounts.get(arg.accountId);
    if (!account) throw invalid(t('unknown account {0}', arg.accountId));
    return { account, client: await s.clientFor(account), streamId: arg.stream.streamId, existing: arg.stream, looked: true };
  }
  const account = isDeviceNode(arg) ? s.accounts.get(arg.accountId) : await pickAccount(s, title);
  if (!account) {
    if (isDeviceNode(arg)) throw invalid(t('unknown account {0}', arg.accountId));
    return undefined;
  }
  const client = await s.clientFor(account);
  const picked = await pickStream(s, client, account, title, { deviceId: isDeviceNode(arg) ? arg.device.deviceId : undefined, allowNew: true });
  if (!picked) return undefined;
  return { account, client, streamId: picked.streamId, existing: picked.stream, looked: picked.stream !== undefined };
}

async function askNewStream(s: SendDataPointDeps, title: string, streamId: string): Promise<{ type: DataStreamType; units: string } | undefined> {
  const { t } = s;
  const type = await s.prompter.pick(
    DATA_STREAM_TYPES.map((ty) => ({ label: ty, description: t(TYPE_HINTS[ty]), type: ty })),
    { title, placeHolder: t('{0} is a new stream: its type', streamId), ignoreFocusOut: true },
  );
  if (!type) return undefined;
  const units = await s.prompter.input({
    title,
    prompt: t('Units of the new stream (optional), e.g. C, %, V'),
    ignoreFocusOut: true,
    validateInput: (v) => unitsError(v, t),
  });
  if (units === undefined) return undefined;
  return { type: type.type, units };
}

/** Asks for the value (checked against the type while typing) and the optional timestamp. */
async function askValue(s: SendDataPointDeps, title: string, draft: Omit<DataPointDraft, 'value'>): Promise<DataPointDraft | undefined> {
  const { t } = s;
  const kind = draft.type ? `${draft.type}${draft.units ? `, ${draft.units}` : ''}` : t('type not known');
  const value = await s.prompter.input({
    title,
    prompt: t('Value for {0} ({1})', draft.streamId, kind),
    placeHolder: isNumericType(draft.type) ? '21.5' : draft.type === 'JSON' ? '{"on":true}' : undefined,
    ignoreFocusOut: true,
    validateInput: (v) => valueError(v, draft.type, t),
  });
  if (value === undefined) return undefined;
  const timestamp = await s.prompter.input({
    title,
    prompt: t('Timestamp, ISO-8601 (leave empty for now)'),
    placeHolder: new Date().toISOString(),
    ignoreFocusOut: true,
    validateInput: (v) => timestampError(v, t),
  });
  if (timestamp === undefined) return undefined;
  return { ...draft, value, timestamp };
}

/** The draft from the argument object, checked like typed answers (no questions). */
async function draftFromArgs(s: SendDataPointDeps, arg: unknown): Promise<{ account: AccountRecord; client: DeviceDataClient; draft: DataPointDraft }> {
  const { t } = s;
  const args = parseSendArgs(arg, t);
  if (typeof args === 'string') throw invalid(t('Send Data Point: {0}', args));
  const account = s.accounts.get(args.accountId);
  if (!account) throw invalid(t('unknown account {0}', args.accountId));
  const idProblem = streamIdError(args.streamId, t);
  if (idProblem) throw invalid(idProblem);
  const client = await s.clientFor(account);
  const draft = draftForArgs(args, await findStream(client, args.streamId), t);
  if (typeof draft === 'string') throw invalid(draft);
  return { account, client, draft };
}

function isArgsObject(arg: unknown): boolean {
  return !!arg && typeof arg === 'object' && !isStreamNode(arg) && !isDeviceNode(arg) && 'value' in arg;
}

export async function sendDataPoint(s: SendDataPointDeps, arg?: unknown): Promise<SentDataPoint | undefined> {
  const { t } = s;
  const title = t('Send Data Point');
  let account: AccountRecord;
  let client: DeviceDataClient;
  let draft: DataPointDraft | undefined;
  if (isArgsObject(arg)) {
    ({ account, client, draft } = await draftFromArgs(s, arg));
  } else {
    const chosen = await chooseStream(s, arg, title);
    if (!chosen) return undefined;
    ({ account, client } = chosen);
    const existing = chosen.looked ? chosen.existing : await findStream(client, chosen.streamId);
    let base: Omit<DataPointDraft, 'value'>;
    if (existing) {
      base = { streamId: chosen.streamId, type: streamTypeOf(existing.dataType), newStream: false, ...(existing.units ? { units: existing.units } : {}) };
    } else {
      const created = await askNewStream(s, title, chosen.streamId);
      if (!created) return undefined;
      base = { streamId: chosen.streamId, type: created.type, newStream: true, units: created.units };
    }
    draft = await askValue(s, title, base);
    if (!draft) return undefined;
  }
  // Checked once more as a whole: scripted or programmatic answers skip validateInput.
  const problem = draftError(draft, t);
  if (problem) throw invalid(problem);
  const point = toNewDataPoint(draft, t);
  const what = describePoint(draft);
  const ids = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: t('Sending {0} to {1}…', what, account.label) }, () =>
    client.dataPoints.write(point),
  );
  s.log.info(`sent a data point to ${draft.streamId} on ${account.label}${draft.newStream ? ' (new stream)' : ''}`);
  const receivedBy = sessionsReceiving(s.sessions(), account.id, draft.streamId).map((x) => x.id);
  // The stream id and value are the user's or the server's text: no `$(…)` icon in them.
  vscode.window.setStatusBarMessage(t('$(cloud-upload) Sent {0}', escapeIconSyntax(what)), 5000);
  if (receivedBy.length === 0) {
    const { streamId } = draft;
    const openHistory = t('Open History');
    void vscode.window
      .showInformationMessage(t('Sent {0} to {1}. No running session of this account shows this stream: its history has the point.', what, account.label), openHistory)
      .then((choice) => {
        if (choice === openHistory) void vscode.commands.executeCommand(COMMANDS.openStreamHistory, { accountId: account.id, streamId });
      });
  }
  return { accountId: account.id, streamId: draft.streamId, value: draft.value, ids, receivedBy };
}
