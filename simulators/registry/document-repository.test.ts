import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { buildHttpApp, XDS_REGISTRY_PREFIX, XDS_REPOSITORY_PREFIX } from '../http-app.ts';
import { NS } from '../soap/namespaces.ts';
import { cidFromHref } from '../soap/mtom.ts';
import { injectSoap } from '../soap/test-inject.ts';
import { attr, element, elements, textOf } from '../soap/xml-tree.ts';
import { readRegistryResponse } from './registry-response.ts';
import { createRegistryService, type RegistryService } from './registry-service.ts';
import { PATIENT, provideRequest, REPOSITORY_ID, retrieveRequest, submission } from './test-submission.ts';
import { Action, ErrorCode, ResponseStatus } from './xds-constants.ts';
import { slotValue } from './xds-view.ts';

// Every byte value, CRLFs and something that looks like a MIME boundary: the transfer must be binary-safe.
const KOS = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('\r\n--MIMEBoundary_ixh_fake\r\n\r\n')]);
const REPORT = Buffer.from('<ClinicalDocument xmlns="urn:hl7-org:v3"><title>MRI brain</title></ClinicalDocument>');

let app: FastifyInstance;
let registry: RegistryService;
let evidence: EvidenceSink;

beforeEach(async () => {
  evidence = createEvidenceRecorder();
  registry = createRegistryService({ knownPatients: [PATIENT] });
  app = await buildHttpApp({ evidence, registry, repository: { repositoryUniqueId: REPOSITORY_ID } });
});
afterEach(async () => {
  await app.close();
});

const docs = [
  { id: 'Kos01', uniqueId: '2.25.9001', kind: 'kos' as const },
  { id: 'Report01', uniqueId: '2.25.9002', kind: 'report' as const },
];

async function provide(objects = submission({ docs }), documents = [{ id: 'Kos01', cid: 'kos@test' }, { id: 'Report01', cid: 'report@test' }], parts = [{ contentId: 'kos@test', contentType: 'application/dicom', body: KOS }, { contentId: 'report@test', contentType: 'text/xml', body: REPORT }]) {
  const answer = await injectSoap(app, XDS_REPOSITORY_PREFIX, Action.provideRequest, provideRequest(objects, documents), { attachments: parts });
  return { ...answer, response: readRegistryResponse(answer.envelope.body) };
}

describe('ITI-41 Provide and Register Document Set-b', () => {
  it('stores MTOM documents, adds hash, size and repositoryUniqueId, and registers them', async () => {
    const { response, envelope } = await provide();
    expect(response).toEqual({ status: 'Success', errors: [] });
    expect(envelope.addressing.action).toBe(Action.provideResponse);
    const entry = registry.store.byUniqueId('2.25.9001')[0]!.object;
    expect(slotValue(entry, 'hash')).toBe(createHash('sha1').update(KOS).digest('hex'));
    expect(slotValue(entry, 'size')).toBe(String(KOS.byteLength));
    expect(slotValue(entry, 'repositoryUniqueId')).toBe(REPOSITORY_ID);
    await evidence.flush();
    const seen = evidence.entries().map((e) => `${e.actor} ${e.transaction} ${e.direction} ${e.file.split('.').pop()}`);
    expect(seen).toEqual([
      'xds-repository ITI-41 request xml',
      'xds-repository ITI-41 request txt',
      'xds-repository ITI-41 request dcm',
      'xds-repository ITI-41 request xml',
      'xds-repository ITI-42 request xml',
      'xds-repository ITI-42 response xml',
      'xds-repository ITI-41 response xml',
      'xds-repository ITI-41 response txt', // an MTOM request is answered as MTOM: root part + outline
    ]);
    const outline = Buffer.from(await evidence.read(evidence.entries()[1]!)).toString();
    expect(outline).toContain('content-id: <kos@test>');
    expect(outline).toContain(`[${KOS.byteLength} bytes]`);
  });

  it('accepts documents inline as base64', async () => {
    const { response } = await provide(submission({ docs: [docs[1]!] }), [{ id: 'Report01', inline: REPORT } as never], []);
    expect(response.status).toBe('Success');
    expect(slotValue(registry.store.byUniqueId('2.25.9002')[0]!.object, 'size')).toBe(String(REPORT.byteLength));
  });

  it('answers XDSMissingDocument for an entry without a document, registering nothing', async () => {
    const { response } = await provide(submission({ docs }), [{ id: 'Kos01', cid: 'kos@test' }], [{ contentId: 'kos@test', contentType: 'application/dicom', body: KOS }]);
    expect(response.status).toBe('Failure');
    expect(response.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.missingDocument, location: 'Report01' })]);
    expect(registry.store.byUniqueId('2.25.9001')).toEqual([]);
  });

  it('answers XDSMissingDocumentMetadata for a document without an entry', async () => {
    const { response } = await provide(submission({ docs: [docs[0]!] }));
    expect(response.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.missingDocumentMetadata, location: 'Report01' })]);
  });

  it('answers XDSMissingDocument when an xop:Include points at a MIME part that is not there', async () => {
    const { response } = await provide(submission({ docs }), [{ id: 'Kos01', cid: 'kos@test' }, { id: 'Report01', cid: 'gone@test' }]);
    expect(response.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.missingDocument, codeContext: expect.stringContaining('cid:gone@test') })]);
  });

  it('answers XDSRepositoryMetadataError when the source gives a wrong hash', async () => {
    const { response } = await provide(submission({ docs: [{ ...docs[0]!, hash: 'b'.repeat(40) }] }), [{ id: 'Kos01', cid: 'kos@test' }], [{ contentId: 'kos@test', contentType: 'application/dicom', body: KOS }]);
    expect(response.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.repositoryMetadataError })]);
  });

  it('passes on the registry errors (XDSUnknownPatientId) and keeps no document', async () => {
    const stranger = '123456782^^^&2.16.840.1.113883.2.4.6.3&ISO';
    const { response } = await provide(submission({ patientId: stranger, docs: docs.map((d) => ({ ...d, patientId: stranger })) }));
    expect(response.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.unknownPatientId })]);
    const retrieve = await injectSoap(app, XDS_REPOSITORY_PREFIX, Action.retrieveRequest, retrieveRequest([{ repositoryUniqueId: REPOSITORY_ID, documentUniqueId: '2.25.9001' }]));
    expect(attr(element(retrieve.envelope.body, NS.rs, 'RegistryResponse')!, 'status')).toBe(ResponseStatus.failure);
  });
});

