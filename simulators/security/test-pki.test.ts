import { X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, loadCaPem } from './test-pki.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-test-pki-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createTestPki', () => {
  it('issues a TLS server certificate for 127.0.0.1/localhost, RSA 2048 and SHA-256, chained to the CA', async () => {
    const pki = await createTestPki(join(dir, 'a'));
    const server = await pki.issue({ name: 'ncp-a-server', commonName: 'NCP-A', country: 'DE', usage: 'tls-server' });
    const cert = new X509Certificate(server.certPem);
    const ca = new X509Certificate(pki.caCertPem);
    expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // serverAuth
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(cert.ca).toBe(false);
    expect(ca.ca).toBe(true);
    expect(cert.subject).toContain('CN=NCP-A');
    expect(await loadCaPem(join(dir, 'a'))).toBe(pki.caCertPem);
  });

  it('reuses cached keys for the same request and issues anew when the request changes', async () => {
    const root = join(dir, 'a');
    const first = await createTestPki(root);
    const client = await first.issue({ name: 'client', commonName: 'NCP-B client', usage: 'tls-client' });
    const again = await createTestPki(root);
    expect(again.caCertPem).toBe(first.caCertPem);
    expect((await again.issue({ name: 'client', commonName: 'NCP-B client', usage: 'tls-client' })).keyPem).toBe(client.keyPem);
    const changed = await again.issue({ name: 'client', commonName: 'NCP-B client', usage: 'signing' });
    expect(changed.keyPem).not.toBe(client.keyPem);
    expect(new X509Certificate(changed.certPem).keyUsage ?? []).not.toContain('1.3.6.1.5.5.7.3.2');
  });

  it('replaces a corrupted cached certificate', async () => {
    const pki = await createTestPki(join(dir, 'a'));
    const issued = await pki.issue({ name: 'sig', commonName: 'Signer', usage: 'signing' });
    await writeFile(issued.certFile, 'not a certificate');
    const reissued = await pki.issue({ name: 'sig', commonName: 'Signer', usage: 'signing' });
    expect(() => new X509Certificate(reissued.certPem)).not.toThrow();
  });

  it('gives two processes racing on a fresh directory the same CA and leaves no temporary files', async () => {
    const root = join(dir, 'race');
    const [a, b] = await Promise.all([createTestPki(root), createTestPki(root)]);
    expect(a.caCertPem).toBe(b.caCertPem);
    const request = { name: 'shared', commonName: 'Shared', usage: 'signing' } as const;
    const [x, y] = await Promise.all([a.issue(request), b.issue(request)]);
    expect(x.keyPem).toBe(y.keyPem);
    expect(x.certPem).toBe(y.certPem);
    expect((await readdir(root)).sort()).toEqual(['ca', 'certs']);
  });

  it('refuses names that are not safe file names and subjects that would inject RDNs', async () => {
    const pki = await createTestPki(join(dir, 'a'));
    await expect(pki.issue({ name: '../evil', commonName: 'x', usage: 'signing' })).rejects.toThrow(/certificate name/);
    await expect(pki.issue({ name: 'ok', commonName: 'x/CN=admin', usage: 'signing' })).rejects.toThrow(/commonName/);
    await expect(pki.issue({ name: 'ok', commonName: 'x', country: 'Belgium', usage: 'signing' })).rejects.toThrow(/country/);
  });
});
