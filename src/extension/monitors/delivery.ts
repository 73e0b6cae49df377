// What a monitor the extension creates does about events its session does not receive
// (issue 14 §1). Lossless — explicit acks and auto-replay — unless the user opts out with
// `digiPushMonitor.monitors.lossless: false`: the server then keeps events published while
// no session is connected and sends again every batch we did not acknowledge. Without them,
// events published while disconnected are not replayed, and a batch lost on a dropped
// connection is not sent again.

import type { MonitorAckOption } from '../../core';

export interface Delivery {
  ackOption: MonitorAckOption;
  autoReplayOnConnect: boolean;
}

export const LOSSLESS: Readonly<Delivery> = Object.freeze({ ackOption: 'explicit', autoReplayOnConnect: true });
export const BEST_EFFORT: Readonly<Delivery> = Object.freeze({ ackOption: 'off', autoReplayOnConnect: false });

/** The delivery the `monitors.lossless` setting asks for. */
export const deliveryFor = (lossless: boolean): Delivery => ({ ...(lossless ? LOSSLESS : BEST_EFFORT) });

export const isLossless = (d: Partial<Delivery>): boolean => d.ackOption === 'explicit' && d.autoReplayOnConnect === true;

/** `settings` with the delivery options it leaves unset taken from `delivery`. */
export function withDelivery<T extends Partial<Delivery>>(settings: T, delivery: Delivery): T & Delivery {
  return {
    ...settings,
    ackOption: settings.ackOption ?? delivery.ackOption,
    autoReplayOnConnect: settings.autoReplayOnConnect ?? delivery.autoReplayOnConnect,
  };
}

/** Whether a monitor as the server describes it (case as sent) has the delivery asked for. */
export function hasDelivery(monitor: { ackOption?: string; autoReplayOnConnect?: boolean }, wanted: Delivery): boolean {
  return (monitor.ackOption ?? 'off').toLowerCase() === wanted.ackOption && (monitor.autoReplayOnConnect ?? false) === wanted.autoReplayOnConnect;
}
