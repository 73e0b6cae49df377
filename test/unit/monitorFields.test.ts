// MONITOR_FIELD_TABLE drives both sides of /ws/Monitor: every row is round-tripped
// through the client's create body (XML and JSON) → the simulator's request parser and
// store → the simulator's list/get rendering (XML and JSON) → the client's parser. The
// samples come from each row's type, so a new row is covered as soon as it is added.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MONITOR_FIELD_TABLE,
  MONITOR_FIELDS,
  monitorCreateJson,
  monitorCreateXml,
  parseMonitorPage,
  type MonitorFieldSpec,
  type MonitorInfo,
  type MonitorSettings,
  type ServerMonitorElement,
} from '../../src/core';
import { DEMO_ACCOUNT } from '../../src/simulator/accounts';
import type { Hub } from '../../src/simulator/hub';
import { handleMonitorRequest } from '../../src/simulator/monitorRoutes';
import type { Representation } from '../../src/simulator/restViews';
import { MonitorStore, type MonitorRecord } from '../../src/simulator/store';
import { toXml } from '../../src/simulator/xml';

/** Every setting a client can give: the compiler insists on a value for each. */
const EVERY_SETTING: Required<MonitorSettings> = {
  topics: ['DeviceCore'],
  batchSize: 5,
  batchDuration: 0,
  compression: 'zlib',
  format: 'xml',
  ackOption: 'explicit',
  autoReplayOnConnect: true,
  description: 'every setting',
};
const SETTING_KEYS = new Set<string>(Object.keys(EVERY_SETTING));

/** How the simulator's own elements get a value (the server sets them, never a request). */
const SERVER_SET: Record<ServerMonitorElement, ((r: MonitorRecord, v: string) => void) | undefined> = {
  monId: undefined,
  cstId: undefined,
  monStatus: (r, v) => (r.status = v as MonitorRecord['status']),
  monLastConnect: (r, v) => (r.lastConnect = v),
  monLastSent: (r, v) => (r.lastSent = v),
  monLastSentUuid: (r, v) => (r.lastSentUuid = v),
};

interface Sample {
  /** What the client sets (typed as in MonitorSettings), or the element's text for rows it does not set. */
  value: unknown;
  /** The text GET shows afterwards. */
  stored: string;
  /** The MonitorInfo property the client reads back. */
  typed: unknown;
}

const TEXT = 'a <b> & "c" \'d\' café ✓ 😀';

function samples(f: MonitorFieldSpec): Sample[] {
  switch (f.type) {
    case 'int': {
      const lo = f.min ?? 0;
      const hi = f.max ?? 86_400_000;
      return [lo, hi].map((n) => ({ value: n, stored: String(n), typed: n }));
    }
    case 'decimal':
      return [0, 2.5, 60].map((n) => ({ value: n, stored: String(n), typed: n }));
    case 'bool':
      return [true, false].map((b) => ({ value: b, stored: String(b), typed: b }));
    case 'enum': {
      const values = f.values ?? [];
      const other = (v: string) => (v === v.toLowerCase() ? v.toUpperCase() : v.toLowerCase());
      return [
        ...values.map((v) => ({ value: v, stored: v, typed: v })),
        // Another spelling of each value is accepted and stored canonically (server side only: the client's own values are canonical).
        ...(f.settable ? values.map((v) => ({ value: other(v), stored: v, typed: v })) : []),
        ...Object.entries(f.aliases ?? {}).map(([alias, v]) => ({ value: alias, stored: v, typed: v })),
      ];
    }
    case 'topics': {
      const topics = ['DeviceCore', '[operation=C,U]DataPoint/00000000-00000000-00409DFF-FF000000', 'FileData[U]'];
      return [{ value: topics, stored: topics.join(','), typed: topics }];
    }
    case 'string':
      return [
        { value: TEXT, stored: TEXT, typed: TEXT },
        { value: '2014-02-05T18:57:49.603Z', stored: '2014-02-05T18:57:49.603Z', typed: '2014-02-05T18:57:49.603Z' },
      ];
  }
}

const asText = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));
const noHub = { channel() {}, updated() {}, deleted() {} } as unknown as Hub;

function request(store: MonitorStore, method: string, rep: Representation, body = '', id?: string) {
  return handleMonitorRequest(
    { method, id, query: new URLSearchParams(), body, account: DEMO_ACCOUNT, rep },
    { store, hub: noHub, onChange: () => {} },
  );
}

/** The create body for one element's sample: the client's builder when it sets the element, else what another client (an HTTP monitor's) would send. */
function createBody(f: MonitorFieldSpec, value: unknown, rep: Representation): string {
  if ('key' in f && f.key && SETTING_KEYS.has(f.key)) {
    const settings = { topics: ['DeviceCore'], [f.key]: value } as MonitorSettings;
    return rep === 'json' ? monitorCreateJson(settings) : monitorCreateXml(settings);
  }
  const fields = { monTopic: 'DeviceCore', monTransportUrl: 'https://example.com/push', [f.element]: asText(value) };
  return rep === 'json' ? JSON.stringify({ Monitor: fields }) : toXml('Monitor', fields);
}

/** POST, then (for the server's elements) set the value as the server would, then GET back and parse. */
function roundTrip(f: MonitorFieldSpec, value: unknown, bodyRep: Representation, answerRep: Representation) {
  const store = new MonitorStore(41);
  const created = request(store, 'POST', bodyRep, createBody(f, value, bodyRep));
  assert.equal(created.status, 201, created.body);
  const record = store.list()[0];
  const server = f.settable ? undefined : SERVER_SET[f.element as ServerMonitorElement];
  server?.(record, asText(value));
  const got = request(store, 'GET', answerRep, '', String(record.id));
  assert.equal(got.status, 200, got.body);
  const page = parseMonitorPage(got.body);
  assert.equal(page.items.length, 1);
  return { record, info: page.items[0] };
}

