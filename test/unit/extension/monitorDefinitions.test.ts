// Workspace monitor definitions (.vscode/digi-monitors.json, issue 13 §3) as data: a valid
// file gives the wizard's settings for the same answers; every kind of bad file gives a
// clear problem on the offending value and leaves the other definitions usable; hostile
// files are bounded; the shipped schema, the validator and the wizard agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateTopics } from '../../../src/core/monitor';
import { simulatorAccount, type AccountRecord } from '../../../src/extension/accounts/accountModel';
import { formatOnly as t } from '../../../src/extension/l10n';
import { EXTENSION_MONITOR_TAG } from '../../../src/extension/monitors/ensureMonitor';
import { BATCH_DURATION_RANGE, BATCH_SIZE_RANGE, DEFAULT_DRAFT, draftError, draftFrom, toSettings } from '../../../src/extension/wizard/monitorDraft';
import { DEFINITIONS_TEMPLATE, SCHEMA_FILE, SCHEMA_URI } from '../../../src/extension/workspace/definitionsTemplate';
import {
  DEFAULT_AUTO_START,
  DEFINITION_KEYS,
  DEFINITIONS_PATH,
  FILE_KEYS,
  MAX_DEFINITIONS,
  MAX_DEFINITIONS_BYTES,
  optionDifferences,
  parseDefinitions,
  positionsIn,
  resolveAccount,
  resolveDefinitions,
  type DefinitionProblem,
} from '../../../src/extension/workspace/monitorDefinitions';

const root = path.resolve(__dirname, '../../..');
const schema = JSON.parse(readFileSync(path.join(root, SCHEMA_FILE), 'utf8'));
const monitorSchema = schema.definitions.monitor;

const account = (over: Partial<AccountRecord>): AccountRecord => ({
  id: 'acct-prod',
  label: 'ops @ remotemanager.digi.com',
  host: 'remotemanager.digi.com',
  restUrl: 'https://remotemanager.digi.com',
  pushHost: 'edp.remotemanager.digi.com',
  pushPort: 3201,
  secure: true,
  kind: 'password',
  username: 'ops',
  ...over,
});
const prod = account({});
const staging = account({ id: 'acct-stage', label: 'Staging', host: 'stage.example.com', restUrl: 'https://stage.example.com:8443', pushHost: 'push.stage.example.com', pushPort: 3201 });
/** The simulator as a German UI labels it: files still name it "Local simulator". */
const sim = simulatorAccount('Lokaler Simulator');
const accounts = [sim, prod, staging];

const file = (monitors: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ $schema: SCHEMA_URI, monitors, ...extra }, null, 2);
const errors = (ps: DefinitionProblem[]) => ps.filter((p) => p.severity === 'error');
/** The text a problem points at. */
const at = (text: string, p: DefinitionProblem) => text.slice(p.offset, p.offset + p.length);

test('a valid file (comments, trailing comma) gives the wizard settings for the same answers, tagged as ours for the folder', () => {
  const text = `// device project
{
  "monitors": [
    { "name": "metrics", "account": "Local simulator", "topics": ["DataPoint/00000000-00000000-00000000-00000000/metrics/*"], "autoStart": true },
    /* options as in the wizard's options step */
    { "account": "remotemanager.digi.com", "topics": ["[operation=U]DeviceCore", "AlarmStatus"], "format": "xml", "compression": "none",
      "batchSize": 10, "batchDuration": 0, "ackOption": "explicit", "autoReplayOnConnect": true, },
  ],
}`;
  const parsed = parseDefinitions(text, t);
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.definitions.length, 2);
  const { resolved, problems } = resolveDefinitions(parsed.definitions, accounts, 'gateway-fw', t);
  assert.deepEqual(problems, []);
  assert.equal(resolved.length, 2);
  const [a, b] = resolved;
  assert.equal(a.account.id, sim.id);
  assert.equal(a.definition.autoStart, true);
  assert.equal(a.purpose, 'workspace gateway-fw: metrics');
  const wizardA = toSettings(draftFrom({ topics: ['DataPoint/00000000-00000000-00000000-00000000/metrics/*'] }));
  assert.deepEqual({ ...a.settings, description: undefined }, { ...wizardA, description: undefined });
  assert.equal(a.settings.description, `${EXTENSION_MONITOR_TAG}: workspace gateway-fw: metrics`, 'ensureMonitor reuses it in later runs by this tag');
  assert.equal(b.account.id, prod.id, 'by host');
  assert.equal(b.definition.autoStart, DEFAULT_AUTO_START);
  assert.equal(b.purpose, 'workspace gateway-fw: [operation=U]DeviceCore, AlarmStatus', 'no name: the topics');
  const answers = { topics: ['[operation=U]DeviceCore', 'AlarmStatus'], format: 'xml', compression: 'none', batchSize: 10, batchDuration: 0, ackOption: 'explicit', autoReplayOnConnect: true } as const;
  assert.deepEqual({ ...b.settings, description: undefined }, { ...toSettings(draftFrom({ ...answers, topics: [...answers.topics] })), description: undefined });
  assert.notEqual(a.key, b.key);
});

