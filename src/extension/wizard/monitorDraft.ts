// The Create Monitor wizard as data: topic presets, defaults, validation of each field
// (topics through the core's validateTopics), and the MonitorSettings it produces.
// The vscode layer (createMonitorWizard.ts) only asks the questions.

import {
  KNOWN_TOPIC_RESOURCES,
  validateTopics,
  type MonitorAckOption,
  type MonitorCompression,
  type MonitorFormat,
  type MonitorSettings,
} from '../../core';
import type { Translate } from '../l10n';
import { isLossless, LOSSLESS, type Delivery } from '../monitors/delivery';

export interface TopicPreset {
  topic: string;
  /** English; translated by the caller. */
  description: string;
  picked?: boolean;
}

export const TOPIC_PRESETS: readonly TopicPreset[] = [
  { topic: 'DeviceCore', description: 'device connects, disconnects and changes', picked: true },
  { topic: 'DataPoint', description: 'every data point uploaded by devices', picked: true },
  { topic: 'FileData', description: 'files uploaded to storage (under 120 KB)' },
  { topic: 'AlarmStatus', description: 'alarms triggered, reset or acknowledged' },
  { topic: '[operation=U]DeviceCore', description: 'only device updates (connect / disconnect)' },
  { topic: 'DataStream', description: 'data stream changes' },
  { topic: 'XbeeCore', description: 'XBee nodes' },
  { topic: 'Job', description: 'SCI jobs' },
];

export interface MonitorDraft {
  topics: string[];
  format: MonitorFormat;
  compression: Extract<MonitorCompression, 'zlib' | 'none'>;
  batchSize: number;
  batchDuration: number;
  ackOption: MonitorAckOption;
  autoReplayOnConnect: boolean;
}

/**
 * Small batches held at most 1 s: events show up quickly, and high rates still travel in
 * batches. Lossless (explicit acks, auto-replay: monitors/delivery.ts) unless the
 * `monitors.lossless` setting says otherwise (defaultDraft).
 */
export const DEFAULT_DRAFT: Readonly<MonitorDraft> = Object.freeze({
  topics: ['DeviceCore', 'DataPoint'],
  format: 'json',
  compression: 'zlib',
  batchSize: 100,
  batchDuration: 1,
  ...LOSSLESS,
});

/** The defaults with the delivery the `monitors.lossless` setting asks for (deliveryFor). */
export const defaultDraft = (delivery: Delivery = LOSSLESS): MonitorDraft => ({
  ...DEFAULT_DRAFT,
  topics: [...DEFAULT_DRAFT.topics],
  ackOption: delivery.ackOption,
  autoReplayOnConnect: delivery.autoReplayOnConnect,
});

export const BATCH_SIZE_RANGE = { min: 1, max: 10_000 } as const;
export const BATCH_DURATION_RANGE = { min: 0, max: 3_600 } as const;

/** Splits what a user typed: commas or new lines between topics. */
export const parseTopicList = (text: string) =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

export function topicsError(text: string, t: Translate): string | undefined {
  const topics = parseTopicList(text);
  const problem = validateTopics(topics);
  return problem ? t('{0}. Known resources: {1}', problem, KNOWN_TOPIC_RESOURCES.join(', ')) : undefined;
}

function intError(text: string, range: { min: number; max: number }, t: Translate): string | undefined {
  const s = text.trim();
  if (!/^\d+$/.test(s)) return t('Enter a whole number between {0} and {1}', range.min, range.max);
  const n = Number(s);
  return n < range.min || n > range.max ? t('Enter a whole number between {0} and {1}', range.min, range.max) : undefined;
}

export const batchSizeError = (text: string, t: Translate) => intError(text, BATCH_SIZE_RANGE, t);
export const batchDurationError = (text: string, t: Translate) => intError(text, BATCH_DURATION_RANGE, t);

/** Validates a draft as a whole (commands called with arguments skip the wizard). */
export function draftError(d: MonitorDraft, t: Translate): string | undefined {
  const topics = validateTopics(d.topics);
  if (topics) return topics;
  if (!['json', 'xml'].includes(d.format)) return t('format must be json or xml');
  if (!['zlib', 'none'].includes(d.compression)) return t('compression must be zlib or none');
  if (!['off', 'explicit'].includes(d.ackOption)) return t('ack option must be off or explicit');
  if (!Number.isInteger(d.batchSize) || d.batchSize < BATCH_SIZE_RANGE.min || d.batchSize > BATCH_SIZE_RANGE.max) {
    return t('batch size must be a whole number between {0} and {1}', BATCH_SIZE_RANGE.min, BATCH_SIZE_RANGE.max);
  }
  if (!Number.isInteger(d.batchDuration) || d.batchDuration < BATCH_DURATION_RANGE.min || d.batchDuration > BATCH_DURATION_RANGE.max) {
    return t('batch duration must be a whole number of seconds between {0} and {1}', BATCH_DURATION_RANGE.min, BATCH_DURATION_RANGE.max);
  }
  return undefined;
}

/** A draft from partial input (command arguments), defaults filling the gaps. */
export function draftFrom(partial: Partial<MonitorDraft> | undefined, defaults: Readonly<MonitorDraft> = DEFAULT_DRAFT): MonitorDraft {
  return { ...defaults, topics: [...defaults.topics], ...(partial ?? {}) };
}

export const MONITOR_DESCRIPTION = 'Created by Digi Push Monitor for VS Code';

export function toSettings(d: MonitorDraft): MonitorSettings {
  return {
    topics: d.topics,
    format: d.format,
    compression: d.compression,
    batchSize: d.batchSize,
    batchDuration: d.batchDuration,
    ackOption: d.ackOption,
    autoReplayOnConnect: d.autoReplayOnConnect,
    description: MONITOR_DESCRIPTION,
  };
}

/** One line describing the options, for the wizard's summary item. */
export function describeDraft(d: MonitorDraft, t: Translate): string {
  return [
    d.format.toUpperCase(),
    d.compression === 'zlib' ? t('zlib') : t('uncompressed'),
    t('batches of ≤ {0} / ≤ {1} s', d.batchSize, d.batchDuration),
    isLossless(d) ? t('lossless') : [d.ackOption === 'explicit' ? t('explicit ack') : t('no ack'), d.autoReplayOnConnect ? t('auto-replay on') : t('auto-replay off')].join(' · '),
  ].join(' · ');
}

/** What the wizard's Delivery option says about a draft: what is kept, or what is lost. */
export function describeDelivery(d: Delivery, t: Translate): string {
  if (isLossless(d)) return t('lossless: acknowledged batches, events published while disconnected are replayed');
  if (d.autoReplayOnConnect) return t('replay without acks: a batch lost when the connection drops is not sent again');
  return t('best effort: events published while disconnected are not replayed');
}