for (const f of MONITOR_FIELD_TABLE) {
  test(`${f.element} (${f.type}${f.settable ? ', settable' : ''}) round-trips through client and simulator`, () => {
    const cases = samples(f);
    assert.ok(cases.length > 0, `no samples for ${f.element}`);
    for (const bodyRep of ['xml', 'json'] as const) {
      for (const answerRep of ['xml', 'json'] as const) {
        for (const c of cases) {
          const where = `${f.element}=${asText(c.value)} (body ${bodyRep}, answer ${answerRep})`;
          const { record, info } = roundTrip(f, c.value, bodyRep, answerRep);
          // The server's identity elements come from the store, whatever a request says.
          const expected =
            f.element === MONITOR_FIELDS.id ? { stored: String(record.id), typed: record.id }
            : f.element === MONITOR_FIELDS.customerId ? { stored: String(DEMO_ACCOUNT.customerId), typed: DEMO_ACCOUNT.customerId }
            : c;
          if ('secret' in f) {
            assert.equal(record.settings.get(f.element), c.stored, `${where}: stored`);
            assert.ok(!(f.element in info.fields), `${where}: never shown`);
            continue;
          }
          assert.equal(info.fields[f.element], expected.stored, `${where}: shown`);
          if ('key' in f) assert.deepEqual(info[f.key as keyof MonitorInfo], expected.typed, `${where}: read back`);
        }
      }
    }
  });
}

test('every client setting is a settable row under its own name', () => {
  for (const key of SETTING_KEYS) {
    const row = MONITOR_FIELD_TABLE.find((f) => 'key' in f && f.key === key);
    assert.ok(row?.settable, `MonitorSettings.${key} has a settable row`);
  }
});

test('a request cannot set the server\'s own elements', () => {
  const store = new MonitorStore(7);
  const body = monitorCreateJson({ topics: ['DataPoint'] }).replace('{"Monitor":{', '{"Monitor":{"monId":"99","cstId":"5","monStatus":"ACTIVE","monLastSent":"x",');
  assert.equal(request(store, 'POST', 'json', body).status, 201);
  const info = parseMonitorPage(request(store, 'GET', 'json', '', '7').body).items[0];
  assert.deepEqual([info.id, info.customerId, info.status, info.lastSent], [7, DEMO_ACCOUNT.customerId, 'INACTIVE', undefined]);
});

test('a create with only topics stores every default; GET lists elements in table order', () => {
  const store = new MonitorStore(1);
  assert.equal(request(store, 'POST', 'xml', '<Monitor><monTopic>DeviceCore</monTopic></Monitor>').status, 201);
  const info = parseMonitorPage(request(store, 'GET', 'xml', '', '1').body).items[0];
  const shown = Object.keys(info.fields);
  const order = MONITOR_FIELD_TABLE.map((f) => f.element as string);
  assert.deepEqual(shown, [...shown].sort((a, b) => order.indexOf(a) - order.indexOf(b)), 'table order');
  for (const f of MONITOR_FIELD_TABLE) {
    if ('default' in f) assert.equal(info.fields[f.element], f.default, `${f.element} default`);
    else if (f.settable && f.element !== MONITOR_FIELDS.topics) assert.ok(!(f.element in info.fields), `${f.element} has no default`);
  }
  assert.deepEqual([info.transport, info.format, info.batchSize, info.batchDuration, info.compression, info.ackOption, info.autoReplayOnConnect, info.status], ['tcp', 'json', 100, 10, 'none', 'off', false, 'INACTIVE']);
});

test('values outside a field\'s type are refused by the simulator, each naming the element', () => {
  const bad: Record<string, string[]> = {
    int: ['-1', '1.5', 'x', ''],
    decimal: ['-1', 'x', '1e3'],
    bool: ['yes', '1'],
    enum: ['nope'],
    topics: ['', 'NoSuchResource'],
  };
  for (const f of MONITOR_FIELD_TABLE) {
    if (!f.settable) continue;
    const values = [...(bad[f.type] ?? []), ...('max' in f ? [String(f.max + 1)] : []), ...('min' in f ? [String(f.min - 1)] : [])];
    for (const v of values) {
      const fields = { monTopic: 'DeviceCore', [f.element]: v };
      const res = request(new MonitorStore(), 'POST', 'json', JSON.stringify({ Monitor: fields }));
      assert.equal(res.status, 400, `${f.element}=${JSON.stringify(v)}`);
      assert.match(res.body, new RegExp(`Invalid ${f.element} specified`), `${f.element}=${JSON.stringify(v)}`);
    }
  }
});

test('the client keeps an open enum\'s unknown value and drops a closed one\'s', () => {
  const page = parseMonitorPage(JSON.stringify({ items: [{ monId: '3', monTopic: 'DeviceCore', monFormatType: 'yaml', monCompression: 'brotli', monStatus: 'PAUSED' }] }));
  const m = page.items[0];
  assert.deepEqual([m.format, m.compression, m.status, m.fields.monFormatType], [undefined, 'brotli', 'PAUSED', 'yaml']);
});

test('the client decodes the character references of an ISO-8859-1 XML answer once', () => {
  const xml = '<?xml version="1.0" encoding="ISO-8859-1"?><result><Monitor><monId>1</monId><monDescription>caf&#233; &#x2713; &#128512; &amp;#233; &lt;b&gt;</monDescription></Monitor></result>';
  assert.equal(parseMonitorPage(xml).items[0].description, 'café ✓ 😀 &#233; <b>');
});
