// Add Watch Rule: a few questions (kind, name, glob, the kind's limits) that build one rule,
// checked while typed by the same reader the setting goes through, then appended to
// digiPushMonitor.alerts. Escape at any step adds nothing.

import type * as vscode from 'vscode';
import type { Translate } from '../l10n';
import type { Prompter } from '../ui/prompter';
import { readRules, RULE_KINDS, type RuleKind } from './rules';

type Draft = Record<string, unknown>;

/** The problem of `draft` with `field` set to `value`, when it is about that field ('' otherwise). */
function fieldProblem(draft: Draft, field: string, value: unknown): string {
  const problems = readRules([{ ...draft, [field]: value }]).problems;
  const p = problems.find((x) => x.includes(`: ${field} `));
  return p ? p.replace(/^watch rule [^:]*: /, '') : '';
}

const number = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

export async function askForRule(prompter: Prompter, t: Translate, existing: readonly string[]): Promise<Draft | undefined> {
  const kinds: (vscode.QuickPickItem & { ruleKind: RuleKind })[] = [
    { label: t('Device disconnects'), description: 'deviceDisconnected', ruleKind: 'deviceDisconnected' },
    { label: t('Stream goes silent'), description: 'streamSilent', ruleKind: 'streamSilent' },
    { label: t('Value out of range'), description: 'valueOutOfRange', ruleKind: 'valueOutOfRange' },
    { label: t('Alarm raised'), description: 'alarmRaised', ruleKind: 'alarmRaised' },
  ];
  const picked = await prompter.pick(kinds, { title: t('Add Watch Rule'), placeHolder: t('Notify me when…') });
  if (!picked || !RULE_KINDS.includes(picked.ruleKind)) return undefined;
  const draft: Draft = { kind: picked.ruleKind };
  const name = await prompter.input({
    title: t('Add Watch Rule'),
    prompt: t('Name of the rule'),
    validateInput: (v) => (existing.includes(v.trim()) ? t('A rule with this name exists') : v.trim() === '' ? t('A name is needed') : ''),
  });
  if (name === undefined) return undefined;
  draft.name = name.trim();
  const globField = picked.ruleKind === 'deviceDisconnected' ? 'device' : picked.ruleKind === 'alarmRaised' ? 'source' : 'stream';
  const glob = await prompter.input({
    title: t('Add Watch Rule'),
    prompt: globField === 'device' ? t('Device id glob (* any run, ? one character)') : globField === 'stream' ? t('Stream glob, e.g. */metrics/temperature') : t('Alarm source glob (empty: every alarm)'),
    value: '*',
    validateInput: (v) => (globField === 'source' && v.trim() === '' ? '' : fieldProblem(draft, globField, v.trim())),
  });
  if (glob === undefined) return undefined;
  if (glob.trim() !== '') draft[globField] = glob.trim();
  if (picked.ruleKind === 'streamSilent') {
    const seconds = await prompter.input({ title: t('Add Watch Rule'), prompt: t('Seconds without data'), value: '60', validateInput: (v) => fieldProblem(draft, 'seconds', number(v)) });
    if (seconds === undefined) return undefined;
    draft.seconds = number(seconds);
  }
  if (picked.ruleKind === 'valueOutOfRange') {
    const min = await prompter.input({ title: t('Add Watch Rule'), prompt: t('Lowest value in range (empty: none)'), validateInput: (v) => (v.trim() === '' ? '' : fieldProblem(draft, 'min', number(v))) });
    if (min === undefined) return undefined;
    if (min.trim() !== '') draft.min = number(min);
    const max = await prompter.input({
      title: t('Add Watch Rule'),
      prompt: t('Highest value in range (empty: none)'),
      validateInput: (v) => {
        const withMax = v.trim() === '' ? draft : { ...draft, max: number(v) };
        const p = readRules([withMax]).problems[0];
        return p ? p.replace(/^watch rule [^:]*: /, '') : '';
      },
    });
    if (max === undefined) return undefined;
    if (max.trim() !== '') draft.max = number(max);
  }
  return readRules([draft]).problems.length === 0 ? draft : undefined;
}
