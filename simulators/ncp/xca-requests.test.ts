import { describe, expect, it } from 'vitest';
import { parseXmlSafely } from '../soap/safe-xml.ts';
import { element } from '../soap/xml-tree.ts';
import { NS } from '../soap/namespaces.ts';
import { serializeXml } from '../soap/xml-write.ts';
import { retrieveRequest, storedQuery } from '../registry/xds-requests.ts';
import { StoredQuery } from '../registry/xds-constants.ts';
import { queriedPatientId, readDocumentRequests } from './xca-requests.ts';

const PATIENT = 'P-1^^^&1.2.3&ISO';

describe('XCA request readers', () => {
  it('reads every DocumentRequest, a left-out HomeCommunityId as ""', () => {
    const body = parseXmlSafely(serializeXml(retrieveRequest([{ homeCommunityId: 'urn:oid:1.2', repositoryUniqueId: '1.9', documentUniqueId: '2.25.1' }, { repositoryUniqueId: '1.9', documentUniqueId: '2.25.2' }])));
    expect(readDocumentRequests(body)).toEqual([
      { homeCommunityId: 'urn:oid:1.2', repositoryUniqueId: '1.9', documentUniqueId: '2.25.1' },
      { homeCommunityId: '', repositoryUniqueId: '1.9', documentUniqueId: '2.25.2' },
    ]);
  });

  it('finds the queried patient among the given parameters, quotes removed', () => {
    const adhoc = (params: Record<string, string>) => element(parseXmlSafely(serializeXml(storedQuery(StoredQuery.findDocuments, params))), NS.rim, 'AdhocQuery')!;
    expect(queriedPatientId(adhoc({ $XDSDocumentEntryPatientId: `'${PATIENT}'` }))).toBe(PATIENT);
    expect(queriedPatientId(adhoc({ $XDSSubmissionSetPatientId: `'${PATIENT}'` }))).toBe(PATIENT);
    expect(queriedPatientId(adhoc({ $XDSSubmissionSetPatientId: `'${PATIENT}'` }), ['$XDSDocumentEntryPatientId'])).toBeUndefined();
    expect(queriedPatientId(adhoc({ $XDSDocumentEntryPatientId: `'unterminated` }))).toBe('unterminated');
  });
});
