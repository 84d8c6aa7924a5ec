/**
 * Schema proof: every SOAP message the registry and repository exchange in a full
 * provide / register / query / retrieve run (errors included) validates against the official
 * schemas (SOAP 1.2, ebRS 3.0, IHE XDS.b) with xmllint. The schemas are read from
 * ../shared/schemas beside the repository, never copied into it.
 * (test/schema-check.ts does the checking.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { peerDescribe } from '../../test/interop/require-peer.ts';
import { checkEvidenceEnvelopes, schemasAvailable } from '../../test/schema-check.ts';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import { buildHttpApp, XDS_REGISTRY_PREFIX, XDS_REPOSITORY_PREFIX } from '../http-app.ts';
import { injectSoap } from '../soap/test-inject.ts';
import { createRegistryService } from './registry-service.ts';
import { list, PATIENT, provideRequest, REPOSITORY_ID, retrieveRequest, storedQuery, submission, submitObjectsRequest } from './test-submission.ts';
import { Action, Status, StoredQuery } from './xds-constants.ts';

const describeWithXmllint = await peerDescribe('xmllint + ../shared/schemas', schemasAvailable);

describeWithXmllint('XDS.b messages validate against the official schemas', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-xds-schema-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('every request and response of a full run, errors included', async () => {
    const evidence = createEvidenceRecorder({ dir: join(dir, 'evidence') });
    const app = await buildHttpApp({ evidence, registry: createRegistryService({ knownPatients: [PATIENT] }), repository: { repositoryUniqueId: REPOSITORY_ID, homeCommunityId: 'urn:oid:1.3.6.1.4.1.21367.13.70.1' } });
    try {
      const kos = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from([0, 1, 2, 255])]);
      const report = Buffer.from('<ClinicalDocument xmlns="urn:hl7-org:v3"/>');
      const docs = [
        { id: 'Kos01', uniqueId: '2.25.501', kind: 'kos' as const, modality: 'CT', region: { code: '818981001', meaning: 'Abdomen' } },
        { id: 'Report01', uniqueId: '2.25.502', kind: 'report' as const },
      ];
      const parts = [
        { contentId: 'kos@ixh', contentType: 'application/dicom', body: kos },
        { contentId: 'report@ixh', contentType: 'text/xml', body: report },
      ];
      await injectSoap(app, XDS_REPOSITORY_PREFIX, Action.provideRequest, provideRequest(submission({ docs }), [{ id: 'Kos01', cid: 'kos@ixh' }, { id: 'Report01', cid: 'report@ixh' }]), { attachments: parts });
      await injectSoap(app, XDS_REPOSITORY_PREFIX, Action.provideRequest, provideRequest(submission({ docs: [{ ...docs[0]!, uniqueId: '2.25.503' }] }), []), {}); // XDSMissingDocument
      await injectSoap(app, XDS_REGISTRY_PREFIX, Action.registerRequest, submitObjectsRequest(submission({ docs: [{ ...docs[1]!, uniqueId: '2.25.504', hash: 'a'.repeat(40), size: 1, repositoryUniqueId: REPOSITORY_ID }] })));
      await injectSoap(app, XDS_REGISTRY_PREFIX, Action.registerRequest, submitObjectsRequest(submission({ docs: [{ ...docs[1]!, uniqueId: '2.25.505', omit: ['creationTime'] }] }))); // metadata error
      const base = { $XDSDocumentEntryPatientId: `'${PATIENT}'`, $XDSDocumentEntryStatus: list(Status.approved) };
      await injectSoap(app, XDS_REGISTRY_PREFIX, Action.queryRequest, storedQuery(StoredQuery.findDocuments, { ...base, $XDSDocumentEntryCreationTimeFrom: '2024' }, 'LeafClass'));
      await injectSoap(app, XDS_REGISTRY_PREFIX, Action.queryRequest, storedQuery(StoredQuery.findDocuments, base, 'ObjectRef'));
      await injectSoap(app, XDS_REGISTRY_PREFIX, Action.queryRequest, storedQuery(StoredQuery.getDocuments, { $XDSDocumentEntryUniqueId: list('2.25.501') }));
      await injectSoap(app, XDS_REGISTRY_PREFIX, Action.queryRequest, storedQuery(StoredQuery.getSubmissionSets, { $uuid: list('urn:uuid:00000000-0000-0000-0000-000000000001') }));
      await injectSoap(app, XDS_REGISTRY_PREFIX, Action.queryRequest, storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryStatus: list(Status.approved) })); // missing param
      await injectSoap(app, XDS_REPOSITORY_PREFIX, Action.retrieveRequest, retrieveRequest([{ repositoryUniqueId: REPOSITORY_ID, documentUniqueId: '2.25.501' }, { repositoryUniqueId: REPOSITORY_ID, documentUniqueId: '2.25.502' }]));
      await injectSoap(app, XDS_REPOSITORY_PREFIX, Action.retrieveRequest, retrieveRequest([{ repositoryUniqueId: REPOSITORY_ID, documentUniqueId: '2.25.501' }, { repositoryUniqueId: '1.2.3', documentUniqueId: '2.25.404' }]));
      await injectSoap(app, XDS_REPOSITORY_PREFIX, Action.retrieveRequest, retrieveRequest([{ repositoryUniqueId: REPOSITORY_ID, documentUniqueId: '2.25.999' }])); // Failure
    } finally {
      await app.close();
    }
    await evidence.close();

    const check = await checkEvidenceEnvelopes(evidence, dir);
    for (const t of ['ITI-41', 'ITI-42', 'ITI-18', 'ITI-43']) for (const d of ['request', 'response']) expect(check.transactions).toContain(`${t} ${d}`);
    expect(check.files.length).toBeGreaterThanOrEqual(20);
    expect(check.problems).toEqual([]);
    expect(check.exitCode).toBe(0);
  });
});
