// Monitor ids and odd thrown values (issue 11 §6). A monitor id travels as a u32 in the
// ConnectRequest: one of 2³² or more (say from a server's Location header) used to pass
// the PushSession constructor and throw later, inside the socket's connect callback. Ids
// are now checked where they enter, with an error naming the value. describeError, used
// on whatever a consumer throws, must never throw itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PushSession } from '../../src/core/session';
import { parseCreatedId } from '../../src/core/monitor';
import { describeError, describeValue, PushMonitorError } from '../../src/core/errors';
import { isMonitorId, MAX_MONITOR_ID } from '../../src/core/protocol/constants';

const options = (monitorId: unknown) =>
  ({ host: '127.0.0.1', port: 1, secure: false, username: 'u', password: 'p', monitorId }) as ConstructorParameters<typeof PushSession>[0];

test('PushSession refuses a monitor id outside 1…2³²−1 up front, naming it', () => {
  const bad: [unknown, RegExp][] = [
    [2 ** 32, /got 4294967296$/],
    [2 ** 53, /got 9007199254740992$/],
    [0, /got 0$/],
    [-1, /got -1$/],
    [1.5, /got 1\.5$/],
    [NaN, /got NaN$/],
    [Infinity, /got Infinity$/],
    ['42', /got "42"$/],
    [undefined, /got undefined$/],
    [null, /got null$/],
    [Symbol('id'), /got a symbol$/],
    [{ toString: () => { throw new Error('no'); } }, /got an object$/],
  ];
  for (const [id, message] of bad) {
    assert.throws(
      () => new PushSession(options(id)),
      (e: unknown) => e instanceof PushMonitorError && e.code === 'INVALID_ARGUMENT' && /monitorId must be an integer from 1 to 4294967295/.test(e.message) && message.test(e.message),
      describeValue(id),
    );
  }
  for (const id of [1, 178008, MAX_MONITOR_ID]) assert.equal(new PushSession(options(id)).monitorId, id);
});

test('isMonitorId: integers 1…4294967295 only', () => {
  assert.equal(MAX_MONITOR_ID, 4294967295);
  for (const ok of [1, 2, 4294967295]) assert.ok(isMonitorId(ok), String(ok));
  for (const no of [0, -1, 4294967296, 1.1, NaN, '1', null, undefined, 1n]) assert.ok(!isMonitorId(no), String(no));
});

test('parseCreatedId: an id of 2³² or more in Location (or the body) is a MALFORMED_RESPONSE naming it', () => {
  assert.equal(parseCreatedId('Monitor/4294967295', ''), 4294967295);
  assert.equal(parseCreatedId('/ws/Monitor/7', ''), 7);
  for (const [loc, shown] of [
    ['Monitor/4294967296', '4294967296'],
    ['Monitor/0', '0'],
    ['Monitor/' + '9'.repeat(5000), '9'.repeat(30) + '… (5000 digits)'],
  ]) {
    assert.throws(
      () => parseCreatedId(loc, ''),
      (e: unknown) => e instanceof PushMonitorError && e.code === 'MALFORMED_RESPONSE' && e.message.includes(`monitor id ${shown} in the Location header`) && e.message.length < 200,
      loc.slice(0, 40),
    );
  }
  assert.throws(
    () => parseCreatedId(undefined, '<result><location>Monitor/99999999999</location></result>'),
    (e: unknown) => e instanceof PushMonitorError && e.code === 'MALFORMED_RESPONSE' && /monitor id 99999999999 in the response body/.test(e.message),
  );
  // Not an id at all: still "no id" (the caller's own error), as before.
  assert.equal(parseCreatedId('Monitor/abc', '<result/>'), undefined);
});

test('describeError never throws and always returns a string', () => {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const trapAll = new Proxy(
    {},
    {
      get() {
        throw new Error('get trap');
      },
      getPrototypeOf() {
        throw new Error('getPrototypeOf trap');
      },
    },
  );
  const badMessage = new Error('x');
  Object.defineProperty(badMessage, 'message', {
    get() {
      throw new Error('message getter');
    },
  });
  const objectMessage = new Error('x');
  Object.defineProperty(objectMessage, 'message', { value: { toString: () => { throw new Error('no'); } } });
  const values: unknown[] = [
    null,
    undefined,
    Symbol('s'),
    10n,
    Object.create(null),
    { toString: () => { throw new Error('toString'); } },
    { [Symbol.toPrimitive]: () => { throw new Error('toPrimitive'); } },
    revoked.proxy,
    trapAll,
    badMessage,
    objectMessage,
    new Error(''),
    () => 1,
  ];
  for (const v of values) {
    let out: unknown;
    assert.doesNotThrow(() => (out = describeError(v)));
    assert.equal(typeof out, 'string');
    assert.ok((out as string).length > 0, `empty description`);
  }
  assert.equal(describeError(new Error('boom')), 'boom');
  assert.equal(describeError('plain'), 'plain');
  assert.equal(describeError(null), 'null');
  assert.equal(describeError({ message: 'from another realm' }), 'from another realm');
  assert.equal(describeError(Object.create(null)), 'an unprintable object value');
  assert.equal(describeError(new Error('')), 'Error (no message)');
});