test('invalid JSON: one problem at the error, nothing applied', () => {
  const text = '{\n  "monitors": [\n    { "account": "Local simulator" "topics": ["DeviceCore"] }\n  ]\n}';
  const parsed = parseDefinitions(text, t);
  assert.equal(parsed.definitions.length, 0);
  assert.equal(parsed.problems.length, 1);
  const [p] = parsed.problems;
  assert.equal(p.severity, 'error');
  assert.match(p.message, /Invalid JSON \(comma expected\)/);
  assert.equal(p.offset, text.indexOf('"topics"'));
  assert.deepEqual(positionsIn(text)(p.offset), { line: 2, character: text.split('\n')[2].indexOf('"topics"') });
  for (const bad of ['', '   ', '[]', '"monitors"', '{"monitors": {}}', '{}']) {
    const r = parseDefinitions(bad, t);
    assert.equal(r.definitions.length, 0, bad);
    assert.equal(errors(r.problems).length, 1, `${JSON.stringify(bad)}: ${JSON.stringify(r.problems)}`);
  }
});

test('unknown or ambiguous account: a problem on the account value that says what to do; the other definitions still resolve', () => {
  const text = file([
    { account: 'Production', topics: ['DeviceCore'] },
    { account: 'Local simulator', topics: ['DeviceCore'] },
  ]);
  const parsed = parseDefinitions(text, t);
  const { resolved, problems } = resolveDefinitions(parsed.definitions, accounts, 'fw', t);
  assert.deepEqual(resolved.map((r) => r.account.id), [sim.id]);
  assert.equal(problems.length, 1);
  assert.equal(at(text, problems[0]), '"Production"');
  assert.equal(problems[0].definition, 0);
  assert.match(problems[0].message, /No signed-in account is named "Production".*Sign In.*Signed in: Lokaler Simulator, ops @ remotemanager\.digi\.com, Staging\./);
  // Two accounts on one host: the host is not enough.
  const twin = account({ id: 'acct-2', label: 'dev @ remotemanager.digi.com', username: 'dev' });
  const amb = resolveDefinitions(parseDefinitions(file([{ account: 'remotemanager.digi.com', topics: ['DeviceCore'] }]), t).definitions, [prod, twin], 'fw', t);
  assert.equal(amb.resolved.length, 0);
  assert.match(amb.problems[0].message, /matches 2 signed-in accounts \(ops @ remotemanager\.digi\.com, dev @ remotemanager\.digi\.com\): name the account by its label/);
});

