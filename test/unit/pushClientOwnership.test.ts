// Which monitors push-client may replace (issue 11 §2): only TCP monitors carrying its own
// owner tag, unless --replace-any-matching-monitor asks for the seed's behaviour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MonitorInfo } from '../../src/core/monitor';
import { carriesTag, describeMonitor, ownerTag, planReplacement, taggedDescription } from '../../src/cli/pushClient/ownership';

const mon = (id: number, transport: string, description?: string): MonitorInfo => ({ id, topics: ['DeviceCore'], transport, fields: {}, ...(description !== undefined ? { description } : {}) });

test('the owner tag names the tool, the local login and the host, one plain line', () => {
  assert.equal(ownerTag('alice', 'lab-pc.corp'), 'push-client (alice@lab-pc.corp)');
  assert.equal(ownerTag('a b(c)@d\u001b', 'h\n'), 'push-client (a_b_c__d_@h_)');
  assert.equal(ownerTag('', ''), 'push-client (unknown@unknown)');
  assert.equal(taggedDescription('push-client (a@h)'), 'push-client (a@h)');
  assert.equal(taggedDescription('push-client (a@h)', 'bench 3'), 'push-client (a@h) bench 3');
});

test('a tag matches exactly, with or without the user\'s description after it', () => {
  const tag = ownerTag('bo', 'host');
  assert.ok(carriesTag(tag, tag));
  assert.ok(carriesTag(`${tag} bench 3`, tag));
  assert.ok(!carriesTag(ownerTag('bob', 'host'), tag), 'another login');
  assert.ok(!carriesTag(ownerTag('bo', 'host2'), tag), 'another host');
  assert.ok(!carriesTag(`x ${tag}`, tag));
  assert.ok(!carriesTag(undefined, tag));
  assert.ok(!carriesTag('', tag));
});

test('by default only own TCP monitors are replaced; with replaceAny every match is', () => {
  const tag = ownerTag('alice', 'lab');
  const own = mon(1, 'tcp', tag);
  const ownWithText = mon(2, 'TCP', `${tag} notes`);
  const ownHttp = mon(3, 'http', tag);
  const untagged = mon(4, 'tcp');
  const colleague = mon(5, 'tcp', ownerTag('bob', 'lab'));
  const all = [own, ownWithText, ownHttp, untagged, colleague];
  assert.deepEqual(planReplacement(all, tag, false), { replace: [own, ownWithText], leave: [ownHttp, untagged, colleague] });
  assert.deepEqual(planReplacement(all, tag, true), { replace: all, leave: [] });
  assert.deepEqual(planReplacement([], tag, false), { replace: [], leave: [] });
});

test('a monitor is described with the server\'s text made safe for a terminal', () => {
  assert.equal(describeMonitor(mon(41, 'http', 'ACME webhook')), 'monitor 41 (http, "ACME webhook")');
  assert.equal(describeMonitor(mon(42, 'tcp')), 'monitor 42 (tcp, no description)');
  assert.equal(describeMonitor(mon(43, 'tcp', 'x\u001b[2Jy')), 'monitor 43 (tcp, "x⟨U+001B⟩[2Jy")');
});
