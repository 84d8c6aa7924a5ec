/**
 * Schema proof: every SOAP envelope NCP-B records (local requests and answers, cross-border
 * calls and their answers, merged and partial answers, AE answers) validates against the official
 * schemas with xmllint (test/schema-check.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { peerDescribe } from '../../../test/interop/require-peer.ts';
import { checkEvidenceEnvelopes, schemasAvailable } from '../../../test/schema-check.ts';
import { createEvidenceRecorder } from '../../evidence/recorder.ts';
import { buildImagingRetrieveRequest } from '../../imaging-source/rad69-messages.ts';
import { retrieveRequest, storedQuery } from '../../registry/xds-requests.ts';
import { StoredQuery } from '../../registry/xds-constants.ts';
import { buildPatientDiscoveryQuery } from '../xcpd/index.ts';
import { NL_BSN, sampleQuery } from '../xcpd/test-messages.ts';
import { GatewayAction } from './cross-gateway-actions.ts';
import { closedCommunity, startFakeCommunity, startGateway } from './test-communities.ts';

const describeWithXmllint = await peerDescribe('xmllint + ../shared/schemas', schemasAvailable);
const PATIENT = 'P-1^^^&2.16.840.1.113883.2.4.6.3&ISO';

describeWithXmllint('NCP-B messages validate against the official schemas', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-ncp-b-schema-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('every envelope of a run over a live and an unreachable community', async () => {
    const evidence = createEvidenceRecorder({ dir: join(dir, 'evidence') });
    const home = 'urn:oid:2.16.840.1.113883.2.4.6.6';
    const nl = await startFakeCommunity({
      country: 'NL',
      homeCommunityId: home,
      nationalIdOid: NL_BSN,
      documents: new Map([
        ['2.25.11', { mimeType: 'text/xml', bytes: Buffer.from('<ClinicalDocument xmlns="urn:hl7-org:v3"/>'), repositoryUniqueId: '2.999.9', patientId: PATIENT, studyInstanceUid: '2.25.5' }],
        ['2.25.12', { mimeType: 'application/dicom', bytes: Buffer.from('DICM'), repositoryUniqueId: '2.999.9', patientId: PATIENT }],
      ]),
    });
    const down = await closedCommunity('CZ', 'urn:oid:2.999.3');
    const g = await startGateway({ communities: [nl.community, down] }, evidence);
    try {
      await g.call(GatewayAction.xcpd, buildPatientDiscoveryQuery(sampleQuery({ receiver: { deviceOid: '2.999.1' } })));
      await g.call(GatewayAction.xcpd, buildPatientDiscoveryQuery(sampleQuery({ receiver: { deviceOid: '2.999.1' }, livingSubjectIds: [{ root: '1.2.3.999', extension: '1' }] })));
      await g.call(GatewayAction.storedQuery, storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${PATIENT}'` }));
      await g.call(GatewayAction.crossGatewayQuery, storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${PATIENT}'` }, 'ObjectRef', home));
      await g.call(GatewayAction.retrieve, retrieveRequest([{ homeCommunityId: home, repositoryUniqueId: '2.999.9', documentUniqueId: '2.25.11' }, { homeCommunityId: 'urn:oid:2.999.3', repositoryUniqueId: '1', documentUniqueId: '2.25.31' }]));
      await g.call(GatewayAction.crossGatewayRetrieve, retrieveRequest([{ homeCommunityId: 'urn:oid:7.7', repositoryUniqueId: '1', documentUniqueId: '2.25.71' }]));
      await g.call(
        GatewayAction.imagingRetrieve,
        buildImagingRetrieveRequest({ studies: [{ studyInstanceUid: '2.25.5', series: [{ seriesInstanceUid: '2.25.6', documents: [{ homeCommunityId: home, repositoryUniqueId: '2.999.9', documentUniqueId: '2.25.12' }] }] }], transferSyntaxUids: ['1.2.840.10008.1.2.1'] }),
      );
    } finally {
      await g.app.close();
      await nl.close();
    }
    await evidence.close();
    const check = await checkEvidenceEnvelopes(evidence, dir);
    expect(check.problems).toEqual([]);
    expect(check.exitCode).toBe(0);
    for (const t of ['ITI-55', 'ITI-18', 'ITI-38', 'ITI-43', 'ITI-39', 'RAD-69', 'RAD-75']) {
      expect(check.transactions).toContain(`${t} request`);
      expect(check.transactions).toContain(`${t} response`);
    }
  });
});