test('accounts by label (exact, then any case; the simulator by its English label) or by host (REST URL or push host, never the simulator)', () => {
  const id = (ref: string, list: AccountRecord[] = accounts) => {
    const r = resolveAccount(ref, list);
    return 'account' in r ? r.account.id : r.problem;
  };
  assert.equal(id('Staging'), staging.id);
  assert.equal(id('  staging '), staging.id);
  assert.equal(id('Local simulator'), sim.id);
  assert.equal(id('LOCAL SIMULATOR'), sim.id);
  assert.equal(id('lokaler simulator'), sim.id);
  assert.equal(id('local-simulator'), sim.id);
  assert.equal(id('localhost'), 'unknown', 'the simulator is named by label only');
  assert.equal(id('127.0.0.1'), 'unknown');
  assert.equal(id('remotemanager.digi.com'), prod.id);
  assert.equal(id('https://RemoteManager.digi.com/'), prod.id);
  assert.equal(id('edp.remotemanager.digi.com'), prod.id);
  assert.equal(id('edp.remotemanager.digi.com:3201'), prod.id);
  assert.equal(id('stage.example.com:8443'), staging.id, 'the REST URL with its port');
  assert.equal(id('https://stage.example.com:8443/ws'), staging.id);
  assert.equal(id('push.stage.example.com'), staging.id);
  assert.equal(id('example.com'), 'unknown');
  assert.equal(id('ops @ remotemanager.digi.com'), prod.id);
  // An exact label wins over a case-folded one.
  const a = account({ id: 'a', label: 'Lab' });
  const b = account({ id: 'b', label: 'LAB', host: 'b.example', restUrl: 'https://b.example', pushHost: 'b.example' });
  assert.equal(id('LAB', [a, b]), 'b');
  assert.equal(id('lab', [a, b]), 'ambiguous');
  assert.equal(id('Local simulator', [prod]), 'unknown', 'signed out of the simulator');
});

test('bad topics and options: a problem on each offending value with the wizard\'s wording; the good definitions survive', () => {
  const text = file([
    { name: 'bad topic', account: 'Local simulator', topics: ['DeviceCore', 'DataPoints/abc'] },
    { name: 'no topics', account: 'Local simulator', topics: [] },
    { name: 'comma', account: 'Local simulator', topics: ['DeviceCore,DataPoint'] },
    { name: 'not text', account: 'Local simulator', topics: [42] },
    { name: 'options', account: 'Local simulator', topics: ['FileData'], format: 'yaml', compression: 'gzip', batchSize: 0, batchDuration: 1.5, ackOption: 'always', autoReplayOnConnect: 'yes', autoStart: 1 },
    { name: 'string number', account: 'Local simulator', topics: ['Job'], batchSize: '100' },
    { name: 'good', account: 'Local simulator', topics: ['AlarmStatus'] },
    { account: 'Local simulator' },
    { topics: ['DeviceCore'] },
    'DeviceCore',
  ]);
  const parsed = parseDefinitions(text, t);
  assert.deepEqual(parsed.definitions.map((d) => d.name), ['good']);
  const byDef = (i: number) => parsed.problems.filter((p) => p.definition === i);
  assert.equal(at(text, byDef(0)[0]), '"DataPoints/abc"');
  assert.match(byDef(0)[0].message, /unknown topic resource "DataPoints"/);
  assert.match(byDef(1)[0].message, /at least one topic/);
  assert.match(byDef(2)[0].message, /contains a comma/);
  assert.match(byDef(3)[0].message, /A topic is text/);
  const options = byDef(4).map((p) => [at(text, p), p.message]);
  assert.deepEqual(
    options.map(([v]) => v),
    ['"yaml"', '"gzip"', '0', '1.5', '"always"', '"yes"', '1'],
  );
  assert.deepEqual(
    options.slice(0, 5).map(([, m]) => m),
    ['format must be json or xml', 'compression must be zlib or none', 'batch size must be a whole number between 1 and 10000', 'batch duration must be a whole number of seconds between 0 and 3600', 'ack option must be off or explicit'],
    'the wizard\'s own messages (draftError)',
  );
  assert.match(options[5][1], /"autoReplayOnConnect" must be true or false/);
  assert.match(byDef(5)[0].message, /batch size/);
  assert.match(byDef(7)[0].message, /Missing "topics"/);
  assert.match(byDef(8)[0].message, /Missing "account"/);
  assert.match(byDef(9)[0].message, /A monitor definition is an object/);
  // Every problem points at something in the file.
  assert.ok(parsed.problems.length >= 12);
  for (const p of parsed.problems) assert.ok(p.offset >= 0 && p.offset + p.length <= text.length && p.message.length > 10, JSON.stringify(p));
});

