// Reading the digiPushMonitor.alerts setting: good rules pass, each bad one gives one problem
// naming the rule and the field while the others still work; package.json's schema knows
// every kind and field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeRule, readRules, RULE_KINDS } from '../../../../src/extension/alerts/rules';

test('good rules are read with their defaults', () => {
  const read = readRules([
    { name: ' gw ', kind: 'deviceDisconnected', device: '*-FF58175B', account: 'Prod', monitor: 12 },
    { name: 'quiet', kind: 'streamSilent', stream: '*/metrics/temperature', seconds: 90, enabled: false },
    { name: 'hot', kind: 'valueOutOfRange', stream: 'metrics/temperature', max: 30 },
    { name: 'alarms', kind: 'alarmRaised' },
  ]);
  assert.deepEqual(read.problems, []);
  assert.deepEqual(read.rules, [
    { name: 'gw', kind: 'deviceDisconnected', device: '*-FF58175B', account: 'Prod', monitor: 12, enabled: true },
    { name: 'quiet', kind: 'streamSilent', stream: '*/metrics/temperature', seconds: 90, enabled: false },
    { name: 'hot', kind: 'valueOutOfRange', stream: 'metrics/temperature', max: 30, enabled: true },
    { name: 'alarms', kind: 'alarmRaised', enabled: true },
  ]);
  assert.equal(describeRule(read.rules[0]), 'device *-FF58175B disconnects (account Prod, monitor #12)');
  assert.equal(describeRule(read.rules[2]), 'metrics/temperature outside [-∞, 30]');
});

test('each bad rule gives one problem naming the rule and the field; the good ones still work', () => {
  const read = readRules([
    { name: 'ok', kind: 'alarmRaised' },
    { name: 'noSeconds', kind: 'streamSilent', stream: '*' },
    { name: 'stringMax', kind: 'valueOutOfRange', stream: '*', max: '30' },
    { name: 'upsideDown', kind: 'valueOutOfRange', stream: '*', min: 5, max: 1 },
    { name: 'noBounds', kind: 'valueOutOfRange', stream: '*' },
    { name: 'typo', kind: 'deviceDisconected', device: '*' },
    { name: 'noDevice', kind: 'deviceDisconnected' },
    { kind: 'alarmRaised' },
    'text',
    { name: 'ok', kind: 'alarmRaised' },
    { name: 'badMonitor', kind: 'alarmRaised', monitor: -1 },
    { name: 'badEnabled', kind: 'alarmRaised', enabled: 'yes' },
    { name: 'ok2', kind: 'deviceDisconnected', device: '*' },
  ]);
  assert.deepEqual(read.rules.map((r) => r.name), ['ok', 'ok2']);
  assert.deepEqual(read.problems, [
    'watch rule "noSeconds": seconds must be a number above 0 and at most 604800',
    'watch rule "stringMax": max must be a number',
    'watch rule "upsideDown": min (5) is above max (1)',
    'watch rule "noBounds": min or max (or both) must be given',
    'watch rule "typo": kind must be one of deviceDisconnected, streamSilent, valueOutOfRange, alarmRaised',
    'watch rule "noDevice": device must be a non-empty glob text (`*` any run, `?` one character)',
    'watch rule #8: name must be a non-empty text',
    'watch rule #9: must be an object',
    'watch rule "ok": name is used by an earlier rule',
    'watch rule "badMonitor": monitor must be a monitor id (a positive integer)',
    'watch rule "badEnabled": enabled must be true or false',
  ]);
  assert.deepEqual(readRules({ name: 'x' }).problems, ['digiPushMonitor.alerts must be an array of rules']);
  assert.deepEqual(readRules(undefined), { rules: [], problems: [] });
});

test('package.json describes the setting: an array of rules with every kind and field', () => {
  const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8'));
  const p = pkg.contributes.configuration.properties['digiPushMonitor.alerts'];
  assert.equal(p.type, 'array');
  assert.deepEqual(p.default, []);
  assert.deepEqual(p.items.properties.kind.enum, [...RULE_KINDS]);
  assert.deepEqual(Object.keys(p.items.properties).sort(), ['account', 'device', 'enabled', 'kind', 'max', 'min', 'monitor', 'name', 'seconds', 'source', 'stream']);
  assert.deepEqual(p.items.required, ['name', 'kind']);
});
