// Turning certificate verification off warns once per process through
// process.emitWarning, even when the caller passed no logger (issue 11 §4). Its own
// file: the "once" is per process, and node --test runs each file in its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MonitorRestClient } from '../../src/core/rest/monitorClient';
import { PushSession } from '../../src/core/session';
import { PushClient } from '../../src/core/pushClient';

const CODE = 'DIGI_PUSH_TLS_VERIFY_OFF';

test('rejectUnauthorized: false without a logger emits one process warning with a code, however many clients', async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => void warnings.push(w);
  process.on('warning', onWarning);
  try {
    const plain = new MonitorRestClient({ baseUrl: 'http://127.0.0.1:1', credentials: { username: 'u', password: 'p4ssw0rd' }, rejectUnauthorized: false });
    await plain.close();
    new PushSession({ host: '127.0.0.1', port: 1, secure: false, rejectUnauthorized: false, username: 'u', password: 'p4ssw0rd', monitorId: 1 });
    // 'warning' is emitted on the next tick.
    await new Promise((r) => setImmediate(r));
    assert.equal(warnings.filter((w) => (w as { code?: string }).code === CODE).length, 0, 'plain http / TCP: nothing to turn off');

    const rest = new MonitorRestClient({ baseUrl: 'https://127.0.0.1:1', credentials: { username: 'u', password: 'p4ssw0rd' }, rejectUnauthorized: false });
    await rest.close();
    new PushSession({ host: '127.0.0.1', port: 1, rejectUnauthorized: false, username: 'u', password: 'p4ssw0rd', monitorId: 1 });
    const client = new PushClient({ username: 'u', password: 'p4ssw0rd' }, { host: '127.0.0.1:1', rejectUnauthorized: false });
    client.createSession(() => undefined, 1);
    await client.close();
    await new Promise((r) => setImmediate(r));

    const ours = warnings.filter((w) => (w as { code?: string }).code === CODE);
    assert.equal(ours.length, 1, warnings.map((w) => `${w.name}: ${w.message}`).join('\n'));
    assert.equal(ours[0].name, 'SecurityWarning');
    assert.match(ours[0].message, /verification is disabled for 127\.0\.0\.1.*rejectUnauthorized: false/);
    assert.ok(!ours[0].message.includes('p4ssw0rd'));
  } finally {
    process.off('warning', onWarning);
  }
});
