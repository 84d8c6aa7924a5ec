/**
 * A world with `tls: { mutual: true }`: every HTTP actor serves HTTPS with a certificate of the
 * world's test CA and asks for a client certificate from the same CA. NCP-B reaches NL's NCP-A
 * with its own client certificate; a caller without one, or with one from another CA, is refused
 * during the handshake.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ncpBClient } from '../consumer/ncp-b-client.ts';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { tlsTransport } from '../security/mtls.ts';
import { createTestPki } from '../security/test-pki.ts';
import { parseWorld } from './load-world.ts';
import { startWorld, type RunningWorld } from './start-world.ts';

const BSN = '2.16.840.1.113883.2.4.6.3';
let dir: string;
let world: RunningWorld;
let evidence: EvidenceSink;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-world-mtls-'));
  evidence = createEvidenceRecorder();
  const file = 'patients: 0\ntls: { mutual: true }\ncountries:\n  - code: CZ\n    http: { port: 0 }\n    pacs: { port: 0 }\n  - code: NL\n    http: { port: 0 }\n    pacs: { port: 0 }\n';
  world = await startWorld(parseWorld(file, 'mtls.yaml'), { evidence, stateDir: join(dir, 'state'), pkiDir: join(dir, 'pki'), timeoutMs: 10_000 });
}, 120_000);

afterAll(async () => {
  await world?.stop();
  await evidence?.close();
  await rm(dir, { recursive: true, force: true });
});

async function clientIdentity(pkiDir: string, name: string) {
  const pki = await createTestPki(pkiDir);
  const cert = await pki.issue({ name, commonName: `${name}.ixh.test`, usage: 'tls-client' });
  return { certPem: cert.certPem, keyPem: cert.keyPem, caPem: pki.caCertPem };
}

it('serves HTTPS and lets a hospital with a certificate of the world CA discover an NL patient through NCP-B', async () => {
  const ncpB = world.countries.get('CZ')!.url('ncpInitiating')!;
  expect(ncpB.startsWith('https://')).toBe(true);
  const identity = await clientIdentity(join(dir, 'pki'), 'cz-hospital');
  const ms = world.fixtures.patients.find((p) => p.key === 'ms-follow-up')!;
  const answer = await ncpBClient({ url: ncpB, transport: tlsTransport(identity) }).discoverPatient({ root: BSN, extension: ms.nationalId });
  expect(answer.queryResponseCode).toBe('OK');
});

it('refuses, at the handshake, a caller without a client certificate and one from another CA', async () => {
  const ncpA = world.countries.get('NL')!.ncpA!.xcpd;
  const foreign = await clientIdentity(join(dir, 'foreign-pki'), 'intruder');
  const ca = (await createTestPki(join(dir, 'pki'))).caCertPem;
  const post = { url: ncpA, headers: { 'content-type': 'application/soap+xml' }, body: Buffer.from('<x/>'), timeoutMs: 5_000 };
  // Our server is trusted (the world CA) in both attempts: only the client side is missing or wrong.
  await expect(tlsTransport({ certPem: '', keyPem: '', caPem: ca })(post)).rejects.toThrow(/certificate|handshake|socket hang up|ECONNRESET|alert/i);
  await expect(tlsTransport({ ...foreign, caPem: ca })(post)).rejects.toThrow(/certificate|handshake|socket hang up|ECONNRESET|alert/i);
});
