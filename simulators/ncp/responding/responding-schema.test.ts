/**
 * Schema proof: every SOAP envelope NCP-A receives and sends in a run of all four transactions
 * (and the ITI-18 / ITI-43 / RAD-69 calls behind them), errors included, validates against the
 * official schemas in ../shared/schemas with xmllint.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { peerDescribe } from '../../../test/interop/require-peer.ts';
import { checkEvidenceEnvelopes, schemasAvailable } from '../../../test/schema-check.ts';
import { createEvidenceRecorder } from '../../evidence/recorder.ts';
import { buildImagingRetrieveRequest, RAD75_ACTION } from '../../imaging-source/rad69-messages.ts';
import { list, retrieveRequest, storedQuery } from '../../registry/xds-requests.ts';
import { Status, StoredQuery } from '../../registry/xds-constants.ts';
import { injectSoap } from '../../soap/test-inject.ts';
import { buildPatientDiscoveryQuery } from '../xcpd/patient-discovery-query.ts';
import { sampleQuery } from '../xcpd/test-messages.ts';
import { XCPD_ACTION } from '../xcpd/xcpd-constants.ts';
import { NCP_A_PATHS } from './responding-gateway.ts';
import { fixedAuthorizer, gatewayOptions, IMAGING_SOURCE_ID, KOS_UID, NCP_A, ncpA, PATIENT, REFUSED_AS_ERROR, REPOSITORY_ID, startBackends, trcFor, type Backends } from './test-backends.ts';
import { XcaAction } from '../xca-actions.ts';

const describeWithXmllint = await peerDescribe('xmllint + ../shared/schemas', schemasAvailable);

describeWithXmllint('NCP-A messages validate against the official schemas', () => {
  let dir: string;
  let backends: Backends;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-ncp-a-schema-'));
    backends = await startBackends();
  });
  afterAll(async () => {
    await backends.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('every envelope of ITI-55, ITI-38, ITI-39 and RAD-75 exchanges, errors included', async () => {
    const evidence = createEvidenceRecorder({ dir: join(dir, 'evidence') });
    const HOME = NCP_A.homeCommunityId;
    const ok = await ncpA(gatewayOptions(backends, { evidence, authorizer: trcFor(PATIENT) }));
    const refusing = await ncpA(gatewayOptions(backends, { evidence, authorizer: fixedAuthorizer(() => REFUSED_AS_ERROR) }));
    try {
      for (const app of [ok, refusing]) {
        await injectSoap(app, NCP_A_PATHS.xcpd, XCPD_ACTION, buildPatientDiscoveryQuery(sampleQuery()));
        await injectSoap(app, NCP_A_PATHS.xca, XcaAction.crossGatewayQuery, storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${PATIENT}'`, $XDSDocumentEntryStatus: list(Status.approved) }, 'LeafClass', HOME));
        await injectSoap(app, NCP_A_PATHS.xca, XcaAction.crossGatewayRetrieve, retrieveRequest([{ homeCommunityId: HOME, repositoryUniqueId: REPOSITORY_ID, documentUniqueId: KOS_UID }, { homeCommunityId: 'urn:oid:1.9', repositoryUniqueId: REPOSITORY_ID, documentUniqueId: '2.25.9' }]));
        await injectSoap(app, NCP_A_PATHS.xcai, RAD75_ACTION, buildImagingRetrieveRequest({ studies: [{ studyInstanceUid: '1.2.3', series: [{ seriesInstanceUid: '1.2.3.4', documents: [{ homeCommunityId: HOME, repositoryUniqueId: IMAGING_SOURCE_ID, documentUniqueId: '1.2.3.4.1' }, { homeCommunityId: HOME, repositoryUniqueId: IMAGING_SOURCE_ID, documentUniqueId: '1.2.3.4.404' }] }] }], transferSyntaxUids: ['1.2.840.10008.1.2.1'] }));
      }
      await injectSoap(ok, NCP_A_PATHS.xcpd, XCPD_ACTION, buildPatientDiscoveryQuery(sampleQuery({ livingSubjectIds: [] })));
      await injectSoap(ok, NCP_A_PATHS.xcpd, XCPD_ACTION, buildPatientDiscoveryQuery(sampleQuery({ birthDate: '19991231' })));
    } finally {
      await ok.close();
      await refusing.close();
    }
    await evidence.close();
    const check = await checkEvidenceEnvelopes(evidence, dir);
    for (const t of ['ITI-55', 'ITI-38', 'ITI-39', 'RAD-75', 'ITI-18', 'ITI-43', 'RAD-69']) for (const d of ['request', 'response']) expect(check.transactions).toContain(`${t} ${d}`);
    expect(check.problems).toEqual([]);
    expect(check.exitCode).toBe(0);
  });
});