test('duplicate definitions (same account and topics, however the account is named) and duplicate keys are problems', () => {
  const text = file([
    { name: 'first', account: 'Local simulator', topics: ['DeviceCore', 'DataPoint'] },
    { name: 'again', account: 'local simulator', topics: ['DeviceCore', 'DataPoint'], batchSize: 5 },
    { name: 'other order', account: 'Local simulator', topics: ['DataPoint', 'DeviceCore'] },
    { name: 'by host', account: 'remotemanager.digi.com', topics: ['DeviceCore'] },
    { name: 'by label', account: 'ops @ remotemanager.digi.com', topics: ['DeviceCore'] },
  ]);
  const parsed = parseDefinitions(text, t);
  const { resolved, problems } = resolveDefinitions(parsed.definitions, accounts, 'fw', t);
  assert.deepEqual(resolved.map((r) => r.definition.name), ['first', 'other order', 'by host']);
  assert.deepEqual(problems.map((p) => p.definition), [1, 4]);
  assert.match(problems[0].message, /Same account and topics as monitor definition 1 \(first\)/);
  assert.equal(at(text, problems[0]).replace(/\s/g, ''), '["DeviceCore","DataPoint"]');
  assert.match(problems[1].message, /definition 4 \(by host\)/);
  const keys = parseDefinitions('{ "monitors": [ { "account": "Local simulator", "topics": ["Job"], "topics": ["FileData"] } ], "monitors": [] }', t);
  assert.deepEqual(keys.problems.map((p) => p.message).sort(), ['"monitors" appears twice; remove one.', '"topics" appears twice; remove one.']);
});

