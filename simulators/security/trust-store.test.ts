import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type IssuedCertificate, type TestPki } from './test-pki.ts';
import { createTrustStore } from './trust-store.ts';

let dir: string;
let pki: TestPki;
let leaf: IssuedCertificate;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-trust-'));
  pki = await createTestPki(dir);
  leaf = await pki.issue({ name: 'signer', commonName: 'Signer', usage: 'signing' });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createTrustStore', () => {
  it('trusts a certificate issued by the CA while it is valid', () => {
    const trust = createTrustStore([pki.caCertPem]);
    expect(trust.problem(new X509Certificate(leaf.certPem), new Date())).toBeUndefined();
  });

  it('refuses it outside its validity period', () => {
    const trust = createTrustStore([pki.caCertPem]);
    const cert = new X509Certificate(leaf.certPem);
    expect(trust.problem(cert, new Date(Date.parse(cert.validTo) + 1000))).toMatch(/not valid at/);
    expect(trust.problem(cert, new Date(Date.parse(cert.validFrom) - 1000))).toMatch(/not valid at/);
  });

  it('refuses the CA certificate itself as a signer', () => {
    expect(createTrustStore([pki.caCertPem]).problem(new X509Certificate(pki.caCertPem), new Date())).toMatch(/CA certificate/);
  });

  it('refuses a certificate when its CA is not among the trusted ones', () => {
    const trust = createTrustStore([leaf.certPem]); // a trust list without the issuing CA
    expect(trust.problem(new X509Certificate(leaf.certPem), new Date())).toMatch(/not issued by a trusted CA/);
  });

  it('says clearly when a trusted CA is not a certificate', () => {
    expect(() => createTrustStore(['nonsense'])).toThrow(/trusted CA #1/);
    expect(() => createTrustStore([])).toThrow(/at least one/);
  });
});
