// Deliberately failing test (selected only by suite/failing/index.js).
/* eslint-disable @typescript-eslint/no-require-imports */
/* global describe, it */
const assert = require('node:assert/strict');

describe('harness failure reporting', () => {
  it('deliberately fails so the harness must report it', () => {
    assert.equal(1 + 1, 3, 'this failure is expected in the harness self-test');
  });
});
