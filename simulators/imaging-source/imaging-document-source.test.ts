/**
 * End to end: a fixtures study on disk in the PACS index → RAD-68 publication to the XDS.b
 * registry/repository → ITI-18 query → ITI-43 retrieve of the KOS → its evidence sequence →
 * RAD-69 for every referenced instance, answered from the PACS files. Then the error cases, and
 * the schema proof of every RAD-68 and RAD-69 envelope recorded.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peerDescribe } from '../../test/interop/require-peer.ts';
import { checkEvidenceEnvelopes, schemasAvailable } from '../../test/schema-check.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import { buildHttpApp, XDS_REGISTRY_PREFIX, XDS_REPOSITORY_PREFIX } from '../http-app.ts';
import { readRegistryObjectList, type ExtrinsicObject } from '../registry/ebrim-model.ts';
import { createRegistryService } from '../registry/registry-service.ts';
import { readRetrieveDocumentSetResponse } from '../registry/retrieve-response.ts';
import { Action, DocScheme, ErrorCode, Status, StoredQuery } from '../registry/xds-constants.ts';
import { list, retrieveRequest, storedQuery } from '../registry/xds-requests.ts';
import { externalId, slotValue } from '../registry/xds-view.ts';
import { NS } from '../soap/namespaces.ts';
import { injectSoap } from '../soap/test-inject.ts';
import { element, textOf } from '../soap/xml-tree.ts';
import { imagingDocumentSource } from './imaging-document-source.ts';
import { publishStudy } from './rad68-publisher.ts';
import { buildImagingRetrieveRequest, RAD69_ACTION, RAD69_RESPONSE_ACTION, TRANSFER_SYNTAX, type ImagingRetrieveRequest } from './rad69-messages.ts';
import { REPOSITORY_OUT_OF_RESOURCES } from './rad69-retrieve.ts';
import { REPOSITORY_UID } from './test-inputs.ts';
import { openTestPacs, type TestPacs } from './test-pacs.ts';
import { injectTransport } from './test-transport.ts';

const IDS = '/xds-i/imaging-source';
const SMALL = '/xds-i/small';
/** Recorded apart: the deliberately schema-invalid request must not enter the schema proof. */
const ASIDE = '/xds-i/aside';
const { explicitVrLittleEndian: ELE, implicitVrLittleEndian: ILE } = TRANSFER_SYNTAX;
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';

let pacs: TestPacs;
let xds: FastifyInstance;
let ids: FastifyInstance;
let evidence: EvidenceSink;
/** The RAD-69 request for every instance the retrieved KOS references. */
let fromKos: ImagingRetrieveRequest;
let instanceCount = 0;

beforeAll(async () => {
  pacs = await openTestPacs();
  evidence = createEvidenceRecorder();
  xds = await buildHttpApp({ evidence, registry: createRegistryService({ knownPatients: 'any' }), repository: { repositoryUniqueId: '1.3.6.1.4.1.21367.2010.1.2.1125' } });
  ids = Fastify();
  await ids.register(imagingDocumentSource, { prefix: IDS, evidence, index: pacs.index, repositoryUniqueId: REPOSITORY_UID });
  await ids.register(imagingDocumentSource, { prefix: SMALL, evidence, index: pacs.index, repositoryUniqueId: REPOSITORY_UID, maxInstancesPerResponse: 2 });
  await ids.register(imagingDocumentSource, { prefix: ASIDE, evidence: createEvidenceRecorder(), index: pacs.index, repositoryUniqueId: REPOSITORY_UID });
});
afterAll(async () => {
  await ids?.close();
  await xds?.close();
  await pacs?.close();
});

const rad69 = (req: ImagingRetrieveRequest, prefix = IDS) => injectSoap(ids, prefix, RAD69_ACTION, buildImagingRetrieveRequest(req));
const read = (answer: Awaited<ReturnType<typeof rad69>>) => readRetrieveDocumentSetResponse(answer.envelope.body, answer.attachments);

