import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import { buildHttpApp, XDS_REPOSITORY_PREFIX } from '../http-app.ts';
import { parseXmlSafely } from '../soap/safe-xml.ts';
import { injectSoap } from '../soap/test-inject.ts';
import { createRegistryService } from './registry-service.ts';
import { readRetrieveDocumentSetResponse, RESPONSE_READER_LOCATION } from './retrieve-response.ts';
import { PATIENT, provideRequest, REPOSITORY_ID, retrieveRequest, submission } from './test-submission.ts';
import { Action, ErrorCode } from './xds-constants.ts';

const KOS = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);
const REPORT = Buffer.from('<ClinicalDocument xmlns="urn:hl7-org:v3"/>');
const HOME = 'urn:oid:1.3.6.1.4.1.21367.13.70.1';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildHttpApp({ evidence: createEvidenceRecorder(), registry: createRegistryService({ knownPatients: [PATIENT] }), repository: { repositoryUniqueId: REPOSITORY_ID, homeCommunityId: HOME } });
  const docs = [{ id: 'Kos01', uniqueId: '2.25.7001', kind: 'kos' as const }, { id: 'Report01', uniqueId: '2.25.7002', kind: 'report' as const }];
  await injectSoap(app, XDS_REPOSITORY_PREFIX, Action.provideRequest, provideRequest(submission({ docs }), [{ id: 'Kos01', cid: 'k@t' }, { id: 'Report01', cid: 'r@t' }]), {
    attachments: [{ contentId: 'k@t', contentType: 'application/dicom', body: KOS }, { contentId: 'r@t', contentType: 'text/xml', body: REPORT }],
  });
});
afterAll(async () => {
  await app.close();
});

const retrieve = (uids: string[], repositoryUniqueId = REPOSITORY_ID) =>
  injectSoap(app, XDS_REPOSITORY_PREFIX, Action.retrieveRequest, retrieveRequest(uids.map((documentUniqueId) => ({ repositoryUniqueId, documentUniqueId }))));

describe('readRetrieveDocumentSetResponse', () => {
  it('reads the repository\'s ITI-43 answer: documents byte for byte, with mime type and home community', async () => {
    const answer = await retrieve(['2.25.7001', '2.25.7002']);
    const read = readRetrieveDocumentSetResponse(answer.envelope.body, answer.attachments);
    expect(read.status).toBe('Success');
    expect(read.errors).toEqual([]);
    expect(read.documents.map((d) => [d.documentUniqueId, d.repositoryUniqueId, d.mimeType, d.homeCommunityId])).toEqual([
      ['2.25.7001', REPOSITORY_ID, 'application/dicom', HOME],
      ['2.25.7002', REPOSITORY_ID, 'text/xml', HOME],
    ]);
    expect(Buffer.from(read.documents[0]!.bytes).equals(KOS)).toBe(true);
    expect(Buffer.from(read.documents[1]!.bytes).equals(REPORT)).toBe(true);
  });

  it('keeps the responder\'s errors of a PartialSuccess', async () => {
    const answer = await retrieve(['2.25.7001', '2.25.404']);
    const read = readRetrieveDocumentSetResponse(answer.envelope.body, answer.attachments);
    expect(read.status).toBe('PartialSuccess');
    expect(read.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.documentUniqueIdError, location: '2.25.404' })]);
    expect(read.documents).toHaveLength(1);
  });

  it('turns a missing MTOM part into an XDSMissingDocument item, not a crash', async () => {
    const answer = await retrieve(['2.25.7001', '2.25.7002']);
    const parts = new Map(answer.attachments);
    parts.delete([...parts.keys()][0]!);
    const read = readRetrieveDocumentSetResponse(answer.envelope.body, parts);
    expect(read.documents.map((d) => d.documentUniqueId)).toEqual(['2.25.7002']);
    expect(read.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.missingDocument, location: '2.25.7001', codeContext: expect.stringContaining('cid:') })]);
  });

  it('accepts inline base64 and reports a DocumentResponse that lacks its ids', () => {
    const body = parseXmlSafely(`<xdsb:RetrieveDocumentSetResponse xmlns:xdsb="urn:ihe:iti:xds-b:2007" xmlns:rs="urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0">
      <rs:RegistryResponse status="urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success"/>
      <xdsb:DocumentResponse><xdsb:RepositoryUniqueId>1.2</xdsb:RepositoryUniqueId><xdsb:DocumentUniqueId>1.2.3</xdsb:DocumentUniqueId><xdsb:mimeType>text/plain</xdsb:mimeType>
        <xdsb:Document>${Buffer.from('hello').toString('base64').replace(/(.{4})/, '$1\n')}</xdsb:Document></xdsb:DocumentResponse>
      <xdsb:DocumentResponse><xdsb:mimeType>text/plain</xdsb:mimeType><xdsb:Document>AA==</xdsb:Document></xdsb:DocumentResponse>
    </xdsb:RetrieveDocumentSetResponse>`);
    const read = readRetrieveDocumentSetResponse(body, new Map());
    expect(read.documents).toEqual([{ repositoryUniqueId: '1.2', documentUniqueId: '1.2.3', mimeType: 'text/plain', bytes: Buffer.from('hello') }]);
    expect(read.errors).toEqual([expect.objectContaining({ errorCode: ErrorCode.repositoryError, codeContext: 'DocumentResponse 2 lacks DocumentUniqueId, RepositoryUniqueId' })]);
  });

  it('reports another body, or one without RegistryResponse, as a Failure of the reader', () => {
    expect(readRetrieveDocumentSetResponse(parseXmlSafely('<x xmlns="urn:x"/>'), new Map())).toEqual({ status: 'Failure', documents: [], errors: [expect.objectContaining({ location: RESPONSE_READER_LOCATION })] });
    const bare = readRetrieveDocumentSetResponse(parseXmlSafely('<RetrieveDocumentSetResponse xmlns="urn:ihe:iti:xds-b:2007"/>'), new Map());
    expect(bare.status).toBe('Failure');
    expect(bare.errors[0]!.codeContext).toMatch(/without rs:RegistryResponse/);
  });
});
