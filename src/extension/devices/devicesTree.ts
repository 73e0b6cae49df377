// The Devices view's structure as plain data: which rows each node has (accounts when
// there are several, devices, "Load more…", errors that retry, a device's streams) and the
// view's description and message. No vscode import; devicesView.ts adapts it.

import { isSimulator, type AccountRecord } from '../accounts/accountModel';
import { COMMANDS } from '../commandIds';
import type { Translate } from '../l10n';
import { displayLine } from '../../shared/displayText';
import { mdField, type ItemFields } from '../tree/treeModel';
import { countsText, DEVICE_CONTEXT, deviceItem, errorItem, loadMoreItem, messageItem, streamItem, sumCounts } from './deviceItems';
import type { DeviceEntry } from './deviceList';
import type { AccountElement, DevicesController } from './devicesController';
import type { StreamEntry } from './streamList';

/** A row that is only text (loading, empty, an error, "Load more…"). */
export interface InfoElement {
  readonly kind: 'info';
  readonly fields: ItemFields;
}

export type DevicesElement = AccountElement | DeviceEntry | StreamEntry | InfoElement;

const info = (fields: ItemFields): InfoElement => ({ kind: 'info', fields });

export class DevicesTree {
  constructor(
    private readonly c: DevicesController,
    private readonly t: Translate,
    private readonly now: () => number,
  ) {}

  /** The top rows; asking for them is what starts the first reads. */
  roots(): DevicesElement[] {
    this.c.viewShown();
    const state = this.c.state();
    if (state !== 'ready') return []; // the welcome content shows instead
    const accounts = this.c.accounts();
    if (accounts.length === 1) return this.accountRows(accounts[0]);
    return accounts.map((a) => this.c.accountElement(a.id));
  }

  children(el: DevicesElement): DevicesElement[] | Promise<DevicesElement[]> {
    switch (el.kind) {
      case 'deviceAccount': {
        const a = this.c.accounts().find((x) => x.id === el.accountId);
        return a ? this.accountRows(a) : [];
      }
      case 'device':
        return this.c.streamsOf(el).then(() => this.streamRows(el));
      default:
        return [];
    }
  }

  private accountRows(a: AccountRecord): DevicesElement[] {
    const t = this.t;
    const list = this.c.list(a.id);
    if (this.c.simulatorIdle(a)) {
      return [info(messageItem(`simulatorIdle:${a.id}`, t('Start the Local simulator and list its devices'), { id: 'play' }, { command: COMMANDS.refreshDevices, title: t('Refresh Devices'), arguments: [{ accountId: a.id }] }))];
    }
    if (list.status === 'idle' || (list.status === 'loading' && list.shown === 0)) {
      return [info(messageItem(`loading:${a.id}`, t('Loading devices…'), { id: 'loading~spin' }))];
    }
    if (list.status === 'error') {
      return [info(errorItem(`error:${a.id}`, { accountId: a.id }, list.error?.message ?? '', t, t('Could not list devices')))];
    }
    const rows: DevicesElement[] = list.devices;
    if (list.error) {
      // A failed "Load more": the rows read so far stay; the error row tries the page again.
      const row = errorItem(`error:${a.id}`, { accountId: a.id }, list.error.message, t, t('Could not read more devices'));
      rows.push(info({ ...row, command: { command: COMMANDS.loadMoreDevices, title: t('Load More Devices'), arguments: [{ accountId: a.id }] } }));
    } else if (list.remaining > 0) {
      rows.push(info(loadMoreItem(list, t)));
    }
    if (list.shown === 0 && !list.error) {
      rows.push(
        list.filter !== undefined
          ? info(messageItem(`empty:${a.id}`, t('No device matches "{0}"', displayLine(list.filter, 60)), { id: 'filter' }, { command: COMMANDS.clearDeviceFilter, title: t('Clear Filter') }))
          : info(messageItem(`empty:${a.id}`, t('No devices in this account'), { id: 'info' })),
      );
    }
    return rows;
  }

