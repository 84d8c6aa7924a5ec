import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeCtFiles } from '../../dimse/test-ct-files.ts';
import { createEvidenceRecorder } from '../../evidence/recorder.ts';
import { createReportStore, type ReportStore } from '../../his/report-store.ts';
import { buildImagingRetrieveRequest, TRANSFER_SYNTAX } from '../../imaging-source/rad69-messages.ts';
import { createPacs, type Pacs } from '../../pacs/pacs.ts';
import type { PacsFault } from '../../pacs/behaviour.ts';
import { NS } from '../../soap/namespaces.ts';
import { attr, element, elements, textOf } from '../../soap/xml-tree.ts';
import { retrieveRequest, storedQuery } from '../../registry/xds-requests.ts';
import { StoredQuery } from '../../registry/xds-constants.ts';
import type { ArrivalNotice } from './arrival-notice.ts';
import { GatewayAction } from './cross-gateway-actions.ts';
import { readRetrieveDocumentSetResponse } from '../../registry/retrieve-response.ts';
import { startFakeCommunity, startGateway, type FakeCommunity, type RunningGateway, type StoredDocument } from './test-communities.ts';

const PATIENT = 'CZ-42^^^&2.999.3.1&ISO';
const HOME_A = 'urn:oid:2.999.1';
const HOME_C = 'urn:oid:2.999.3';
const REPO_C = '2.999.3.9';
const STUDY = '2.25.777001';
const SERIES = '2.25.777002';

