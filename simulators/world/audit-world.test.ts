/**
 * The audit trail of a retrieve across the border (GEN-08): a clinician in CZ discovers a Dutch
 * patient, lists, retrieves the manifest and report, and fetches the images, then lists again for
 * an emergency. Both countries' Audit Record Repositories must then hold what each NCP audits:
 * NL's NCP-A the queries, the Export and the instances sent; CZ's NCP-B the queries, the Import
 * and the instances received; the emergency with PurposeOfUse EMERGENCY on both sides. Every
 * record passes the audit rules, and the DICOM 2017c schema (xmllint).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { schemasAvailable, SHARED_SCHEMAS, xmllint } from '../../test/schema-check.ts';
import { expectAudited, type AuditExpectation } from '../../validators/audit/index.ts';
import type { AuditRecord } from '../audit/audit-repository.ts';
import { documentRef, imagingRequestFromKos, ncpBClient, slotOf } from '../consumer/ncp-b-client.ts';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import { parseWorld } from './load-world.ts';
import { startWorld, type RunningCountry, type RunningWorld } from './start-world.ts';

const WORLD = `
name: audit
seed: 7
patients: 0
countries:
  - code: CZ
    http: { port: 0 }
    pacs: { port: 0 }
  - code: NL
    http: { port: 0 }
    pacs: { port: 0 }
`;
const BSN = '2.16.840.1.113883.2.4.6.3';

let dir: string;
let world: RunningWorld;
let cz: RunningCountry;
let nl: RunningCountry;
let pid: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-audit-world-'));
  world = await startWorld(parseWorld(WORLD, 'audit.yaml'), { evidence: createEvidenceRecorder(), stateDir: join(dir, 'state'), pkiDir: join(dir, 'pki'), timeoutMs: 5_000 });
  cz = world.countries.get('CZ')!;
  nl = world.countries.get('NL')!;
  const nationalId = world.fixtures.patients.find((p) => p.key === 'ms-follow-up')!.nationalId;
  pid = `${nationalId}^^^&${BSN}&ISO`;

  const client = ncpBClient({ url: cz.url('ncpInitiating')!, timeoutMs: 30_000 });
  const home = nl.config.homeCommunityId;
  expect((await client.discoverPatient({ root: BSN, extension: nationalId })).queryResponseCode).toBe('OK');
  const list = await client.findDocuments(pid, home);
  const newest = list.entries.filter((e) => e.mimeType === 'application/dicom').sort((a, b) => (slotOf(b, 'creationTime') ?? '').localeCompare(slotOf(a, 'creationTime') ?? ''))[0]!;
  const docs = await client.retrieveDocuments([documentRef(newest)]);
  expect(docs.status).toBe('Success');
  expect((await client.retrieveImages(imagingRequestFromKos(docs.documents[0]!.bytes, home))).status).toBe('Success');
  await cz.ncpB!.whenIdle();
}, 60_000);

afterAll(async () => {
  await world?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function settled(country: RunningCountry, count: number): Promise<readonly AuditRecord[]> {
  await country.flushAudits();
  return country.auditRepository!.waitFor((r) => r.length >= count);
}

const errors = (records: readonly AuditRecord[], e: AuditExpectation) => expectAudited(records, e).filter((f) => f.severity === 'error');

it('leaves the responder’s audits in NL and the initiator’s in CZ, each passing the audit rules', async () => {
  const inNl = await settled(nl, 4);
  const inCz = await settled(cz, 4);
  for (const r of [...inNl, ...inCz]) {
    expect(r.problem, r.xml).toBeUndefined();
    expect(r.findings, r.xml).toEqual([]);
  }
  expect(errors(inNl, { transaction: 'ITI-55', side: 'responder', event: 'query' })).toEqual([]);
  expect(errors(inNl, { transaction: 'ITI-38', side: 'responder', event: 'query', patientId: pid, purposeOfUse: 'TREATMENT' })).toEqual([]);
  expect(errors(inNl, { transaction: 'ITI-39', side: 'responder', event: 'export', patientId: pid })).toEqual([]);
  expect(errors(inNl, { transaction: 'RAD-75', side: 'responder', event: 'transfer', patientId: pid })).toEqual([]);
  expect(errors(inCz, { transaction: 'ITI-55', side: 'initiator', event: 'query' })).toEqual([]);
  expect(errors(inCz, { transaction: 'ITI-38', side: 'initiator', event: 'query', patientId: pid })).toEqual([]);
  expect(errors(inCz, { transaction: 'ITI-39', side: 'initiator', event: 'import', patientId: pid })).toEqual([]);
  expect(errors(inCz, { transaction: 'RAD-75', side: 'initiator', event: 'transfer', patientId: pid })).toEqual([]);
  // The checker can fail: NL never imports.
  expect(errors(inNl, { transaction: 'ITI-39', side: 'initiator', event: 'import' })).toEqual([expect.objectContaining({ ruleId: 'audit.missing' })]);
}, 20_000);

it('shows break-the-glass as PurposeOfUse EMERGENCY on both sides', async () => {
  const before = { nl: nl.audits().length, cz: cz.audits().length };
  const list = await ncpBClient({ url: cz.url('ncpInitiating')!, timeoutMs: 30_000 }).withPurpose('EMERGENCY').findDocuments(pid, nl.config.homeCommunityId);
  expect(list.status).toBe('Success');
  const inNl = await settled(nl, before.nl + 1);
  const inCz = await settled(cz, before.cz + 1);
  expect(errors(inNl, { transaction: 'ITI-38', side: 'responder', event: 'query', patientId: pid, purposeOfUse: 'EMERGENCY' })).toEqual([]);
  expect(errors(inCz, { transaction: 'ITI-38', side: 'initiator', event: 'query', patientId: pid, purposeOfUse: 'EMERGENCY' })).toEqual([]);
  // An older TREATMENT record would not do.
  expect(errors(inNl.slice(0, before.nl), { transaction: 'ITI-38', side: 'responder', event: 'query', purposeOfUse: 'EMERGENCY' })).toEqual([expect.objectContaining({ ruleId: 'audit.purpose-of-use.emergency' })]);
}, 20_000);

it('validates every received record against the DICOM 2017c audit schema', async (context) => {
  if (!(await schemasAvailable())) return context.skip();
  const records = [...nl.audits(), ...cz.audits()];
  const files = await Promise.all(records.map(async (r, i) => {
    const file = join(dir, `audit-${i}.xml`);
    await writeFile(file, r.xml ?? '');
    return file;
  }));
  const result = await xmllint(join(SHARED_SCHEMAS, 'atna', 'dicom2017c.xsd'), files);
  expect(result.problems).toEqual([]);
  expect(records.length).toBeGreaterThanOrEqual(10);
});
