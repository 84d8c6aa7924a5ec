/**
 * A world with `tls: { dimse: true }`: each PACS and push gateway accepts DICOM TLS only, with a
 * client certificate of the world CA, and every DIMSE client of the world presents its country's
 * certificate — NL's imaging source C-GETs from NL's PACS, CZ's NCP-B imports into CZ's PACS,
 * the NL PACS C-MOVEs to CZ's, a push crosses from NL's gateway to CZ's and on into CZ's PACS.
 * A plain DIMSE caller, or one without a certificate, is refused and the refusal is evidence.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentRef, imagingRequestFromKos, ncpBClient, slotOf } from '../consumer/ncp-b-client.ts';
import { associate, QUERY_MODELS, SopClass, type DimseTlsClient } from '../dimse/index.ts';
import type { EvidenceEntry, EvidenceSink } from '../evidence/evidence.ts';
import { eventually } from '../dimse/test-recorder.ts';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import { STORAGE_SOP_CLASSES } from '../pacs/storage-sop-classes.ts';
import { parseWorld } from './load-world.ts';
import { startWorld, type RunningWorld } from './start-world.ts';

const WORLD = `
name: dimse-tls
seed: 7
patients: 0
tls: { dimse: true }
countries:
  - code: CZ
    http: { port: 0 }
    pacs: { port: 0 }
  - code: NL
    http: { port: 0 }
    pacs: { port: 0 }
    imagingSource: { retrieve: c-get }
`;
const BSN = '2.16.840.1.113883.2.4.6.3';

let dir: string;
let evidence: EvidenceSink;
let world: RunningWorld;
let identity: DimseTlsClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-world-dimse-tls-'));
  evidence = createEvidenceRecorder();
  // The PKI of the fixture cache: its CA and country certificates are reused from run to run.
  world = await startWorld(parseWorld(WORLD, 'dimse-tls.yaml'), { evidence, stateDir: join(dir, 'state'), timeoutMs: 10_000 });
  const hospital = await world.pki.issue({ name: 'cz-hospital-dimse', commonName: 'hospital.ixh.test', usage: 'tls-client' });
  identity = { caPem: world.pki.caCertPem, certPem: hospital.certPem, keyPem: hospital.keyPem };
}, 120_000);

afterAll(async () => {
  await world?.stop();
  await evidence?.close();
  await rm(dir, { recursive: true, force: true });
});

const echo = async (port: number, calledAe: string, tls: DimseTlsClient | undefined): Promise<number> => {
  const a = await associate({ host: '127.0.0.1', port, callingAe: 'TLS_TEST', calledAe, contexts: [{ abstractSyntax: SopClass.Verification }], ...(tls && { tls }), timeouts: { connectMs: 3_000, associateMs: 3_000 } });
  try {
    return await a.echo();
  } finally {
    await a.release();
  }
};

/** Evidence the world recorded for handshakes it refused. */
const refusals = (): EvidenceEntry[] => evidence.entries().filter((r) => r.transaction === 'TRANSPORT-CLOSED' && r.association?.startsWith('tls-'));

describe('a world whose DIMSE endpoints require DICOM TLS', () => {
  it('refuses plain DIMSE and a TLS caller without a certificate at the PACS and the push gateway, and says so in the evidence', async () => {
    const cz = world.countries.get('CZ')!;
    for (const endpoint of [{ port: cz.pacs!.address.port, ae: cz.pacs!.address.aeTitle! }, { port: cz.push!.port, ae: cz.push!.aeTitle }]) {
      await expect(echo(endpoint.port, endpoint.ae, undefined)).rejects.toThrow(/closed|ECONNRESET/);
      await expect(echo(endpoint.port, endpoint.ae, { caPem: identity.caPem })).rejects.toThrow(/client certificate/);
      expect(await echo(endpoint.port, endpoint.ae, identity)).toBe(0);
    }
    await eventually(() => expect(refusals().map((r) => r.actor)).toEqual(expect.arrayContaining(['CZ.pacs', 'CZ.push-gateway'])));
  });

  it('imports an NL study into CZ over TLS: NL imaging source C-GETs from its PACS, CZ NCP-B C-STOREs into its own', async () => {
    const nl = world.fixtures.patients.find((p) => p.key === 'ms-follow-up')!;
    const client = ncpBClient({ url: world.countries.get('CZ')!.url('ncpInitiating')!, timeoutMs: 30_000 });
    const home = world.config.countries.find((c) => c.code === 'NL')!.homeCommunityId;
    const list = await client.findDocuments(`${nl.nationalId}^^^&${BSN}&ISO`, home);
    const newest = list.entries.filter((e) => e.mimeType === 'application/dicom').sort((a, b) => (slotOf(b, 'creationTime') ?? '').localeCompare(slotOf(a, 'creationTime') ?? ''))[0]!;
    const docs = await client.retrieveDocuments([documentRef(newest)]);
    const images = await client.retrieveImages(imagingRequestFromKos(docs.documents[0]!.bytes, home));
    expect(images.status).toBe('Success');
    expect(images.documents.length).toBeGreaterThan(0);
    const cz = world.countries.get('CZ')!;
    await cz.ncpB!.whenIdle();
    for (const d of images.documents) expect(cz.pacs!.index.fileOf(d.documentUniqueId), d.documentUniqueId).toBeDefined();
  }, 60_000);

  it('lets the NL PACS C-MOVE to the CZ one and relays a push from NL\'s gateway into CZ\'s PACS, all over TLS', async () => {
    const nl = world.countries.get('NL')!;
    const cz = world.countries.get('CZ')!;
    const [first, second] = world.fixtures.patients.filter((p) => p.country === 'NL').flatMap((p) => p.studies);
    const move = await associate({ host: '127.0.0.1', port: nl.pacs!.address.port, callingAe: 'TLS_TEST', calledAe: nl.pacs!.address.aeTitle!, contexts: [{ abstractSyntax: QUERY_MODELS.STUDY.move }], tls: identity });
    try {
      const outcome = await move.move('STUDY', cz.pacs!.address.aeTitle!, { QueryRetrieveLevel: 'STUDY', StudyInstanceUID: first!.studyInstanceUid }).done;
      expect(outcome).toMatchObject({ status: 0, failed: 0 });
    } finally {
      await move.release();
    }
    expect(cz.pacs!.index.fileOf(first!.series[0]!.instances[0]!.sopInstanceUid)).toBeDefined();

    const uids = second!.series.flatMap((se) => se.instances.map((i) => i.sopInstanceUid));
    const push = await associate({ host: nl.push!.host, port: nl.push!.port, callingAe: 'NL_MODALITY', calledAe: cz.push!.aeTitle, contexts: Object.keys(STORAGE_SOP_CLASSES).map((abstractSyntax) => ({ abstractSyntax })), tls: identity });
    const results = await push.storeMany(uids.map((uid) => nl.pacs!.index.fileOf(uid)!.path));
    await push.release();
    expect(results.every((r) => r.status === 0)).toBe(true);
    await nl.push!.gateway.whenIdle();
    await cz.push!.gateway.whenIdle();
    expect(uids.filter((uid) => !cz.pacs!.index.fileOf(uid))).toEqual([]);
  }, 60_000);
});