describe('RAD-69 → RAD-75, then import into B (PACS, report store) and arrival notice', () => {
  let dir: string;
  const closers: (() => Promise<unknown>)[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-ncp-b-'));
  });
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
    await rm(dir, { recursive: true, force: true });
  });

  async function images(count: number): Promise<Map<string, StoredDocument>> {
    const files = await writeCtFiles(dir, count, { studyInstanceUid: STUDY, seriesInstanceUid: SERIES, patientId: 'CZ-42', size: 16 });
    const docs = new Map<string, StoredDocument>();
    for (const f of files) docs.set(f.sopInstanceUid, { mimeType: 'application/dicom', bytes: await readFile(f.path), repositoryUniqueId: REPO_C, patientId: PATIENT, studyInstanceUid: STUDY });
    return docs;
  }
  async function pacs(faults: PacsFault[] = []): Promise<Pacs> {
    const p = createPacs({ aeTitle: 'B_PACS', port: 0, storageDir: join(dir, 'pacs'), behaviour: { faults } }, createEvidenceRecorder());
    await p.start();
    closers.push(() => p.stop());
    return p;
  }
  async function setup(options: { faults?: PacsFault[]; documents: Map<string, StoredDocument>; webhook?: string }): Promise<{ g: RunningGateway; c: FakeCommunity; a: FakeCommunity; p: Pacs; reports: ReportStore }> {
    const p = await pacs(options.faults);
    const reports = createReportStore();
    closers.push(async () => reports.close());
    const c = await startFakeCommunity({ country: 'CZ', homeCommunityId: HOME_C, documents: options.documents });
    closers.push(() => c.close());
    const a = await startFakeCommunity({ country: 'AT', homeCommunityId: HOME_A });
    closers.push(() => a.close());
    const g = await startGateway({
      communities: [a.community, c.community],
      importer: { pacs: { host: '127.0.0.1', port: p.address.port, aeTitle: 'B_PACS', callingAeTitle: 'NCP_B' }, reports, ...(options.webhook && { webhookUrl: options.webhook }), dimseTimeoutMs: 5000 },
    });
    closers.push(() => g.app.close());
    return { g, c, a, p, reports };
  }
  const rad69 = (uids: string[]) =>
    buildImagingRetrieveRequest({
      studies: [{ studyInstanceUid: STUDY, series: [{ seriesInstanceUid: SERIES, documents: uids.map((documentUniqueId) => ({ homeCommunityId: HOME_C, repositoryUniqueId: REPO_C, documentUniqueId })) }] }],
      transferSyntaxUids: [TRANSFER_SYNTAX.explicitVrLittleEndian],
    });

  it('routes RAD-69 to the community as RAD-75, answers at once, then stores the images in the PACS and posts a notice', async () => {
    const documents = await images(3);
    const kos = { mimeType: 'application/dicom', bytes: [...documents.values()][0]!.bytes, repositoryUniqueId: REPO_C, patientId: PATIENT, studyInstanceUid: STUDY };
    const received: ArrivalNotice[] = [];
    const hook = Fastify();
    hook.post('/notice', async (req) => {
      received.push(req.body as ArrivalNotice);
      return { ok: true };
    });
    const hookUrl = await hook.listen({ host: '127.0.0.1', port: 0 });
    closers.push(() => hook.close());
    const { g, c, a, p } = await setup({ documents: new Map([...documents, ['2.25.900', kos]]), webhook: `${hookUrl}/notice` });
    // ITI-38 first: the KOS entry's referenceIdList tells the gateway whose study this is.
    await g.call(GatewayAction.storedQuery, storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${PATIENT}'` }));

    const uids = [...documents.keys()];
    const answer = await g.call(GatewayAction.imagingRetrieve, rad69(uids));
    expect(answer.envelope.addressing.action).toBe(GatewayAction.imagingRetrieveResponse);
    const read = readRetrieveDocumentSetResponse(answer.envelope.body, answer.attachments);
    expect(read.status).toBe('Success');
    expect(read.documents.map((d) => d.documentUniqueId).sort()).toEqual([...uids].sort());
    for (const d of read.documents) expect(Buffer.from(d.bytes).equals(documents.get(d.documentUniqueId)!.bytes)).toBe(true);

    // RAD-75 went to CZ only, with the study/series structure, transfer syntaxes and a TRC for the patient.
    expect(a.received.filter((r) => r.action === GatewayAction.crossGatewayImagingRetrieve)).toHaveLength(0);
    const rad75 = c.received.find((r) => r.action === GatewayAction.crossGatewayImagingRetrieve)!;
    const study = element(rad75.body, NS.xdsi, 'StudyRequest')!;
    expect(attr(study, 'studyInstanceUID')).toBe(STUDY);
    expect(elements(element(study, NS.xdsi, 'SeriesRequest')!, NS.xdsi, 'DocumentRequest')).toHaveLength(3);
    expect(textOf(element(element(rad75.body, NS.xdsi, 'TransferSyntaxUIDList')!, NS.xdsi, 'TransferSyntaxUID'))).toBe(TRANSFER_SYNTAX.explicitVrLittleEndian);
    expect(rad75.security).toBe(`purpose=TREATMENT;patient=${PATIENT}`);

    await g.gateway.whenIdle();
    expect(g.gateway.pending()).toBe(0);
    for (const uid of uids) expect(p.index.fileOf(uid)).toBeDefined();
    expect(p.stats().studies).toBe(1);
    const [notice] = g.gateway.arrivals.list();
    expect(notice).toMatchObject({ transaction: 'RAD-69', state: 'imported', patientId: PATIENT, studyInstanceUids: [STUDY], sourceCommunities: [HOME_C], counts: { images: 3, imagesStored: 3, reports: 0 }, failures: [] });
    expect(notice!.timings.pacsMs).toBeGreaterThan(0);
    expect(received).toEqual([notice]);
    const listed = await g.app.inject({ method: 'GET', url: '/ncp-b/arrivals' });
    expect(listed.json()).toEqual({ arrivals: [notice] });
    const recorded = g.evidence.entries().filter((e) => e.transaction === 'arrival-notice');
    expect(recorded.map((e) => [e.direction, e.status])).toEqual([['request', 'imported'], ['response', '200']]);
    expect(g.evidence.entries().some((e) => e.actor === 'ncp-b' && e.transaction === 'C-STORE' && e.direction === 'response' && e.status === '0x0000')).toBe(true);
  });

  it('files a retrieved report in the report store with its patient and study', async () => {
    const cda = Buffer.from('<ClinicalDocument xmlns="urn:hl7-org:v3"/>');
    const { g, reports } = await setup({ documents: new Map([['2.25.501', { mimeType: 'text/xml', bytes: cda, repositoryUniqueId: REPO_C, patientId: PATIENT, studyInstanceUid: STUDY }]]) });
    await g.call(GatewayAction.storedQuery, storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${PATIENT}'` }));
    await g.call(GatewayAction.retrieve, retrieveRequest([{ homeCommunityId: HOME_C, repositoryUniqueId: REPO_C, documentUniqueId: '2.25.501' }]));
    await g.gateway.whenIdle();
    const [filed] = reports.list({ patientId: PATIENT });
    expect(filed).toMatchObject({ documentUniqueId: '2.25.501', mimeType: 'text/xml', studyInstanceUid: STUDY, sourceCommunity: HOME_C });
    expect(reports.get(filed!.id)!.bytes.equals(cda)).toBe(true);
    expect(g.gateway.arrivals.list()[0]).toMatchObject({ transaction: 'ITI-43', state: 'imported', counts: { reports: 1, reportsStored: 1 }, reportIds: [filed!.id] });
  });

  it('a PACS refusing the association gives a failed notice and evidence, and the answer is still Success', async () => {
    const documents = await images(2);
    const { g } = await setup({ faults: [{ kind: 'reject-association' }], documents });
    const answer = await g.call(GatewayAction.imagingRetrieve, rad69([...documents.keys()]), { 'X-Ixh-Patient-Id': PATIENT });
    expect(readRetrieveDocumentSetResponse(answer.envelope.body, answer.attachments).status).toBe('Success');
    await g.gateway.whenIdle();
    const [notice] = g.gateway.arrivals.list();
    expect(notice).toMatchObject({ state: 'failed', counts: { images: 2, imagesStored: 0 } });
    expect(notice!.failures).toHaveLength(2);
    expect(notice!.failures[0]).toMatchObject({ target: 'pacs', reason: expect.stringMatching(/rejected/) });
    const entries = g.evidence.entries();
    expect(entries.some((e) => e.transaction === 'import-failure' && e.status === 'failed')).toBe(true);
    expect(entries.some((e) => e.transaction === 'A-ASSOCIATE' && e.status === 'rejected')).toBe(true);
  });

  it('a C-STORE failure status is reported per instance (partial when some were stored)', async () => {
    const documents = await images(2);
    const { g } = await setup({ faults: [{ kind: 'wrong-status', command: 'C-STORE', status: 0xa700 }], documents });
    await g.call(GatewayAction.imagingRetrieve, rad69([...documents.keys()]), { 'X-Ixh-Patient-Id': PATIENT });
    await g.gateway.whenIdle();
    const [notice] = g.gateway.arrivals.list();
    expect(notice).toMatchObject({ state: 'failed', counts: { imagesStored: 0 } });
    expect(notice!.failures.map((f) => f.reason)).toEqual([expect.stringContaining('0xA700'), expect.stringContaining('0xA700')]);
  });

  it('does not hold the answer back for the import (slow PACS)', async () => {
    const documents = await images(1);
    const { g } = await setup({ faults: [{ kind: 'slow', delayMs: 400 }], documents });
    await g.call(GatewayAction.imagingRetrieve, rad69([...documents.keys()]), { 'X-Ixh-Patient-Id': PATIENT });
    expect(g.gateway.pending()).toBe(1);
    expect(g.gateway.arrivals.list()).toEqual([]);
    await g.gateway.whenIdle();
    expect(g.gateway.arrivals.list()[0]).toMatchObject({ state: 'imported' });
  });
});
