import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileDeviceMatcher, compileFilter, globToRegExp } from '../../../src/extension/viewer/filter';
import { makeEntry } from '../../../src/extension/viewer/entry';
import { EMPTY_FILTER } from '../../../src/shared/viewerProtocol';
import { DEV, dp, gap } from './helpers';

test('glob: * and ? wildcards, anchored, case-insensitive, regex characters literal', () => {
  const re = globToRegExp('00000000-*-00409dff-ff00000?');
  assert.ok(re.test(DEV(1)));
  assert.ok(re.test(DEV(9)));
  assert.ok(!re.test(DEV(0x10)));
  assert.ok(!re.test('x' + DEV(1)), 'anchored at the start');
  assert.ok(globToRegExp('a.b').test('a.b'));
  assert.ok(!globToRegExp('a.b').test('axb'), '. is literal');
  assert.ok(globToRegExp('(x)+[y]').test('(x)+[y]'));
  assert.ok(globToRegExp('*').test(''));
});

test('device patterns: several, comma or space separated; no wildcard = substring', () => {
  const m = compileDeviceMatcher('*FF000001, ff000002')!;
  assert.ok(m(DEV(1)));
  assert.ok(m(DEV(2)));
  assert.ok(!m(DEV(3)));
  assert.equal(compileDeviceMatcher('  , '), undefined);
});

test('compiled filter: type, operation, device glob, free text (all terms, any case)', () => {
  const e = (i: number, o: Parameters<typeof dp>[1]) => makeEntry(i, dp(i, o), 'src');
  const a = e(1, { device: 1, type: 'DataPoint', operation: 'INSERTION', stream: 'humidity', value: 55 });
  const b = e(2, { device: 2, type: 'DeviceCore', operation: 'UPDATE' });
  const g = makeEntry(3, gap(0), 'src');
  assert.equal(compileFilter(EMPTY_FILTER), undefined, 'empty filter compiles to "everything"');
  const f = (x: Partial<typeof EMPTY_FILTER>) => compileFilter({ ...EMPTY_FILTER, ...x })!;
  assert.deepEqual([a, b].map(f({ type: 'datapoint' })), [true, false]);
  assert.deepEqual([a, b].map(f({ type: 'DeviceCore, DataPoint' })), [true, true]);
  assert.deepEqual([a, b].map(f({ operation: 'update' })), [false, true]);
  assert.deepEqual([a, b].map(f({ device: '*-FF000002' })), [false, true]);
  assert.deepEqual([a, b].map(f({ text: 'HUMIDITY 55' })), [true, false]);
  assert.deepEqual([a, b].map(f({ text: 'humidity 56' })), [false, false], 'every term must occur');
  assert.ok(f({ text: 'nothing-matches-this' })(g), 'gap markers always pass');
});
