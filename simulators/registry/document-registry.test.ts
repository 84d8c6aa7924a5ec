import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { buildHttpApp, XDS_REGISTRY_PREFIX } from '../http-app.ts';
import { NS } from '../soap/namespaces.ts';
import { injectSoap } from '../soap/test-inject.ts';
import { attr, element, elements } from '../soap/xml-tree.ts';
import { readRegistryResponse } from './registry-response.ts';
import { createRegistryService, type RegistryService } from './registry-service.ts';
import { list, OTHER_PATIENT, PATIENT, storedQuery, submission, submitObjectsRequest, type DocSpec } from './test-submission.ts';
import { Action, ErrorCode, ResponseStatus, Status, StoredQuery } from './xds-constants.ts';

const HASH = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const stored = (d: Partial<DocSpec> & { id: string; uniqueId: string }): DocSpec => ({ kind: 'report', hash: HASH, size: 0, repositoryUniqueId: '1.2.3.4', ...d });

let app: FastifyInstance;
let registry: RegistryService;
let evidence: EvidenceSink;

beforeEach(async () => {
  evidence = createEvidenceRecorder();
  registry = createRegistryService({ knownPatients: [PATIENT, OTHER_PATIENT] });
  app = await buildHttpApp({ evidence, registry });
});
afterEach(async () => {
  await app.close();
});

async function register(objects: ReturnType<typeof submission>) {
  const answer = await injectSoap(app, XDS_REGISTRY_PREFIX, Action.registerRequest, submitObjectsRequest(objects));
  expect(answer.envelope.body.local).toBe('RegistryResponse');
  return { ...answer, response: readRegistryResponse(answer.envelope.body) };
}

describe('ITI-42 Register Document Set-b', () => {
  it('registers a submission set with an imaging report and a KOS manifest', async () => {
    const { response, envelope, messageId, statusCode } = await register(
      submission({ docs: [stored({ id: 'Report01', uniqueId: '2.25.1001' }), stored({ id: 'Kos01', uniqueId: '2.25.1002', kind: 'kos' })] }),
    );
    expect(statusCode).toBe(200);
    expect(response).toEqual({ status: 'Success', errors: [] });
    expect(envelope.addressing).toMatchObject({ action: Action.registerResponse, relatesTo: messageId });
    const docs = registry.store.byUniqueId('2.25.1002');
    expect(docs).toHaveLength(1);
    expect(docs[0]!.object).toMatchObject({ status: Status.approved, id: expect.stringMatching(/^urn:uuid:/) });
    await evidence.flush();
    expect(evidence.entries().map((e) => [e.actor, e.transaction, e.direction, e.status])).toEqual([
      ['xds-registry', 'ITI-42', 'request', undefined],
      ['xds-registry', 'ITI-42', 'response', '200 Success'],
    ]);
  });

  it('answers XDSRegistryMetadataError for missing required attributes, registering nothing', async () => {
    const { response } = await register(submission({ docs: [stored({ id: 'Doc', uniqueId: '2.25.2001', omit: ['creationTime', 'urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a'] })] }));
    expect(response.status).toBe('Failure');
    expect(response.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ errorCode: ErrorCode.registryMetadataError, codeContext: expect.stringContaining('creationTime') }),
        expect.objectContaining({ errorCode: ErrorCode.registryMetadataError, codeContext: expect.stringContaining('classCode') }),
      ]),
    );
    expect(registry.store.byUniqueId('2.25.2001')).toEqual([]);
  });

  it('answers XDSPatientIdDoesNotMatch when a document belongs to another patient', async () => {
    const { response } = await register(submission({ docs: [stored({ id: 'Doc', uniqueId: '2.25.3001', patientId: OTHER_PATIENT })] }));
    expect(response.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.patientIdDoesNotMatch })]);
  });

  it('answers XDSUnknownPatientId for a patient the registry does not know', async () => {
    const unknown = '123456782^^^&2.16.840.1.113883.2.4.6.3&ISO';
    const { response } = await register(submission({ patientId: unknown, docs: [stored({ id: 'Doc', uniqueId: '2.25.4001', patientId: unknown })] }));
    expect(response.status).toBe('Failure');
    expect(response.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.unknownPatientId, codeContext: expect.stringContaining(unknown) })]);
  });

  it('accepts a known document uniqueId again only with the same hash (XDSNonIdenticalHash)', async () => {
    expect((await register(submission({ docs: [stored({ id: 'A', uniqueId: '2.25.5001' })] }))).response.status).toBe('Success');
    const other = await register(submission({ docs: [stored({ id: 'B', uniqueId: '2.25.5001', hash: 'a'.repeat(40) })] }));
    expect(other.response.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.nonIdenticalHash })]);
  });

  it('refuses a SubmissionSet uniqueId already registered and duplicates inside one message', async () => {
    await register(submission({ uniqueId: '2.25.6000', docs: [stored({ id: 'A', uniqueId: '2.25.6001' })] }));
    const again = await register(submission({ uniqueId: '2.25.6000', docs: [stored({ id: 'B', uniqueId: '2.25.6002' }), stored({ id: 'C', uniqueId: '2.25.6002' })] }));
    expect(again.response.errors.map((e) => e.errorCode).sort()).toEqual([ErrorCode.duplicateUniqueIdInRegistry, ErrorCode.registryDuplicateUniqueIdInMessage]);
  });

  it('deprecates the replaced document on RPLC', async () => {
    await register(submission({ docs: [stored({ id: 'A', uniqueId: '2.25.7001' })] }));
    const original = registry.store.byUniqueId('2.25.7001')[0]!.object.id;
    const { response } = await register(submission({ docs: [stored({ id: 'B', uniqueId: '2.25.7002' })], replaces: original }));
    expect(response.status).toBe('Success');
    expect(registry.store.byId(original)!.object.status).toBe(Status.deprecated);
    const again = await register(submission({ docs: [stored({ id: 'C', uniqueId: '2.25.7003' })], replaces: original }));
    expect(again.response.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.registryDeprecatedDocumentError })]);
  });

  it('answers ITI-18 on the same endpoint, by wsa:Action', async () => {
    await register(submission({ docs: [stored({ id: 'A', uniqueId: '2.25.8001' })] }));
    const answer = await injectSoap(app, XDS_REGISTRY_PREFIX, Action.queryRequest, storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${PATIENT}'`, $XDSDocumentEntryStatus: list(Status.approved) }, 'ObjectRef'));
    expect(answer.envelope.addressing.action).toBe(Action.queryResponse);
    expect(attr(answer.envelope.body, 'status')).toBe(ResponseStatus.success);
    expect(elements(element(answer.envelope.body, NS.rim, 'RegistryObjectList')!, NS.rim, 'ObjectRef')).toHaveLength(1);
  });
});
