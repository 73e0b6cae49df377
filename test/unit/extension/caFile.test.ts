// An account's CA file (src/extension/accounts/caFile.ts): PEM certificates only, and a file
// that cannot be read or holds something else is named in a TLS error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { caPemProblem, readCaFile } from '../../../src/extension/accounts/caFile';
import { PushMonitorError } from '../../../src/core/errors';
import { makeCa } from '../../helpers/tlsCerts';

test('one or more PEM certificates are accepted; anything else is refused with the file named', async () => {
  const a = await makeCa('CA file test A');
  const b = await makeCa('CA file test B');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dpm-cafile-'));
  const good = path.join(dir, 'roots.pem');
  writeFileSync(good, `# company roots\n${a.certPem}${b.certPem}`);
  assert.equal(await readCaFile(good), `# company roots\n${a.certPem}${b.certPem}`);

  const key = path.join(dir, 'key.pem');
  writeFileSync(key, '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n');
  await assert.rejects(readCaFile(key), (e: unknown) => {
    assert.ok(e instanceof PushMonitorError && e.code === 'TLS');
    assert.equal(e.message, `the account's CA file ${key} cannot be used: it holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
    return true;
  });
  await assert.rejects(readCaFile(path.join(dir, 'missing.pem')), new RegExp(`cannot read the account's CA file .*missing\\.pem \\(ENOENT\\)`));
  assert.equal(caPemProblem(`${a.certPem}-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n`), 'certificate 2 of 2 does not parse');
});