describe('ITI-43 Retrieve Document Set', () => {
  it('returns the documents byte for byte as MTOM parts', async () => {
    await provide();
    const answer = await injectSoap(app, XDS_REPOSITORY_PREFIX, Action.retrieveRequest, retrieveRequest(docs.map((d) => ({ repositoryUniqueId: REPOSITORY_ID, documentUniqueId: d.uniqueId }))));
    expect(answer.contentType).toMatch(/^multipart\/related;.*type="application\/xop\+xml"/);
    expect(answer.envelope.addressing.action).toBe(Action.retrieveResponse);
    const body = answer.envelope.body;
    expect(attr(element(body, NS.rs, 'RegistryResponse')!, 'status')).toBe(ResponseStatus.success);
    const got = elements(body, NS.xdsb, 'DocumentResponse').map((r) => {
      const href = attr(element(element(r, NS.xdsb, 'Document')!, NS.xop, 'Include')!, 'href')!;
      return { uid: textOf(element(r, NS.xdsb, 'DocumentUniqueId')), mime: textOf(element(r, NS.xdsb, 'mimeType')), bytes: answer.attachments.get(cidFromHref(href)!)!.body };
    });
    expect(got.map((g) => [g.uid, g.mime])).toEqual([['2.25.9001', 'application/dicom'], ['2.25.9002', 'text/xml']]);
    expect(got[0]!.bytes.equals(KOS)).toBe(true);
    expect(got[1]!.bytes.equals(REPORT)).toBe(true);
  });

  it('answers PartialSuccess with XDSDocumentUniqueIdError and XDSUnknownRepositoryId for what it cannot return', async () => {
    await provide();
    const answer = await injectSoap(
      app,
      XDS_REPOSITORY_PREFIX,
      Action.retrieveRequest,
      retrieveRequest([
        { repositoryUniqueId: REPOSITORY_ID, documentUniqueId: '2.25.9001' },
        { repositoryUniqueId: REPOSITORY_ID, documentUniqueId: '2.25.404' },
        { repositoryUniqueId: '1.2.3.999', documentUniqueId: '2.25.9002' },
      ]),
    );
    const response = readRegistryResponse(element(answer.envelope.body, NS.rs, 'RegistryResponse')!);
    expect(response.status).toBe('PartialSuccess');
    expect(response.errors.map((e) => e.errorCode)).toEqual([ErrorCode.documentUniqueIdError, ErrorCode.unknownRepositoryId]);
    expect(elements(answer.envelope.body, NS.xdsb, 'DocumentResponse')).toHaveLength(1);
  });

  it('answers Failure when nothing can be returned', async () => {
    const answer = await injectSoap(app, XDS_REPOSITORY_PREFIX, Action.retrieveRequest, retrieveRequest([{ repositoryUniqueId: REPOSITORY_ID, documentUniqueId: '2.25.404' }]));
    expect(readRegistryResponse(element(answer.envelope.body, NS.rs, 'RegistryResponse')!).status).toBe('Failure');
  });
});

describe('registry reached over HTTP', () => {
  let registryApp: FastifyInstance | undefined;
  afterEach(async () => {
    await registryApp?.close();
    registryApp = undefined;
  });

  it('registers through ITI-42 on a configurable registry endpoint (a real socket)', async () => {
    const remote = createRegistryService({ knownPatients: [PATIENT] });
    registryApp = await buildHttpApp({ evidence, registry: remote });
    const address = await registryApp.listen({ port: 0, host: '127.0.0.1' });
    const repoOnly = await buildHttpApp({ evidence, repository: { repositoryUniqueId: REPOSITORY_ID, registryUrl: `${address}${XDS_REGISTRY_PREFIX}` } });
    try {
      const answer = await injectSoap(repoOnly, XDS_REPOSITORY_PREFIX, Action.provideRequest, provideRequest(submission({ docs: [docs[1]!] }), [{ id: 'Report01', cid: 'r@t' }]), { attachments: [{ contentId: 'r@t', contentType: 'text/xml', body: REPORT }] });
      expect(readRegistryResponse(answer.envelope.body).status).toBe('Success');
      expect(remote.store.byUniqueId('2.25.9002')).toHaveLength(1);
    } finally {
      await repoOnly.close();
    }
  });

  it('answers XDSRegistryNotAvailable when the registry cannot be reached', async () => {
    const repoOnly = await buildHttpApp({ evidence, repository: { repositoryUniqueId: REPOSITORY_ID, registryUrl: 'http://127.0.0.1:9/xds/registry' } });
    try {
      const answer = await injectSoap(repoOnly, XDS_REPOSITORY_PREFIX, Action.provideRequest, provideRequest(submission({ docs: [docs[1]!] }), [{ id: 'Report01', cid: 'r@t' }]), { attachments: [{ contentId: 'r@t', contentType: 'text/xml', body: REPORT }] });
      expect(readRegistryResponse(answer.envelope.body).errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.registryNotAvailable })]);
    } finally {
      await repoOnly.close();
    }
  });
});
