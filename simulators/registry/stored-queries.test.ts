import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import { buildHttpApp, XDS_REGISTRY_PREFIX } from '../http-app.ts';
import { NS } from '../soap/namespaces.ts';
import { injectSoap } from '../soap/test-inject.ts';
import { attr, element, elements } from '../soap/xml-tree.ts';
import { readRegistryResponse } from './registry-response.ts';
import { createRegistryService, type RegistryService } from './registry-service.ts';
import { DCM, list, LOINC, OTHER_PATIENT, PATIENT, SNOMED, storedQuery, submission, submitObjectsRequest, type DocSpec } from './test-submission.ts';
import { Action, AssociationType, ErrorCode, ObjectType, Status, StoredQuery } from './xds-constants.ts';
import { externalId } from './xds-view.ts';
import { DocScheme } from './xds-constants.ts';

const HASH = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const doc = (d: Partial<DocSpec> & { id: string; uniqueId: string }): DocSpec => ({ kind: 'report', hash: HASH, size: 0, repositoryUniqueId: '1.2.3.4', ...d });

let app: FastifyInstance;
let registry: RegistryService;

beforeAll(async () => {
  registry = createRegistryService({ knownPatients: [PATIENT, OTHER_PATIENT] });
  app = await buildHttpApp({ evidence: createEvidenceRecorder(), registry });
  const submit = async (objects: ReturnType<typeof submission>) => {
    const a = await injectSoap(app, XDS_REGISTRY_PREFIX, Action.registerRequest, submitObjectsRequest(objects));
    expect(readRegistryResponse(a.envelope.body).status).toBe('Success');
  };
  await submit(submission({ docs: [doc({ id: 'MrReport', uniqueId: '2.25.1', creationTime: '20230110', modality: 'MR' }), doc({ id: 'MrKos', uniqueId: '2.25.2', kind: 'kos', creationTime: '20230110', modality: 'MR' })] }));
  await submit(submission({ docs: [doc({ id: 'CtKos', uniqueId: '2.25.3', kind: 'kos', creationTime: '20240601120000', modality: 'CT', region: { code: '818981001', meaning: 'Abdomen' }, accession: 'ACC-CT-7', studyUid: '1.2.3.777' })] }));
  await submit(submission({ patientId: OTHER_PATIENT, docs: [doc({ id: 'Other', uniqueId: '2.25.4', patientId: OTHER_PATIENT })] }));
});
afterAll(async () => {
  await app.close();
});

async function query(queryId: string, params: Record<string, string | string[]>, returnType: 'LeafClass' | 'ObjectRef' = 'LeafClass') {
  const answer = await injectSoap(app, XDS_REGISTRY_PREFIX, Action.queryRequest, storedQuery(queryId, params, returnType));
  const body = answer.envelope.body;
  expect(body.local).toBe('AdhocQueryResponse');
  const objects = elements(element(body, NS.rim, 'RegistryObjectList')!);
  const uniqueIds = objects
    .filter((o) => o.local === 'ExtrinsicObject')
    .map((o) => elements(o, NS.rim, 'ExternalIdentifier').find((x) => attr(x, 'identificationScheme') === DocScheme.uniqueId)!)
    .map((x) => attr(x, 'value'));
  return { ...readRegistryResponse(body), objects, uniqueIds };
}

const base = { $XDSDocumentEntryPatientId: `'${PATIENT}'`, $XDSDocumentEntryStatus: list(Status.approved) };

