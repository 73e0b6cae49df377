// Create Monitor: account → topics (presets, editable list) → an options screen that
// shows the defaults and lets each be changed; "Create and Start" is the first choice, so
// the common case is three quick steps. Validation comes from monitorDraft.ts / the core.

import * as vscode from 'vscode';
import type { AccountRecord } from '../accounts/accountModel';
import type { AccountStore } from '../accounts/accountStore';
import { BEST_EFFORT, LOSSLESS, type Delivery } from '../monitors/delivery';
import type { Asking } from '../ui/prompter';
import {
  batchDurationError,
  batchSizeError,
  DEFAULT_DRAFT,
  describeDelivery,
  describeDraft,
  draftFrom,
  parseTopicList,
  TOPIC_PRESETS,
  topicsError,
  type MonitorDraft,
} from './monitorDraft';

export interface WizardResult {
  account: AccountRecord;
  draft: MonitorDraft;
  start: boolean;
}

type Item<T> = vscode.QuickPickItem & { value: T };

/** Picking an account: the accounts, the words, someone to ask. */
export interface AccountPickDeps extends Asking {
  accounts: Pick<AccountStore, 'list'>;
}

/** The account of `accountId`, the only account, or the user's pick (`alwaysAsk`: pick even from one). */
export async function pickAccount(s: AccountPickDeps, title: string, accountId?: string, alwaysAsk = false): Promise<AccountRecord | undefined> {
  const accounts = s.accounts.list();
  if (accountId) return accounts.find((a) => a.id === accountId);
  if (accounts.length === 1 && !alwaysAsk) return accounts[0];
  if (accounts.length === 0) {
    void vscode.window.showInformationMessage(s.t('Sign in first (or enable the Local simulator).'));
    return undefined;
  }
  const pick = await s.prompter.pick(
    accounts.map<Item<AccountRecord>>((a) => ({ label: `$(${a.builtIn ? 'beaker' : 'account'}) ${a.label}`, description: a.builtIn ? s.t('built in') : a.host, value: a })),
    { title, placeHolder: s.t('Account'), ignoreFocusOut: true },
  );
  return pick?.value;
}

async function pickTopics(s: Asking, title: string, current: string[]): Promise<string[] | undefined> {
  const { t } = s;
  const items = TOPIC_PRESETS.map<Item<string>>((p) => ({ label: p.topic, description: t(p.description), picked: current.includes(p.topic), value: p.topic }));
  const custom = current.filter((c) => !TOPIC_PRESETS.some((p) => p.topic === c));
  for (const c of custom) items.push({ label: c, description: t('custom'), picked: true, value: c });
  const chosen = await s.prompter.pickMany(items, { title, placeHolder: t('Topics to monitor (you can narrow them to a device or stream on the next screen)'), ignoreFocusOut: true });
  if (!chosen) return undefined;
  return chosen.map((c) => c.value);
}

async function editTopics(s: Asking, title: string, current: string[]): Promise<string[] | undefined> {
  const { t } = s;
  const text = await s.prompter.input({
    title,
    prompt: t('Comma-separated topics, e.g. DeviceCore, DataPoint/00000000-00000000-00409DFF-FF123456, [operation=U]DeviceCore'),
    value: current.join(', '),
    ignoreFocusOut: true,
    validateInput: (v) => topicsError(v, t),
  });
  return text === undefined ? undefined : parseTopicList(text);
}

async function pickValue<T>(s: Asking, title: string, placeHolder: string, options: Item<T>[]): Promise<T | undefined> {
  return (await s.prompter.pick(options, { title, placeHolder, ignoreFocusOut: true }))?.value;
}

type Action = 'create-start' | 'create' | 'topics' | 'format' | 'compression' | 'batchSize' | 'batchDuration' | 'delivery';

