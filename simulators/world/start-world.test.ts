/**
 * A whole world in one process, driven the way a hospital system in country B would drive it:
 * through CZ's NCP-B only. Patient discovery in NL, the NL study list, the manifest and report,
 * the images through XCA-I, their import into CZ's PACS and HIS/RIS; consent refused and
 * break-the-glass in FR; a community that is down; the eHDSI-OrCD profile in BE. Every SOAP
 * message of the run is then checked against the official schemas.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peerDescribe } from '../../test/interop/require-peer.ts';
import { checkEvidenceEnvelopes, schemasAvailable, SHARED_SCHEMAS, xmllint } from '../../test/schema-check.ts';
import { documentRef, formatCodeOf, imagingRequestFromKos, ncpBClient, slotOf, uniqueIdOf, type NcpBClient } from '../consumer/ncp-b-client.ts';
import { associate, QUERY_MODELS } from '../dimse/index.ts';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { validateDicom } from '../../validators/dicom/index.ts';
import { validateManifest } from '../../validators/manifest/index.ts';
import { validateSubmission } from '../../validators/metadata/index.ts';
import { validateCdaReport } from '../../validators/report/index.ts';
import { parseWorld } from './load-world.ts';
import { startWorld, type RunningWorld } from './start-world.ts';

const WORLD = `
name: e2e
seed: 7
patients: 0
countries:
  - code: CZ
    http: { port: 0 }
    pacs: { port: 0 }
  - code: NL
    http: { port: 0 }
    pacs: { port: 0 }
    link: { latencyMs: 5, lossless: true }
  - code: FR
    consent: none
    http: { port: 0 }
    pacs: { port: 0 }
  - code: BE
    profile: ehdsi-orcd
    http: { port: 0 }
    pacs: { port: 0 }
  - code: DE
    registry: false
    repository: false
    imagingSource: false
    ncpInitiating: false
    reportStore: false
    pacs: false
    ncpResponding:
      sut: { url: "http://127.0.0.1:9/ncp/responding" }
`;

const BSN = '2.16.840.1.113883.2.4.6.3';
const NIR = '1.2.250.1.213.1.4.8';

let dir: string;
let evidence: EvidenceSink;
let world: RunningWorld;
let ncpB: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-world-'));
  evidence = createEvidenceRecorder({ dir: join(dir, 'evidence') });
  world = await startWorld(parseWorld(WORLD, 'e2e.yaml'), { evidence, stateDir: join(dir, 'state'), pkiDir: join(dir, 'pki'), timeoutMs: 5_000 });
  ncpB = world.countries.get('CZ')!.url('ncpInitiating')!;
}, 180_000);

afterAll(async () => {
  await world?.stop();
  await evidence?.close();
  await rm(dir, { recursive: true, force: true });
});

const homeOf = (code: 'NL' | 'FR' | 'BE' | 'DE'): string => world.config.countries.find((c) => c.code === code)!.homeCommunityId;

function cx(id: string, oid: string): string {
  return `${id}^^^&${oid}&ISO`;
}

function patient(key: string): { nationalId: string; country: string } {
  const p = world.fixtures.patients.find((x) => x.key === key);
  if (!p) throw new Error(`no patient ${key}`);
  return p;
}

const client = (): NcpBClient => ncpBClient({ url: ncpB, timeoutMs: 30_000 });

describe('a clinician in CZ, through the Czech NCP-B', () => {
  it('finds the Dutch MS patient by national id (XCPD)', async () => {
    const answer = await client().discoverPatient({ root: BSN, extension: patient('ms-follow-up').nationalId });
    expect(answer.queryResponseCode).toBe('OK');
    expect(answer.patients[0]!.ids).toContainEqual({ root: BSN, extension: patient('ms-follow-up').nationalId });
    expect(answer.patients[0]!.custodian?.homeCommunityId).toBe(homeOf('NL'));
  });

  it('is told no match for an unknown national id', async () => {
    const answer = await client().discoverPatient({ root: BSN, extension: '000000000' });
    expect(answer.queryResponseCode).toBe('NF');
    expect(answer.patients).toEqual([]);
  });

  it('lists, retrieves and imports the latest MR study and its report (XCA, XCA-I)', async () => {
    const pid = cx(patient('ms-follow-up').nationalId, BSN);
    const list = await client().findDocuments(pid, homeOf('NL'));
    expect(list.status).toBe('Success');
    const manifests = list.entries.filter((e) => e.mimeType === 'application/dicom');
    const reports = list.entries.filter((e) => e.mimeType === 'text/xml');
    expect(manifests.length).toBe(world.fixtures.patients.find((p) => p.key === 'ms-follow-up')!.studies.length);
    expect(reports.length).toBeGreaterThan(0);
    for (const e of list.entries) expect(e.home).toBe(homeOf('NL'));

    // The newest manifest and the report of the same study (the reference id list links them).
    const newest = [...manifests].sort((a, b) => (slotOf(b, 'creationTime') ?? '').localeCompare(slotOf(a, 'creationTime') ?? ''))[0]!;
    const studyRef = newest.slots.find((s) => s.name === 'urn:ihe:iti:xds:2013:referenceIdList')!.values.find((v) => v.includes('studyInstanceUID'))!;
    const report = reports.find((r) => r.slots.find((s) => s.name === 'urn:ihe:iti:xds:2013:referenceIdList')?.values.includes(studyRef));
    const docs = await client().retrieveDocuments([newest, ...(report ? [report] : [])].map(documentRef));
    expect(docs.status).toBe('Success');
    expect(docs.documents.map((d) => d.mimeType)).toEqual(['application/dicom', ...(report ? ['text/xml'] : [])]);

    // What crossed the border is conformant under the xca-i profile: listing, manifest, report.
    const profile = { profile: 'xca-i' as const };
    const errors = (run: { findings: readonly { severity: string; ruleId: string; path: string; message: string }[]; harnessErrors: readonly unknown[] }): string[] => [
      ...run.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.path}: ${f.message}`),
      ...run.harnessErrors.map((h) => `harness error: ${JSON.stringify(h)}`),
    ];
    const documents = new Map(docs.documents.map((d) => [d.documentUniqueId, d.bytes]));
    expect(errors(validateSubmission({ objects: [...list.entries], documents, message: 'query-response' }, { subjectName: 'NL listing', ...profile }))).toEqual([]);
    expect(errors(validateDicom(docs.documents[0]!.bytes, { subjectName: 'KOS', ...profile }))).toEqual([]);
    expect(errors(validateManifest(docs.documents[0]!.bytes, { subjectName: 'KOS', ...profile }))).toEqual([]);
    if (report) expect(errors(validateCdaReport(docs.documents[1]!.bytes, { subjectName: 'CDA', ...profile }))).toEqual([]);

    // Read the manifest's evidence and fetch every instance through XCA-I.
    const request = imagingRequestFromKos(docs.documents[0]!.bytes, homeOf('NL'));
    const wanted = request.studies[0]!.series.flatMap((s) => s.documents).length;
    const images = await client().retrieveImages(request);
    expect(images.status).toBe('Success');
    expect(images.documents.length).toBe(wanted);

    // GEN-05/06/12: the images are in CZ's PACS, the report in CZ's HIS/RIS, and a notice says so.
    const cz = world.countries.get('CZ')!;
    await cz.ncpB!.whenIdle();
    for (const d of images.documents) expect(cz.pacs!.index.fileOf(d.documentUniqueId), d.documentUniqueId).toBeDefined();
    if (report) expect(cz.reports!.list({ documentUniqueId: uniqueIdOf(report) }).length).toBe(1);
    const notices = cz.ncpB!.arrivals.list();
    expect(notices.some((n) => n.state === 'imported' && n.counts.imagesStored === wanted)).toBe(true);
  }, 120_000);

  it('is refused by FR without consent (4701), and let in for an emergency (break-the-glass)', async () => {
    const pid = cx(patient('spine-paris').nationalId, NIR);
    const refused = await client().findDocuments(pid, homeOf('FR'));
    expect(refused.status).toBe('Failure');
    expect(refused.errors.map((e) => e.errorCode)).toContain('4701');
    expect(refused.entries).toEqual([]);

    const emergency = await client().withPurpose('EMERGENCY').findDocuments(pid, homeOf('FR'));
    expect(emergency.status).toBe('Success');
    expect(emergency.entries.length).toBeGreaterThan(0);
    await evidence.flush();
    expect(evidence.entries().some((e) => e.actor === 'FR.ncp-a' && e.transaction === 'break-the-glass')).toBe(true);
  });

  it('gets PartialSuccess naming the community that is down when asking every country (GEN-13)', async () => {
    const all = await client().findDocuments(cx(patient('ms-follow-up').nationalId, BSN));
    expect(all.status).toBe('PartialSuccess');
    const unavailable = all.errors.filter((e) => e.errorCode === 'XDSUnavailableCommunity');
    expect(unavailable.map((e) => e.location)).toEqual([homeOf('DE')]);
    expect(all.entries.some((e) => e.home === homeOf('NL'))).toBe(true);
  });

  it('is told the community is unknown for a homeCommunityId nobody has', async () => {
    const unknown = await client().findDocuments(cx(patient('ms-follow-up').nationalId, BSN), 'urn:oid:1.2.3.999');
    expect(unknown.errors.map((e) => e.errorCode)).toContain('XDSUnknownCommunity');
  });

  it('lists BE documents on the eHDSI-OrCD profile: a PDF report and PNG images', async () => {
    const be = await client().findDocuments(cx(patient('breast-cancer').nationalId, world.fixtures.countries.find((c) => c.code === 'BE')!.nationalIdScheme.oid), homeOf('BE'));
    expect(be.status).toBe('Success');
    const formats = new Set(be.entries.map(formatCodeOf));
    expect(formats).toContain('urn:eHDSI:orcd:pdf:2021');
    expect(formats).toContain('urn:eHDSI:orcd:png:2021');
    expect(be.entries.every((e) => e.mimeType !== 'application/dicom')).toBe(true);
  });
});

describe('the PACSs of a world', () => {
  it('know each other by AE title: the NL PACS C-MOVEs a study to the CZ one', async () => {
    const nl = world.countries.get('NL')!;
    const cz = world.countries.get('CZ')!;
    const study = world.fixtures.patients.find((p) => p.key === 'ms-follow-up')!.studies[0]!;
    const assoc = await associate({ host: '127.0.0.1', port: nl.pacs!.address.port, callingAe: 'E2E_SCU', calledAe: nl.pacs!.address.aeTitle!, contexts: [{ abstractSyntax: QUERY_MODELS.STUDY.move }] });
    try {
      const outcome = await assoc.move('STUDY', cz.pacs!.address.aeTitle!, { QueryRetrieveLevel: 'STUDY', StudyInstanceUID: study.studyInstanceUid }).done;
      expect(outcome.status).toBe(0);
      expect(outcome.completed).toBeGreaterThan(0);
    } finally {
      await assoc.release();
    }
    const moved = study.series[0]!.instances[0]!.sopInstanceUid;
    expect(cz.pacs!.index.fileOf(moved)).toBeDefined();
  });
});

const describeWithXmllint = await peerDescribe('xmllint + ../shared/schemas', schemasAvailable);
describeWithXmllint('the evidence of the whole run', () => {
  it('validates against the official schemas, message by message', async () => {
    await evidence.flush();
    const check = await checkEvidenceEnvelopes(evidence, dir);
    for (const t of ['ITI-55', 'ITI-38', 'ITI-39', 'RAD-75', 'RAD-69', 'ITI-18', 'ITI-43', 'RAD-68']) for (const d of ['request', 'response']) expect(check.transactions, t).toContain(`${t} ${d}`);
    expect(check.problems).toEqual([]);
  }, 120_000);

  it('carries HCP and TRC assertions that validate against the SAML 2.0 schema', async () => {
    const assertions: string[] = [];
    for (const entry of evidence.entries().filter((e) => e.actor === 'CZ.ncp-b' && e.direction === 'request' && ['ITI-38', 'RAD-75'].includes(e.transaction))) {
      const text = Buffer.from(await evidence.read(entry)).toString('utf8');
      for (const m of text.matchAll(/<(\w+:)?Assertion\b[\s\S]*?<\/\1Assertion>/g)) assertions.push(m[0]);
    }
    const issuers = assertions.map((a) => /NameQualifier="(urn:ehdsi:assertions:(?:hcp|trc))"/.exec(a)?.[1]);
    expect(new Set(issuers)).toEqual(new Set(['urn:ehdsi:assertions:hcp', 'urn:ehdsi:assertions:trc']));
    const files = await Promise.all(assertions.slice(0, 6).map(async (a, i) => {
      const file = join(dir, `assertion-${i}.xml`);
      await writeFile(file, a);
      return file;
    }));
    const result = await xmllint(join(SHARED_SCHEMAS, 'saml', 'sstc-saml-schema-assertion-2.0.xsd'), files);
    expect(result.problems).toEqual([]);
  });
});
