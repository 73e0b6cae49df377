// An account's own CA file (a company root, or the root a TLS-intercepting proxy signs with):
// a PEM file of one or more certificates, trusted for that account's https REST and TLS push
// instead of the system store. Read when the account's client is made, so a renewed file is
// picked up at the next sign-in or window reload; checked here so a wrong file is named
// plainly rather than failing later as an unknown-CA handshake.

import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PushMonitorError } from '../../core';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Why `pem` is not a usable CA file, or undefined when every certificate in it parses. */
export function caPemProblem(pem: string): string | undefined {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) return 'it holds no PEM certificate (-----BEGIN CERTIFICATE-----)';
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      return `certificate ${i + 1} of ${blocks.length} does not parse`;
    }
  }
  return undefined;
}

/** Reads and checks an account's CA file; a TLS error naming the file when it cannot be used. */
export async function readCaFile(file: string, read: (file: string) => Promise<string> = (f) => readFile(f, 'utf8')): Promise<string> {
  let pem: string;
  try {
    pem = await read(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PushMonitorError('TLS', `cannot read the account's CA file ${file}${code ? ` (${code})` : ''}`, { cause: e });
  }
  const problem = caPemProblem(pem);
  if (problem) throw new PushMonitorError('TLS', `the account's CA file ${file} cannot be used: ${problem}`);
  return pem;
}