test('credential-looking keys are refused with the reason, wherever they are, and their values never reach a message', () => {
  const secret = 'hunter2-Sup3rSecret';
  const text = file(
    [
      { account: 'Local simulator', topics: ['DeviceCore'], password: secret },
      { account: 'Local simulator', topics: ['DataPoint'], apiKeySecret: secret, 'x-auth-token': secret },
      { account: 'Local simulator', topics: ['FileData'], colour: 'blue' },
      { account: 'Local simulator', topics: ['AlarmStatus'] },
    ],
    { apiKey: secret, username: 'ops' },
  );
  const parsed = parseDefinitions(text, t);
  assert.deepEqual(parsed.definitions.map((d) => d.draft.topics[0]), ['AlarmStatus'], 'a definition holding a credential is not applied');
  const credential = parsed.problems.filter((p) => /looks like a credential/.test(p.message));
  assert.deepEqual(credential.map((p) => at(text, p)), ['"apiKey"', '"username"', '"password"', '"apiKeySecret"', '"x-auth-token"']);
  for (const p of credential) assert.match(p.message, /sign in to the account in VS Code/);
  assert.ok(parsed.problems.some((p) => /Unknown property "colour" \(allowed: name, account, topics/.test(p.message)));
  for (const p of parsed.problems) assert.ok(!p.message.includes(secret), p.message);
  // The schema refuses them in the editor too, with the same reason.
  for (const k of ['password', 'apiKey', 'apiKeySecret', 'token', 'username']) {
    assert.equal(monitorSchema.properties[k].$ref, '#/definitions/credential', k);
    assert.equal(schema.properties[k].$ref, '#/definitions/credential', k);
  }
  assert.match(schema.definitions.credential.errorMessage, /Credentials do not belong in this file/);
});

test('hostile files are bounded: over 1 MiB, deep nesting, thousands of definitions, a byte order mark', () => {
  const huge = `{"monitors":[${'{"account":"Local simulator","topics":["DeviceCore"]},'.repeat(25_000)}]}`;
  assert.ok(huge.length > MAX_DEFINITIONS_BYTES);
  let t0 = performance.now();
  const big = parseDefinitions(huge, t);
  assert.ok(performance.now() - t0 < 50, 'refused without parsing');
  assert.deepEqual(big.definitions, []);
  assert.equal(big.problems.length, 1);
  assert.match(big.problems[0].message, /at most 1048576 bytes/);

  const deep = `{"monitors":${'['.repeat(400_000)}`;
  assert.ok(deep.length < MAX_DEFINITIONS_BYTES);
  for (const text of [deep, `${deep}${']'.repeat(400_000)}}`]) {
    const nested = parseDefinitions(text, t);
    assert.equal(nested.problems.length, 1);
    assert.match(nested.problems[0].message, /nested too deeply/, 'the parser\'s stack overflow is caught');
    assert.equal(nested.definitions.length, 0);
  }

  const many = file(Array.from({ length: 3000 }, (_, i) => ({ account: 'Local simulator', topics: [`DataPoint/dev-${i}`] })));
  assert.ok(many.length < MAX_DEFINITIONS_BYTES);
  t0 = performance.now();
  const capped = parseDefinitions(many, t);
  assert.equal(capped.definitions.length, MAX_DEFINITIONS);
  assert.equal(capped.problems.length, 1);
  assert.match(capped.problems[0].message, /More than 50 monitor definitions/);
  assert.ok(performance.now() - t0 < 2000);

  const bom = parseDefinitions(`\uFEFF${file([{ account: 'Local simulator', topics: ['DeviceCore'] }])}`, t);
  assert.deepEqual(bom.problems, []);
  assert.equal(bom.definitions.length, 1);
});

test('the shipped schema agrees with the wizard: enums, defaults, ranges, keys; topics are text it leaves to the extension', () => {
  const p = monitorSchema.properties;
  const enumOf = (key: 'format' | 'compression' | 'ackOption') => p[key].enum as string[];
  for (const key of ['format', 'compression', 'ackOption'] as const) {
    assert.ok(enumOf(key).length >= 2, key);
    for (const v of enumOf(key)) assert.equal(draftError(draftFrom({ [key]: v }), t), undefined, `${key}=${v} accepted by the wizard`);
    assert.ok(draftError(draftFrom({ [key]: 'other' }), t), `${key}: a value outside the enum is refused by the wizard`);
    assert.equal(p[key].default, DEFAULT_DRAFT[key], `${key} default`);
  }
  assert.deepEqual([p.batchSize.minimum, p.batchSize.maximum, p.batchSize.default], [BATCH_SIZE_RANGE.min, BATCH_SIZE_RANGE.max, DEFAULT_DRAFT.batchSize]);
  assert.deepEqual([p.batchDuration.minimum, p.batchDuration.maximum, p.batchDuration.default], [BATCH_DURATION_RANGE.min, BATCH_DURATION_RANGE.max, DEFAULT_DRAFT.batchDuration]);
  assert.equal(p.autoReplayOnConnect.default, DEFAULT_DRAFT.autoReplayOnConnect);
  assert.equal(p.autoStart.default, DEFAULT_AUTO_START);
  assert.deepEqual(monitorSchema.required, ['account', 'topics']);
  assert.equal(monitorSchema.additionalProperties, false);
  assert.equal(schema.additionalProperties, false);
  assert.equal(schema.properties.monitors.maxItems, MAX_DEFINITIONS);
  const offered = (props: Record<string, { $ref?: string }>) => Object.keys(props).filter((k) => props[k].$ref !== '#/definitions/credential');
  assert.deepEqual(offered(p).sort(), [...DEFINITION_KEYS].sort());
  assert.deepEqual(offered(schema.properties).sort(), [...FILE_KEYS].sort());
  for (const key of DEFINITION_KEYS) assert.ok(p[key].markdownDescription || p[key].description, `${key} is described`);
  // Topics: text in the schema, their syntax checked by the extension only. Its problem names the
  // value and what is wrong ("unknown topic resource …"); a schema pattern would add a second
  // problem on the same value for the same mistake.
  assert.deepEqual(p.topics.type, 'array');
  assert.equal(p.topics.items.type, 'string');
  for (const key of ['pattern', 'patternErrorMessage', 'enum', 'format', 'not']) assert.equal(p.topics.items[key], undefined, `no topic syntax check in the schema (${key})`);
  // The topics it offers while typing are ones the extension accepts.
  const examples = p.topics.items.examples as string[];
  assert.ok(examples.length > 0);
  for (const topic of examples) assert.equal(validateTopics([topic]), undefined, `example ${topic} is accepted`);
  // And a bad topic is the extension's problem, on the value.
  const bad = file([{ account: 'Local simulator', topics: ['DataPiont'] }]);
  const problems = parseDefinitions(bad, t).problems;
  assert.equal(problems.length, 1);
  assert.equal(at(bad, problems[0]), '"DataPiont"');
  assert.match(problems[0].message, /unknown topic resource "DataPiont"/);
});

test('the template is valid as it stands: one monitor on the Local simulator, started, and a $schema', () => {
  const parsed = parseDefinitions(DEFINITIONS_TEMPLATE, t);
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.definitions.length, 1);
  const [d] = parsed.definitions;
  assert.equal(d.autoStart, true);
  assert.deepEqual(d.draft, draftFrom({ topics: ['DeviceCore', 'DataPoint'] }));
  assert.equal(resolveDefinitions(parsed.definitions, [sim], 'fw', t).resolved.length, 1);
  assert.ok(DEFINITIONS_TEMPLATE.includes(`"$schema": "${SCHEMA_URI}"`));
  for (const [k, v] of Object.entries(DEFAULT_DRAFT)) if (k !== 'topics') assert.ok(DEFINITIONS_TEMPLATE.includes(`"${k}": ${JSON.stringify(v)}`), `the template documents the default ${k}`);
});

