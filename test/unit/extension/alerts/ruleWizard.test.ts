// Add Watch Rule's questions with a scripted prompter: each kind builds a rule the setting's
// reader accepts; typed values are checked by that reader (bad seconds, min above max, a name
// taken); Escape adds nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InputBoxOptions, QuickPickItem } from 'vscode';
import { askForRule } from '../../../../src/extension/alerts/ruleWizard';
import { readRules } from '../../../../src/extension/alerts/rules';
import { formatOnly as t } from '../../../../src/extension/l10n';
import type { Prompter } from '../../../../src/extension/ui/prompter';

/** Picks the item whose description is `kind`, then types `answers` in order; records each input's check of `probes`. */
function scripted(kind: string | undefined, answers: (string | undefined)[], probes: Record<string, string> = {}) {
  const checks: Record<string, string> = {};
  const prompter: Prompter = {
    pick: async <T extends QuickPickItem>(items: readonly T[]) => items.find((i) => i.description === kind),
    pickMany: async () => undefined,
    input: async (o: InputBoxOptions) => {
      for (const [probe, label] of Object.entries(probes)) {
        const r = await o.validateInput?.(probe);
        if (r && typeof r === 'string') checks[`${o.prompt} ← ${label}`] = r;
      }
      return answers.shift();
    },
    confirm: async () => false,
  };
  return { prompter, checks };
}

test('each kind builds a rule the reader accepts', async () => {
  const cases: [string, (string | undefined)[], Record<string, unknown>][] = [
    ['deviceDisconnected', ['gw', '*-FF58175B'], { kind: 'deviceDisconnected', name: 'gw', device: '*-FF58175B' }],
    ['streamSilent', ['quiet', '*/metrics/temperature', '90'], { kind: 'streamSilent', name: 'quiet', stream: '*/metrics/temperature', seconds: 90 }],
    ['valueOutOfRange', ['hot', 'metrics/temperature', '', '30.5'], { kind: 'valueOutOfRange', name: 'hot', stream: 'metrics/temperature', max: 30.5 }],
    ['alarmRaised', ['alarms', ''], { kind: 'alarmRaised', name: 'alarms' }],
  ];
  for (const [kind, answers, want] of cases) {
    const draft = await askForRule(scripted(kind, answers).prompter, t, []);
    assert.deepEqual(draft, want, kind);
    assert.deepEqual(readRules([draft]).problems, [], kind);
  }
});

test('typed values are checked while typed; a taken name is refused; Escape adds nothing', async () => {
  const silent = scripted('streamSilent', ['quiet', '*', '60'], { '': 'empty', '0': 'zero', 'soon': 'text', taken: 'taken' });
  await askForRule(silent.prompter, t, ['taken']);
  assert.equal(silent.checks['Name of the rule ← taken'], 'A rule with this name exists');
  assert.equal(silent.checks['Name of the rule ← empty'], 'A name is needed');
  assert.equal(silent.checks['Stream glob, e.g. */metrics/temperature ← empty'], 'stream must be a non-empty glob text (`*` any run, `?` one character)');
  assert.equal(silent.checks['Seconds without data ← zero'], 'seconds must be a number above 0 and at most 604800');
  assert.equal(silent.checks['Seconds without data ← text'], 'seconds must be a number');

  const range = scripted('valueOutOfRange', ['r', '*', '5', '1'], { '1': 'one', '': 'empty' });
  assert.equal(await askForRule(range.prompter, t, []), undefined, 'min above max is not added');
  assert.equal(range.checks['Highest value in range (empty: none) ← one'], 'min (5) is above max (1)');

  assert.equal(await askForRule(scripted(undefined, []).prompter, t, []), undefined);
  assert.equal(await askForRule(scripted('deviceDisconnected', ['gw', undefined]).prompter, t, []), undefined);
});
