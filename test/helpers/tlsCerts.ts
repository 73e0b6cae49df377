// Certificates for TLS fault tests, made like the simulator's (src/simulator/certificates.ts:
// @peculiar/x509 over WebCrypto, the reflect-metadata polyfill imported first): a CA of our
// own and leaves with chosen names, so tests can present "a certificate from another CA"
// and "a certificate for another host name" without openssl.
import '../../src/simulator/reflectMetadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface TestCa {
  certPem: string;
  cert: x509.X509Certificate;
  keys: webcrypto.CryptoKeyPair;
}

export interface TestLeaf {
  certPem: string;
  keyPem: string;
}

const serial = () => {
  const b = randomBytes(16);
  b[0] = (b[0] & 0x7f) | 0x01;
  return b.toString('hex');
};

function provider(): void {
  x509.cryptoProvider.set(webcrypto as unknown as ReturnType<typeof x509.cryptoProvider.get>);
}

export async function makeCa(name: string): Promise<TestCa> {
  provider();
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${name}`,
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + 2 * 86400_000),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem') + '\n', cert, keys };
}

export interface LeafOptions {
  /** Extended key usage (default serverAuth); clientAuth makes a certificate unfit for a server (INVALID_PURPOSE). */
  extendedKeyUsage?: 'serverAuth' | 'clientAuth';
  /** Sign with this key instead of the CA's, keeping the CA as issuer (CERT_SIGNATURE_FAILURE). */
  signingKey?: webcrypto.CryptoKey;
}

/** A server certificate signed by `ca` for the given names (`dns:x` or `ip:1.2.3.4`). */
export async function makeLeaf(ca: TestCa, names: string[], opts: LeafOptions = {}): Promise<TestLeaf> {
  provider();
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${names[0].split(':')[1]}`,
    issuer: ca.cert.subject,
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + 2 * 86400_000),
    publicKey: keys.publicKey,
    signingKey: opts.signingKey ?? ca.keys.privateKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage[opts.extendedKeyUsage ?? 'serverAuth']]),
      new x509.SubjectAlternativeNameExtension(
        names.map((n) => {
          const [type, value] = n.split(':');
          return { type: type === 'ip' ? 'ip' : 'dns', value };
        }),
      ),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: cert.toString('pem') + '\n', keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') + '\n' };
}