  private streamRows(entry: DeviceEntry): DevicesElement[] {
    const t = this.t;
    const { accountId } = entry;
    const { devId } = entry.device;
    const s = this.c.streams.get(accountId, devId);
    if (!s || s.status === 'loading') return [info(messageItem(`streamsLoading:${accountId}/${devId}`, t('Loading data streams…'), { id: 'loading~spin' }))];
    if (s.status === 'error') return [info(errorItem(`streamsError:${accountId}/${devId}`, { accountId, devId }, s.error ?? '', t, t('Could not list data streams')))];
    const rows: DevicesElement[] = [...s.streams];
    if (s.error) {
      const row = errorItem(`streamsError:${accountId}/${devId}`, { accountId, devId }, s.error, t, t('Could not read more data streams'));
      rows.push(info({ ...row, command: { command: COMMANDS.loadMoreDevices, title: t('Load More'), arguments: [{ accountId, devId }] } }));
    } else if (s.cursor !== undefined) {
      rows.push(
        info({
          id: `streamsMore:${accountId}/${devId}`,
          label: s.loadingMore ? t('Loading more…') : t('More data streams…'),
          contextValue: DEVICE_CONTEXT.loadMore,
          icon: { id: s.loadingMore ? 'loading~spin' : 'ellipsis' },
          collapsible: 'none',
          command: s.loadingMore ? undefined : { command: COMMANDS.loadMoreDevices, title: t('Load More'), arguments: [{ accountId, devId }] },
        }),
      );
    }
    if (s.streams.length === 0) rows.push(info(messageItem(`streamsEmpty:${accountId}/${devId}`, t('No data streams'), { id: 'info' })));
    return rows;
  }

  item(el: DevicesElement): ItemFields {
    const now = this.now();
    switch (el.kind) {
      case 'deviceAccount':
        return this.accountItem(el.accountId);
      case 'device':
        return deviceItem(el.accountId, el.device, now, this.t);
      case 'stream':
        return streamItem(el, now, this.t);
      case 'info':
        return el.fields;
    }
  }

  private accountItem(accountId: string): ItemFields {
    const t = this.t;
    const a = this.c.accounts().find((x) => x.id === accountId);
    const list = this.c.list(accountId);
    const live = this.c.isLive(accountId);
    const sim = a ? isSimulator(a) : false;
    const parts: string[] = [];
    if (list.status === 'loaded') parts.push(countsText(list, t));
    else if (list.status === 'loading') parts.push(t('loading…'));
    if (list.status === 'loaded' && !live) parts.push(t('not live'));
    const md = [`**${mdField(a?.label ?? accountId)}**`, ''];
    if (list.status === 'loaded') md.push(mdField(countsText(list, t)));
    md.push(live ? t('Kept current by the DeviceCore events of a live session.') : t('No live session carries this account\'s DeviceCore events: the list shows the state when it was read. Watch Device Connections starts one.'));
    return {
      id: `deviceAccount:${accountId}`,
      label: displayLine(a?.label ?? accountId, 80),
      description: parts.join(' · ') || undefined,
      tooltip: md.join('  \n'),
      contextValue: DEVICE_CONTEXT.account(live),
      icon: { id: sim ? 'beaker' : 'account' },
      collapsible: 'expanded',
    };
  }

  /** The view's description: counts over every account read, and "not live" when no list is kept current. */
  description(): string | undefined {
    const t = this.t;
    const accounts = this.c.accounts();
    const read = accounts.map((a) => this.c.list(a.id)).filter((l) => l.status === 'loaded');
    if (read.length === 0) return accounts.some((a) => this.c.list(a.id).status === 'loading') ? t('loading…') : undefined;
    const parts = [countsText(sumCounts(read), t)];
    if (!read.some((l) => this.c.isLive(l.accountId))) parts.push(t('not live'));
    return parts.join(' · ');
  }

  /** The message above the rows while a filter is set. */
  message(): string | undefined {
    const f = this.c.filter;
    return f === undefined ? undefined : this.t('Filter: devices whose id or description contains "{0}"', displayLine(f, 60));
  }

  /** Some account read has no live session carrying its DeviceCore events (the title's Watch action shows). */
  anyNotLive(): boolean {
    return this.c.accounts().some((a) => this.c.list(a.id).status === 'loaded' && !this.c.isLive(a.id));
  }
}
