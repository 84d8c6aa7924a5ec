/**
 * A vendor's certificate, issued by the world CA at session creation, passes every TLS endpoint
 * of a world with `tls: { mutual: true, dimse: true }`: HTTPS with client certificates and DICOM
 * TLS (as SCU); and the same key pair lets the vendor's own SCP serve DICOM TLS to the world's
 * PACS (a C-MOVE destination).
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { associate, createDimseHost, QUERY_MODELS, SopClass, supportedSyntaxes, TransferSyntax, type DimseHost } from '../dimse/index.ts';
import { createDiscardingSink } from '../evidence/discarding-sink.ts';
import { STORAGE_SOP_CLASSES } from '../pacs/storage-sop-classes.ts';
import { tlsTransport } from '../security/mtls.ts';
import { createTestPki } from '../security/test-pki.ts';
import { parseWorld } from '../world/load-world.ts';
import { startWorld, type RunningWorld } from '../world/start-world.ts';
import { issueVendorCertificate, vendorCertificateName, type VendorCertificate } from './vendor-certificates.ts';

const WORLD = 'name: vendor-tls\npatients: 0\ntls: { mutual: true, dimse: true }\ncountries:\n  - code: CZ\n    http: { port: 0 }\n    pacs: { port: 0 }\n  - code: NL\n    http: { port: 0 }\n    pacs: { port: 0 }\n';

let dir: string;
let world: RunningWorld;
let vendor: VendorCertificate;
let vendorScp: DimseHost | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-vendor-cert-'));
  // The fixture cache's PKI, as `ixh serve` uses it; a fixed session id keeps the certificate cached.
  world = await startWorld(parseWorld(WORLD, 'vendor-tls.yaml'), { evidence: createDiscardingSink(), stateDir: join(dir, 'state'), timeoutMs: 10_000 });
  vendor = await issueVendorCertificate(world.pki, { sessionId: 'c3-test-session', vendor: 'ACME Imaging GmbH' });
}, 120_000);

afterAll(async () => {
  await vendorScp?.stop();
  await world?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('vendorCertificateName', () => {
  it('is safe for the file system whatever the vendor typed, and distinct per session', () => {
    const nasty = vendorCertificateName({ sessionId: '../../etc/passwd', vendor: 'Ünïcødé; "Corp" /\\ <x>' });
    expect(nasty).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
    expect(nasty).not.toContain('..');
    expect(vendorCertificateName({ sessionId: 'a b', vendor: 'X' })).not.toBe(vendorCertificateName({ sessionId: 'a/b', vendor: 'X' }));
    expect(vendorCertificateName({ sessionId: 's1', vendor: 'X' })).toBe(vendorCertificateName({ sessionId: 's1', vendor: 'X' }));
  });

  it('issues a certificate even for a vendor name made only of characters a subject cannot hold', async () => {
    const pki = await createTestPki(join(dir, 'pki'));
    const cert = await issueVendorCertificate(pki, { sessionId: 'x', vendor: '"/\\<>' });
    expect(new X509Certificate(cert.certPem).subject).toMatch(/O=vendor/);
    await expect(issueVendorCertificate(pki, { sessionId: ' ', vendor: 'ACME' })).rejects.toThrow(/session id/);
  });
});

describe('a vendor certificate in a world with mutual TLS on HTTP and DIMSE', () => {
  it('chains to the world CA and is good for TLS client and server', () => {
    const cert = new X509Certificate(vendor.certPem);
    const ca = new X509Certificate(world.pki.caCertPem);
    expect(vendor.caCertPem).toBe(world.pki.caCertPem);
    expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).toBe(true);
    expect(cert.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'])); // serverAuth, clientAuth
    expect(cert.subject).toMatch(/O=ACME Imaging GmbH/);
  });

  it('is accepted as a DICOM TLS client by the PACS and the push gateway', async () => {
    const cz = world.countries.get('CZ')!;
    const tls = { caPem: vendor.caCertPem, certPem: vendor.certPem, keyPem: vendor.keyPem };
    for (const [port, ae] of [[cz.pacs!.address.port, cz.pacs!.address.aeTitle!], [cz.push!.port, cz.push!.aeTitle]] as const) {
      const a = await associate({ host: '127.0.0.1', port, callingAe: 'ACME_SCU', calledAe: ae, contexts: [{ abstractSyntax: SopClass.Verification }], tls });
      expect(await a.echo()).toBe(0);
      await a.release();
    }
  });

  it('is accepted by an HTTPS actor that requires client certificates', async () => {
    const url = world.countries.get('CZ')!.url('registry')!;
    expect(url.startsWith('https://')).toBe(true);
    const post = { url, headers: { 'content-type': 'application/soap+xml' }, body: Buffer.from('<not-soap/>'), timeoutMs: 5_000 };
    // Past the handshake the registry answers (a fault for this body); a refused certificate never gets an answer.
    const answer = await tlsTransport({ certPem: vendor.certPem, keyPem: vendor.keyPem, caPem: vendor.caCertPem })(post);
    expect(answer.status).toBeGreaterThanOrEqual(200);
    await expect(tlsTransport({ certPem: '', keyPem: '', caPem: vendor.caCertPem })(post)).rejects.toThrow(/TLS request/);
  });

  it('lets the vendor\'s own SCP serve DICOM TLS: the world PACS C-MOVEs a study to it', async () => {
    const received: string[] = [];
    const LE = [TransferSyntax.ExplicitVrLittleEndian, TransferSyntax.ImplicitVrLittleEndian];
    vendorScp = createDimseHost({
      negotiate: supportedSyntaxes({ abstractSyntaxes: Object.fromEntries(Object.keys(STORAGE_SOP_CLASSES).map((uid) => [uid, LE])) }),
      tls: { certPem: vendor.certPem, keyPem: vendor.keyPem, caPem: vendor.caCertPem, requireClientCert: true },
      handlers: { onStore: (rq) => ({ sink: new Writable({ write: (_c, _e, cb) => cb() }), complete: () => (received.push(rq.sopInstanceUid), 0) }) },
    });
    await vendorScp.start();
    const nl = world.countries.get('NL')!;
    nl.pacs!.addPeer('ACME_SCP', { host: '127.0.0.1', port: vendorScp.port });
    const study = world.fixtures.patients.filter((p) => p.country === 'NL').flatMap((p) => p.studies)[0]!;
    const tls = { caPem: vendor.caCertPem, certPem: vendor.certPem, keyPem: vendor.keyPem };
    const a = await associate({ host: '127.0.0.1', port: nl.pacs!.address.port, callingAe: 'ACME_SCU', calledAe: nl.pacs!.address.aeTitle!, contexts: [{ abstractSyntax: QUERY_MODELS.STUDY.move }], tls });
    try {
      const outcome = await a.move('STUDY', 'ACME_SCP', { QueryRetrieveLevel: 'STUDY', StudyInstanceUID: study.studyInstanceUid }).done;
      expect(outcome).toMatchObject({ status: 0, failed: 0 });
    } finally {
      await a.release();
    }
    expect(received).toEqual(expect.arrayContaining([study.series[0]!.instances[0]!.sopInstanceUid]));
  });
});