test('package.json contributes the schema for the file, the VSIX ships it, and a workspace with the file activates the extension', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const v = (pkg.contributes.jsonValidation as { fileMatch: string | string[]; url: string }[]).find((j) => j.url === `./${SCHEMA_FILE}`);
  assert.ok(v, 'jsonValidation entry');
  assert.deepEqual([v.fileMatch].flat(), [DEFINITIONS_PATH]);
  const ignore = readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(ignore.includes(`!${SCHEMA_FILE}`) || ignore.includes('!media/schemas/*.json'), '.vscodeignore keeps the schema');
  assert.ok(pkg.activationEvents.includes(`workspaceContains:${DEFINITIONS_PATH}`));
  assert.ok(pkg.activationEvents.includes(`onFileSystem:${SCHEMA_URI.split(':')[0]}`), 'the $schema URI activates the extension that serves it');
});

test('a reused monitor that differs from its definition is named with each difference', () => {
  const settings = toSettings(draftFrom({ topics: ['DeviceCore'] }));
  const same = { id: 7, topics: ['DeviceCore'], transport: 'tcp', format: 'json' as const, compression: 'zlib', batchSize: 100, batchDuration: 1, ackOption: 'explicit', autoReplayOnConnect: true, fields: {} };
  assert.deepEqual(optionDifferences(settings, same), []);
  assert.deepEqual(optionDifferences(settings, { ...same, compression: undefined, batchSize: undefined }), [], 'what the server did not say is not a difference');
  assert.deepEqual(optionDifferences(settings, { ...same, batchSize: 10, format: 'xml' }), ['format xml (here: json)', 'batchSize 10 (here: 100)']);
});

test('offsets to positions: LF, CRLF and CR line ends, clamped', () => {
  const pos = positionsIn('ab\ncd\r\nef\rgh');
  assert.deepEqual([pos(0), pos(3), pos(4), pos(7), pos(10), pos(99), pos(-1)], [
    { line: 0, character: 0 },
    { line: 1, character: 0 },
    { line: 1, character: 1 },
    { line: 2, character: 0 },
    { line: 3, character: 0 },
    { line: 3, character: 2 },
    { line: 0, character: 0 },
  ]);
});
