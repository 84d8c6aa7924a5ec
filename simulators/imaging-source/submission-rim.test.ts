import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import { buildHttpApp, XDS_REGISTRY_PREFIX, XDS_REPOSITORY_PREFIX } from '../http-app.ts';
import { readRegistryObjectList, type ExtrinsicObject } from '../registry/ebrim-model.ts';
import { readRegistryResponse } from '../registry/registry-response.ts';
import { createRegistryService } from '../registry/registry-service.ts';
import { Action, DocScheme, Status, StoredQuery } from '../registry/xds-constants.ts';
import { list, provideRequest, storedQuery } from '../registry/xds-requests.ts';
import { codes, externalId, slotValue, slotValues } from '../registry/xds-view.ts';
import { NS } from '../soap/namespaces.ts';
import { injectSoap } from '../soap/test-inject.ts';
import { element } from '../soap/xml-tree.ts';
import { buildSubmissionSet, kosDocumentEntry, reportDocumentEntry } from './document-metadata.ts';
import { buildKosManifest } from './kos-manifest.ts';
import { worldDocumentContext } from './study-from-world.ts';
import { documentEntryRim, REFERENCE_ID_LIST_SLOT, submissionRim, submissionSetRim } from './submission-rim.ts';
import { manifestInput, msFollowUpStudy, REPOSITORY_UID } from './test-inputs.ts';
import { DIAGNOSTIC_IMAGING_STUDY, IHE_IMAGING_REPORT_FORMAT_CODE } from './xds-codes.ts';

const { ws, uidRoot } = msFollowUpStudy();
const kos = buildKosManifest(manifestInput(ws, uidRoot));
const ctx = worldDocumentContext(ws, { repositoryUniqueId: REPOSITORY_UID });
const cda = new TextEncoder().encode('<ClinicalDocument xmlns="urn:hl7-org:v3"><title>IRM</title></ClinicalDocument>');
const kosEntry = kosDocumentEntry(ctx, kos);
const reportEntry = reportDocumentEntry(ctx, { uniqueId: ws.report!.id, dateTime: ws.report!.dateTime, author: ws.report!.author, formatCode: IHE_IMAGING_REPORT_FORMAT_CODE, mimeType: 'text/xml', bytes: cda });
const set = buildSubmissionSet({ uniqueId: `${uidRoot}.77.1`, sourceId: `${uidRoot}.77`, submissionTime: '20240401100000', contentTypeCode: DIAGNOSTIC_IMAGING_STUDY, patientId: kosEntry.patientId, authors: kosEntry.authors });

describe('documentEntryRim / submissionSetRim', () => {
  it('maps every DocumentEntry field to its ebRIM slot, classification or external identifier', () => {
    const eo = documentEntryRim(reportEntry);
    expect(eo).toMatchObject({ id: reportEntry.entryUuid, objectType: reportEntry.objectType, mimeType: 'text/xml' });
    expect(externalId(eo, DocScheme.uniqueId)).toBe(reportEntry.uniqueId);
    expect(externalId(eo, DocScheme.patientId)).toBe(reportEntry.patientId);
    expect(codes(eo, DocScheme.formatCode)).toEqual([{ code: IHE_IMAGING_REPORT_FORMAT_CODE.code, codingScheme: IHE_IMAGING_REPORT_FORMAT_CODE.codingScheme, display: IHE_IMAGING_REPORT_FORMAT_CODE.displayName }]);
    expect(codes(eo, DocScheme.eventCodeList).map((c) => c.code)).toEqual(reportEntry.eventCodeList.map((c) => c.code));
    expect(slotValues(eo, 'sourcePatientInfo')).toEqual(reportEntry.sourcePatientInfo);
    expect(slotValues(eo, REFERENCE_ID_LIST_SLOT)).toEqual(reportEntry.referenceIdList);
    expect(slotValue(eo, 'size')).toBe(String(cda.byteLength));
    const author = eo.classifications.find((c) => c.classificationScheme === DocScheme.author)!;
    expect(slotValues(author, 'authorPerson')).toEqual([reportEntry.authors[0]!.authorPerson]);
    expect(eo.name).toEqual([{ value: reportEntry.title, lang: reportEntry.languageCode }]);
  });

  it('gives children ids that are unique within the submission', () => {
    const objects = submissionRim({ set, entries: [kosEntry, reportEntry] });
    const ids = objects.flatMap((o) => [o.id, ...(o.type === 'Classification' ? [] : [...o.classifications, ...o.externalIdentifiers].map((c) => c.id))]);
    expect(new Set(ids).size).toBe(ids.length);
    const [pkg, marker] = submissionSetRim(set);
    expect(marker.classifiedObject).toBe(pkg.id);
  });

  it('refuses two entries with the same entryUUID', () => {
    expect(() => submissionRim({ set, entries: [kosEntry, kosEntry] })).toThrow(/entryUUID/);
  });
});

describe('the registry accepts the imaging submission', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await buildHttpApp({ evidence: createEvidenceRecorder(), registry: createRegistryService({ knownPatients: [kosEntry.patientId] }), repository: { repositoryUniqueId: REPOSITORY_UID } });
  });
  afterEach(async () => {
    await app.close();
  });

  it('ITI-41 answers Success and FindDocuments returns both entries with event codes and reference ids', async () => {
    const body = provideRequest(submissionRim({ set, entries: [kosEntry, reportEntry] }), [{ id: kosEntry.entryUuid, cid: 'kos@t' }, { id: reportEntry.entryUuid, cid: 'cda@t' }]);
    const answer = await injectSoap(app, XDS_REPOSITORY_PREFIX, Action.provideRequest, body, {
      attachments: [{ contentId: 'kos@t', contentType: 'application/dicom', body: kos.part10 }, { contentId: 'cda@t', contentType: 'text/xml', body: cda }],
    });
    expect(readRegistryResponse(answer.envelope.body)).toEqual({ status: 'Success', errors: [] });

    const found = await injectSoap(app, XDS_REGISTRY_PREFIX, Action.queryRequest, storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${kosEntry.patientId}'`, $XDSDocumentEntryStatus: list(Status.approved) }));
    const entries = readRegistryObjectList(element(found.envelope.body, NS.rim, 'RegistryObjectList')!).filter((o): o is ExtrinsicObject => o.type === 'ExtrinsicObject');
    expect(entries.map((e) => externalId(e, DocScheme.uniqueId)).sort()).toEqual([kos.sopInstanceUid, ws.report!.id].sort());
    for (const e of entries) {
      expect(codes(e, DocScheme.eventCodeList).map((c) => `${c.code}@${c.codingScheme}`)).toEqual(['MR@1.2.840.10008.2.16.4', `${ws.study.anatomicRegion!.code}@2.16.840.1.113883.6.96`]);
      const refs = slotValues(e, REFERENCE_ID_LIST_SLOT);
      expect(refs).toContain(`${ws.study.accessionNumber}^^^&${ws.study.accessionIssuer.oid}&ISO^urn:ihe:iti:xds:2013:accession`);
      expect(refs).toContain(`${ws.study.studyInstanceUid}^^^^urn:ihe:iti:xds:2016:studyInstanceUID`);
      expect(slotValue(e, 'repositoryUniqueId')).toBe(REPOSITORY_UID);
    }
  });
});