describe('FindDocuments', () => {
  it('finds a patient\'s approved documents, LeafClass', async () => {
    const r = await query(StoredQuery.findDocuments, base);
    expect(r.status).toBe('Success');
    expect(r.uniqueIds).toEqual(['2.25.1', '2.25.2', '2.25.3']);
  });

  it('returns ObjectRefs with returnType ObjectRef', async () => {
    const r = await query(StoredQuery.findDocuments, base, 'ObjectRef');
    expect(r.objects.map((o) => o.local)).toEqual(['ObjectRef', 'ObjectRef', 'ObjectRef']);
    expect(attr(r.objects[0]!, 'id')).toMatch(/^urn:uuid:/);
  });

  it('filters by formatCode (KOS manifests), classCode and event codes (AND between slots)', async () => {
    expect((await query(StoredQuery.findDocuments, { ...base, $XDSDocumentEntryFormatCode: list('1.2.840.10008.5.1.4.1.1.88.59^^1.2.840.10008.2.6.1') })).uniqueIds).toEqual(['2.25.2', '2.25.3']);
    expect((await query(StoredQuery.findDocuments, { ...base, $XDSDocumentEntryClassCode: list(`18748-4^^${LOINC}`) })).uniqueIds).toHaveLength(3);
    expect((await query(StoredQuery.findDocuments, { ...base, $XDSDocumentEntryEventCodeList: [list(`CT^^${DCM}`), list(`818981001^^${SNOMED}`)] })).uniqueIds).toEqual(['2.25.3']);
    expect((await query(StoredQuery.findDocuments, { ...base, $XDSDocumentEntryEventCodeList: [list(`CT^^${DCM}`), list(`12738006^^${SNOMED}`)] })).uniqueIds).toEqual([]);
    expect((await query(StoredQuery.findDocuments, { ...base, $XDSDocumentEntryTypeCode: list(`11111-1^^${LOINC}`) })).uniqueIds).toEqual([]);
  });

  it('filters by creationTime range (From inclusive, To exclusive)', async () => {
    expect((await query(StoredQuery.findDocuments, { ...base, $XDSDocumentEntryCreationTimeFrom: '20240101' })).uniqueIds).toEqual(['2.25.3']);
    expect((await query(StoredQuery.findDocuments, { ...base, $XDSDocumentEntryCreationTimeTo: '20240601120000' })).uniqueIds).toEqual(['2.25.1', '2.25.2']);
    expect((await query(StoredQuery.findDocuments, { ...base, $XDSDocumentEntryCreationTimeFrom: '20230110', $XDSDocumentEntryCreationTimeTo: '20230111' })).uniqueIds).toEqual(['2.25.1', '2.25.2']);
  });

  it('filters by referenceIdList (accession, study instance UID)', async () => {
    expect((await query(StoredQuery.findDocuments, { ...base, $XDSDocumentEntryReferenceIdList: list('1.2.3.777^^^^urn:ihe:iti:xds:2016:studyInstanceUID') })).uniqueIds).toEqual(['2.25.3']);
  });

  it('honours $XDSDocumentEntryType (on-demand only finds nothing here)', async () => {
    expect((await query(StoredQuery.findDocuments, { ...base, $XDSDocumentEntryType: list(ObjectType.onDemandDocument) })).uniqueIds).toEqual([]);
  });

  it('answers XDSStoredQueryMissingParam without patient id or status', async () => {
    const r = await query(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${PATIENT}'` });
    expect(r.status).toBe('Failure');
    expect(r.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.storedQueryMissingParam, codeContext: expect.stringContaining('$XDSDocumentEntryStatus') })]);
  });

  it('answers XDSStoredQueryParamNumber for two patient ids', async () => {
    const r = await query(StoredQuery.findDocuments, { ...base, $XDSDocumentEntryPatientId: list(PATIENT, OTHER_PATIENT) });
    expect(r.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.storedQueryParamNumber })]);
  });
});

describe('GetDocuments, GetAssociations, GetSubmissionSets', () => {
  it('gets documents by uniqueId and by entryUUID', async () => {
    const byUid = await query(StoredQuery.getDocuments, { $XDSDocumentEntryUniqueId: list('2.25.2', '2.25.4') });
    expect(byUid.uniqueIds).toEqual(['2.25.2', '2.25.4']);
    const uuid = registry.store.byUniqueId('2.25.3')[0]!.object.id;
    expect((await query(StoredQuery.getDocuments, { $XDSDocumentEntryEntryUUID: list(uuid) })).uniqueIds).toEqual(['2.25.3']);
  });

  it('answers XDSStoredQueryParamNumber when both uuid and uniqueId are given, MissingParam when neither', async () => {
    expect((await query(StoredQuery.getDocuments, { $XDSDocumentEntryUniqueId: list('2.25.2'), $XDSDocumentEntryEntryUUID: list('urn:uuid:x') })).errors[0]!.errorCode).toBe(ErrorCode.storedQueryParamNumber);
    expect((await query(StoredQuery.getDocuments, {})).errors[0]!.errorCode).toBe(ErrorCode.storedQueryMissingParam);
  });

  it('gets the associations of a document and its submission set', async () => {
    const entry = registry.store.byUniqueId('2.25.1')[0]!.object;
    const assocs = await query(StoredQuery.getAssociations, { $uuid: list(entry.id) });
    expect(assocs.objects.map((o) => [o.local, attr(o, 'associationType'), attr(o, 'targetObject')])).toEqual([['Association', AssociationType.hasMember, entry.id]]);
    const sets = await query(StoredQuery.getSubmissionSets, { $uuid: list(entry.id) });
    expect(sets.objects.map((o) => o.local)).toEqual(['RegistryPackage', 'Association']);
    const ss = registry.store.byId(attr(sets.objects[0]!, 'id')!)!;
    expect(ss.kind).toBe('SubmissionSet');
    expect(ss.patientId).toBe(PATIENT);
    expect(externalId(entry as never, DocScheme.patientId)).toBe(PATIENT);
  });

  it('answers XDSUnknownStoredQuery for an unknown id and XDSRegistryError for a known unsupported one', async () => {
    expect((await query('urn:uuid:00000000-0000-0000-0000-000000000000', {})).errors[0]!.errorCode).toBe(ErrorCode.unknownStoredQuery);
    expect((await query(StoredQuery.findFolders, {})).errors[0]!.errorCode).toBe(ErrorCode.registryError);
  });
});