describe('publish → query → KOS → RAD-69', () => {
  it('publishes the study, finds its manifest, and retrieves every referenced instance byte for byte', async () => {
    const published = await publishStudy({
      ws: pacs.ws, uidRoot: pacs.world.uidRoot, evidence, repositoryUrl: `http://xds.test${XDS_REPOSITORY_PREFIX}`, repositoryUniqueId: REPOSITORY_UID,
      retrieveAeTitle: pacs.ws.facility.aeTitle, wadoRsBaseUrl: 'http://pacs.test/dicom-web', clock: () => new Date('2024-04-01T10:00:00Z'),
      report: { bytes: new TextEncoder().encode('<ClinicalDocument xmlns="urn:hl7-org:v3"/>'), mimeType: 'text/xml', formatCode: { code: 'urn:ihe:rad:CDA:ImagingReportStructuredHeadings:2013', codingScheme: '1.3.6.1.4.1.19376.1.2.3', displayName: 'Imaging report' } },
      transport: injectTransport(xds),
    });
    expect(published).toMatchObject({ status: 'Success', errors: [] });

    // ITI-18: the manifest by patient and format code.
    const kosEntry = (await injectSoap(xds, XDS_REGISTRY_PREFIX, Action.queryRequest, storedQuery(StoredQuery.findDocuments, {
      $XDSDocumentEntryPatientId: `'${pacs.ws.patient.id}^^^&${pacs.ws.patient.issuer.oid}&ISO'`,
      $XDSDocumentEntryStatus: list(Status.approved),
      $XDSDocumentEntryFormatCode: list('1.2.840.10008.5.1.4.1.1.88.59^^1.2.840.10008.2.6.1'),
    }))).envelope.body;
    const found = readRegistryObjectList(element(kosEntry, NS.rim, 'RegistryObjectList')!).filter((o): o is ExtrinsicObject => o.type === 'ExtrinsicObject');
    expect(found.map((e) => externalId(e, DocScheme.uniqueId))).toEqual([published.kosUid]);

    // ITI-43: the KOS itself.
    const retrieved = await injectSoap(xds, XDS_REPOSITORY_PREFIX, Action.retrieveRequest, retrieveRequest([{ repositoryUniqueId: slotValue(found[0]!, 'repositoryUniqueId')!, documentUniqueId: published.kosUid }]));
    const kosAnswer = readRetrieveDocumentSetResponse(retrieved.envelope.body, retrieved.attachments);
    expect(kosAnswer.status).toBe('Success');
    const kos = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(new Uint8Array(kosAnswer.documents[0]!.bytes).buffer).dict);

    // Its evidence sequence → one RAD-69 request for the whole study.
    type SeriesItem = { SeriesInstanceUID: string; RetrieveLocationUID: string; ReferencedSOPSequence: { ReferencedSOPInstanceUID: string }[] };
    const [study] = kos.CurrentRequestedProcedureEvidenceSequence as { StudyInstanceUID: string; ReferencedSeriesSequence: SeriesItem[] }[];
    fromKos = {
      studies: [{ studyInstanceUid: study!.StudyInstanceUID, series: study!.ReferencedSeriesSequence.map((s) => ({ seriesInstanceUid: s.SeriesInstanceUID, documents: s.ReferencedSOPSequence.map((r) => ({ repositoryUniqueId: s.RetrieveLocationUID, documentUniqueId: r.ReferencedSOPInstanceUID })) })) }],
      transferSyntaxUids: [ELE],
    };
    instanceCount = fromKos.studies[0]!.series.reduce((n, s) => n + s.documents.length, 0);
    expect(instanceCount).toBe(pacs.files);

    const started = performance.now();
    const answer = await rad69(fromKos);
    const ms = performance.now() - started;
    expect(answer.envelope.addressing.action).toBe(RAD69_RESPONSE_ACTION);
    expect(answer.contentType).toMatch(/^multipart\/related;.*application\/xop\+xml/);
    const result = read(answer);
    expect(result.status).toBe('Success');
    expect(result.errors).toEqual([]);
    expect(result.documents).toHaveLength(instanceCount);
    for (const doc of result.documents) {
      expect(doc.mimeType).toBe('application/dicom');
      expect(doc.repositoryUniqueId).toBe(REPOSITORY_UID);
      const onDisk = await readFile(pacs.index.fileOf(doc.documentUniqueId)!.path);
      expect(Buffer.from(doc.bytes).equals(onDisk)).toBe(true);
    }
    console.info(`RAD-69: ${instanceCount} instances, ${result.documents.reduce((n, d) => n + d.bytes.byteLength, 0)} bytes in ${ms.toFixed(0)} ms`);
  });

  it('converts to Implicit VR Little Endian when only that is asked for', async () => {
    const one = { ...fromKos, studies: [{ ...fromKos.studies[0]!, series: [{ ...fromKos.studies[0]!.series[0]!, documents: fromKos.studies[0]!.series[0]!.documents.slice(0, 2) }] }] };
    const result = read(await rad69({ ...one, transferSyntaxUids: [JPEG_BASELINE, ILE] }));
    expect(result.status).toBe('Success');
    for (const doc of result.documents) {
      const dict = dcmjs.data.DicomMessage.readFile(new Uint8Array(doc.bytes).buffer);
      expect((dict.meta['00020010'] as { Value: string[] }).Value[0]).toBe(ILE);
      expect(dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict).SOPInstanceUID).toBe(doc.documentUniqueId);
    }
  });

  it('answers PartialSuccess with one error per instance it cannot return', async () => {
    const [s0] = fromKos.studies[0]!.series;
    const good = s0!.documents[0]!;
    const otherSeries = fromKos.studies[0]!.series[1]!;
    const result = read(await rad69({
      studies: [{
        studyInstanceUid: fromKos.studies[0]!.studyInstanceUid,
        series: [
          { seriesInstanceUid: s0!.seriesInstanceUid, documents: [good, { ...good, documentUniqueId: `${good.documentUniqueId}.404` }, { ...good, repositoryUniqueId: '1.2.3.999' }] },
          { seriesInstanceUid: otherSeries.seriesInstanceUid, documents: [good] }, // an instance asked under the wrong series
        ],
      }],
      transferSyntaxUids: [ELE],
    }));
    expect(result.status).toBe('PartialSuccess');
    expect(result.documents.map((d) => d.documentUniqueId)).toEqual([good.documentUniqueId]);
    expect(result.errors.map((e) => [e.errorCode, e.location])).toEqual([
      [ErrorCode.documentUniqueIdError, `${good.documentUniqueId}.404`],
      [ErrorCode.unknownRepositoryId, good.documentUniqueId],
      [ErrorCode.documentUniqueIdError, good.documentUniqueId],
    ]);
    expect(result.errors[2]!.codeContext).toMatch(/not in study .* series/);
  });

  it('answers XDSRepositoryError for a transfer syntax it cannot produce', async () => {
    const doc = fromKos.studies[0]!.series[0]!.documents[0]!;
    const result = read(await rad69({ studies: [{ studyInstanceUid: fromKos.studies[0]!.studyInstanceUid, series: [{ seriesInstanceUid: fromKos.studies[0]!.series[0]!.seriesInstanceUid, documents: [doc] }] }], transferSyntaxUids: [JPEG_BASELINE] }));
    expect(result.status).toBe('Failure');
    expect(result.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.repositoryError, location: doc.documentUniqueId, codeContext: expect.stringContaining(JPEG_BASELINE) })]);
  });

  it('answers a Sender fault for a request without TransferSyntaxUIDList', async () => {
    const body = buildImagingRetrieveRequest(fromKos);
    const answer = await injectSoap(ids, ASIDE, RAD69_ACTION, { ...body, children: body.children!.slice(0, -1) });
    expect(answer.statusCode).toBe(400);
    expect(textOf(element(element(answer.envelope.body, NS.env, 'Reason')!, NS.env, 'Text'))).toMatch(/TransferSyntaxUIDList is missing/);
  });

  it('refuses more instances than one response may hold, before reading any file', async () => {
    const result = read(await rad69(fromKos, SMALL));
    expect(result.status).toBe('Failure');
    expect(result.documents).toEqual([]);
    expect(result.errors).toEqual([expect.objectContaining({ errorCode: REPOSITORY_OUT_OF_RESOURCES, codeContext: expect.stringMatching(new RegExp(`asks for ${instanceCount} instances.*at most 2`)) })]);
  });
});

const describeWithXmllint = await peerDescribe('xmllint + ../shared/schemas', schemasAvailable);

describeWithXmllint('schema proof', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-ids-schema-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('every RAD-68 and RAD-69 envelope recorded above validates against the official schemas', async () => {
    await evidence.flush();
    const check = await checkEvidenceEnvelopes(evidence, dir);
    for (const t of ['RAD-68', 'RAD-69']) for (const d of ['request', 'response']) expect(check.transactions).toContain(`${t} ${d}`);
    expect(check.problems).toEqual([]);
    expect(check.exitCode).toBe(0);
  });
});