/** The options screen: loops until the user creates (or cancels with Escape). */
async function options(s: Asking, title: string, draft: MonitorDraft): Promise<{ draft: MonitorDraft; start: boolean } | undefined> {
  const { t } = s;
  let d = draft;
  for (;;) {
    const items: (vscode.QuickPickItem & { value?: Action })[] = [
      { label: `$(play) ${t('Create and Start Session')}`, description: describeDraft(d, t), value: 'create-start' },
      { label: `$(add) ${t('Create Only')}`, value: 'create' },
      { label: t('Change an option'), kind: vscode.QuickPickItemKind.Separator },
      { label: t('Topics'), description: d.topics.join(', '), value: 'topics' },
      { label: t('Format'), description: d.format.toUpperCase(), value: 'format' },
      { label: t('Compression'), description: d.compression, value: 'compression' },
      { label: t('Batch size'), description: t('{0} events at most per message', d.batchSize), value: 'batchSize' },
      { label: t('Batch duration'), description: t('{0} s at most before a batch is sent', d.batchDuration), value: 'batchDuration' },
      { label: t('Delivery'), description: describeDelivery(d, t), value: 'delivery' },
    ];
    const choice = await s.prompter.pick(items, { title, placeHolder: t('Create the monitor, or change an option'), ignoreFocusOut: true });
    switch (choice?.value) {
      case undefined:
        return undefined;
      case 'create-start':
        return { draft: d, start: true };
      case 'create':
        return { draft: d, start: false };
      case 'topics': {
        const topics = await editTopics(s, title, d.topics);
        if (topics) d = { ...d, topics };
        break;
      }
      case 'format': {
        const v = await pickValue(s, title, t('Format of the pushed documents'), [
          { label: 'JSON', description: t('recommended'), value: 'json' as const },
          { label: 'XML', value: 'xml' as const },
        ]);
        if (v) d = { ...d, format: v };
        break;
      }
      case 'compression': {
        const v = await pickValue(s, title, t('Compression of each batch'), [
          { label: 'zlib', description: t('recommended'), value: 'zlib' as const },
          { label: 'none', value: 'none' as const },
        ]);
        if (v) d = { ...d, compression: v };
        break;
      }
      case 'batchSize': {
        const v = await s.prompter.input({ title, prompt: t('Maximum events per batch'), value: String(d.batchSize), ignoreFocusOut: true, validateInput: (x) => batchSizeError(x, t) });
        if (v !== undefined && !batchSizeError(v, t)) d = { ...d, batchSize: Number(v) };
        break;
      }
      case 'batchDuration': {
        const v = await s.prompter.input({ title, prompt: t('Maximum seconds events wait before their batch is sent'), value: String(d.batchDuration), ignoreFocusOut: true, validateInput: (x) => batchDurationError(x, t) });
        if (v !== undefined && !batchDurationError(v, t)) d = { ...d, batchDuration: Number(v) };
        break;
      }
      case 'delivery': {
        const v = await pickValue<Delivery>(s, title, t('What happens to events while no session is connected'), [
          {
            label: t('Lossless'),
            description: t('explicit acks + auto-replay (recommended)'),
            detail: t('The server keeps events published while no session is connected and replays them (marked replayed), and sends again any batch we did not acknowledge.'),
            value: LOSSLESS,
          },
          {
            label: t('Best effort'),
            description: t('no acks, no replay'),
            detail: t('Events published while disconnected are not replayed, and a batch lost when the connection drops is not sent again.'),
            value: BEST_EFFORT,
          },
        ]);
        if (v) d = { ...d, ackOption: v.ackOption, autoReplayOnConnect: v.autoReplayOnConnect };
        break;
      }
    }
  }
}

/** `defaults`: the wizard's starting options (defaultDraft of the `monitors.lossless` setting). */
export async function runCreateMonitorWizard(s: AccountPickDeps, accountId?: string, defaults: Readonly<MonitorDraft> = DEFAULT_DRAFT): Promise<WizardResult | undefined> {
  const { t } = s;
  const title = t('Create Push Monitor');
  const account = await pickAccount(s, title, accountId);
  if (!account) return undefined;
  const accountTitle = t('Create Push Monitor on {0}', account.label);
  const topics = await pickTopics(s, accountTitle, defaults.topics);
  if (!topics) return undefined;
  let draft = draftFrom({ topics }, defaults);
  if (topics.length === 0) {
    const edited = await editTopics(s, accountTitle, []);
    if (!edited) return undefined;
    draft = { ...draft, topics: edited };
  }
  const result = await options(s, accountTitle, draft);
  return result ? { account, ...result } : undefined;
}
