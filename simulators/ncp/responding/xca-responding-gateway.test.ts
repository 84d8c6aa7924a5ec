import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cidFromHref } from '../../soap/mtom.ts';
import { NS } from '../../soap/namespaces.ts';
import { injectSoap } from '../../soap/test-inject.ts';
import { attr, element, elements, textOf, type XmlElement } from '../../soap/xml-tree.ts';
import { readRegistryResponse } from '../../registry/registry-response.ts';
import { list, retrieveRequest, storedQuery } from '../../registry/xds-requests.ts';
import { Status, StoredQuery } from '../../registry/xds-constants.ts';
import { NCP_A_PATHS } from './responding-gateway.ts';
import { fixedAuthorizer, gatewayOptions, KOS_BYTES, KOS_UID, NCP_A, ncpA, OTHER_PATIENT_DOC, PATIENT, REFUSED_AS_ERROR, REFUSED_AS_FAULT, REPORT_BYTES, REPORT_UID, REPOSITORY_ID, startBackends, trcFor, type Backends } from './test-backends.ts';
import { XcaAction } from '../xca-actions.ts';
import type { RespondingGatewayOptions } from './gateway-options.ts';

const HOME = NCP_A.homeCommunityId;
const findDocuments = (home?: string) => storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${PATIENT}'`, $XDSDocumentEntryStatus: list(Status.approved) }, 'LeafClass', home);

function errorsOf(body: XmlElement) {
  const response = body.local === 'RetrieveDocumentSetResponse' ? element(body, NS.rs, 'RegistryResponse')! : body;
  return readRegistryResponse(response);
}

describe('NCP-A XCA Responding Gateway (ITI-38, ITI-39)', () => {
  let backends: Backends;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    backends = await startBackends();
  });
  afterAll(async () => {
    await backends.close();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  async function gateway(extra: Partial<RespondingGatewayOptions> = {}) {
    const options = gatewayOptions(backends, extra);
    app = await ncpA(options);
    return { app, options };
  }

  it('ITI-38 forwards to the registry as ITI-18 and sets home on every returned object', async () => {
    const authorizer = fixedAuthorizer((what) => ({ ok: true, emergency: false, hcp: hcp(), trc: { assertionId: '_t', patientId: what.patientId ?? '', purposeOfUse: 'TREATMENT', hcpAssertionId: '_h' } }));
    const { app: ncp, options } = await gateway({ authorizer });
    const res = await injectSoap(ncp, NCP_A_PATHS.xca, XcaAction.crossGatewayQuery, findDocuments(HOME));
    expect(res.envelope.addressing.action).toBe(XcaAction.crossGatewayQueryResponse);
    expect(errorsOf(res.envelope.body)).toEqual({ status: 'Success', errors: [] });
    const objects = elements(element(res.envelope.body, NS.rim, 'RegistryObjectList')!, NS.rim, 'ExtrinsicObject');
    expect(objects).toHaveLength(2);
    expect(objects.map((o) => attr(o, 'home'))).toEqual([HOME, HOME]);
    expect(authorizer.asked).toEqual([{ transaction: 'ITI-38', requireTrc: true, patientId: PATIENT }]);
    expect(options.evidence.entries().map((e) => `${e.transaction} ${e.direction}`)).toEqual(['ITI-38 request', 'ITI-18 request', 'ITI-18 response', 'ITI-38 response']);
  });

  it('ITI-38 with ObjectRef return type homes the ObjectRefs too', async () => {
    const { app: ncp } = await gateway();
    const body = storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${PATIENT}'`, $XDSDocumentEntryStatus: list(Status.approved) }, 'ObjectRef');
    const res = await injectSoap(ncp, NCP_A_PATHS.xca, XcaAction.crossGatewayQuery, body);
    const refs = elements(element(res.envelope.body, NS.rim, 'RegistryObjectList')!, NS.rim, 'ObjectRef');
    expect(refs.length).toBe(2);
    expect(refs.every((r) => attr(r, 'home') === HOME)).toBe(true);
  });

  it('ITI-38 for another community answers XDSUnknownCommunity without asking the registry', async () => {
    const { app: ncp, options } = await gateway();
    const res = await injectSoap(ncp, NCP_A_PATHS.xca, XcaAction.crossGatewayQuery, findDocuments('urn:oid:1.2.3.999'));
    expect(errorsOf(res.envelope.body)).toMatchObject({ status: 'Failure', errors: [{ errorCode: 'XDSUnknownCommunity', location: HOME }] });
    expect(options.evidence.entries().some((e) => e.transaction === 'ITI-18')).toBe(false);
  });

  it('ITI-38 refused as error answers a Failure carrying the eHDSI code; refused as fault a SOAP fault', async () => {
    const { app: ncp } = await gateway({ authorizer: fixedAuthorizer(() => REFUSED_AS_ERROR) });
    const res = await injectSoap(ncp, NCP_A_PATHS.xca, XcaAction.crossGatewayQuery, findDocuments(HOME));
    expect(errorsOf(res.envelope.body)).toMatchObject({ status: 'Failure', errors: [{ errorCode: '4701', codeContext: expect.stringContaining('No consent'), location: HOME }] });
    await app!.close();
    const { app: faulting } = await gateway({ authorizer: fixedAuthorizer(() => REFUSED_AS_FAULT) });
    const fault = await injectSoap(faulting, NCP_A_PATHS.xca, XcaAction.crossGatewayQuery, findDocuments(HOME));
    expect(fault.statusCode).toBe(400);
    expect(textOf(element(fault.envelope.body, NS.env, 'Reason'))).toContain('does not verify');
  });

  it('ITI-38 authorises FindSubmissionSets, FindFolders and GetAll against the patient they name (4206 on mismatch), not against nobody', async () => {
    const mismatch = fixedAuthorizer((what) =>
      what.patientId === PATIENT
        ? { ok: true, emergency: false, hcp: hcp(), trc: { assertionId: '_t', patientId: PATIENT, purposeOfUse: 'TREATMENT', hcpAssertionId: '_h' } }
        : { ok: false, answer: 'error', code: '4206', message: 'Unknown Patient Identifier: the query is for another patient than the TRC assertion' },
    );
    const { app: ncp, options } = await gateway({ authorizer: mismatch });
    const other = 'OTHER-9^^^&1.2.3.4&ISO';
    for (const [queryId, param] of [[StoredQuery.findSubmissionSets, '$XDSSubmissionSetPatientId'], [StoredQuery.findFolders, '$XDSFolderPatientId'], [StoredQuery.getAll, '$patientId']] as const) {
      const res = await injectSoap(ncp, NCP_A_PATHS.xca, XcaAction.crossGatewayQuery, storedQuery(queryId, { [param]: `'${other}'` }));
      expect(errorsOf(res.envelope.body)).toMatchObject({ status: 'Failure', errors: [{ errorCode: '4206', location: HOME }] });
    }
    expect(mismatch.asked.map((w) => w.patientId)).toEqual([other, other, other]);
    expect(options.evidence.entries().some((e) => e.transaction === 'ITI-18')).toBe(false);
  });

  it('ITI-38 naming no patient (GetDocuments, GetAssociations by id) is Failure 4705 without asking the authorizer or the registry', async () => {
    const authorizer = fixedAuthorizer(() => ({ ok: true, emergency: false, hcp: hcp(), trc: { assertionId: '_t', patientId: PATIENT, purposeOfUse: 'TREATMENT', hcpAssertionId: '_h' } }));
    const { app: ncp, options } = await gateway({ authorizer });
    for (const [queryId, params] of [[StoredQuery.getDocuments, { $XDSDocumentEntryUniqueId: list(REPORT_UID) }], [StoredQuery.getAssociations, { $uuid: list('urn:uuid:00000000-0000-4000-8000-000000000001') }]] as const) {
      const res = await injectSoap(ncp, NCP_A_PATHS.xca, XcaAction.crossGatewayQuery, storedQuery(queryId, params));
      const read = errorsOf(res.envelope.body);
      expect(read).toMatchObject({ status: 'Failure', errors: [{ errorCode: '4705', location: HOME }] });
      expect(read.errors[0]!.codeContext).toMatch(/^Policy violation: stored query Get(Documents|Associations) names no patient .*must name the patient whose TRC assertion it presents/);
      expect(element(res.envelope.body, NS.rim, 'RegistryObjectList')?.children ?? []).toEqual([]);
    }
    expect(authorizer.asked).toEqual([]);
    expect(options.evidence.entries().some((e) => e.transaction === 'ITI-18')).toBe(false);
  });

  it('ITI-38 with the registry unreachable answers XDSRegistryNotAvailable in bounded time', async () => {
    const { app: ncp } = await gateway({ registryUrl: 'http://127.0.0.1:9/xds/registry' });
    const started = Date.now();
    const res = await injectSoap(ncp, NCP_A_PATHS.xca, XcaAction.crossGatewayQuery, findDocuments(HOME));
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(errorsOf(res.envelope.body)).toMatchObject({ status: 'Failure', errors: [{ errorCode: 'XDSRegistryNotAvailable' }] });
  });

  it('ITI-38 times out on a registry that never answers', async () => {
    const { app: ncp } = await gateway({ timeoutMs: 200, transport: () => new Promise((_resolve, reject) => setTimeout(() => reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' })), 200)) });
    const res = await injectSoap(ncp, NCP_A_PATHS.xca, XcaAction.crossGatewayQuery, findDocuments(HOME));
    expect(errorsOf(res.envelope.body).errors[0]).toMatchObject({ errorCode: 'XDSRegistryNotAvailable', codeContext: expect.stringContaining('no answer within 200 ms') });
  });

  it('ITI-39 returns the documents byte for byte as MTOM parts with HomeCommunityId', async () => {
    const { app: ncp } = await gateway({ authorizer: trcFor(PATIENT) });
    const res = await injectSoap(ncp, NCP_A_PATHS.xca, XcaAction.crossGatewayRetrieve, retrieveRequest([KOS_UID, REPORT_UID].map((documentUniqueId) => ({ homeCommunityId: HOME, repositoryUniqueId: REPOSITORY_ID, documentUniqueId }))));
    expect(res.envelope.addressing.action).toBe(XcaAction.crossGatewayRetrieveResponse);
    expect(res.contentType).toMatch(/^multipart\/related/);
    expect(errorsOf(res.envelope.body)).toEqual({ status: 'Success', errors: [] });
    const responses = elements(res.envelope.body, NS.xdsb, 'DocumentResponse');
    const byUid = new Map(responses.map((r) => [textOf(element(r, NS.xdsb, 'DocumentUniqueId')), r]));
    for (const [uid, bytes] of [[KOS_UID, KOS_BYTES], [REPORT_UID, REPORT_BYTES]] as const) {
      const r = byUid.get(uid)!;
      expect(textOf(element(r, NS.xdsb, 'HomeCommunityId'))).toBe(HOME);
      const include = element(element(r, NS.xdsb, 'Document')!, NS.xop, 'Include')!;
      const part = res.attachments.get(cidFromHref(attr(include, 'href')!)!)!;
      expect(Buffer.compare(part.body, bytes)).toBe(0);
    }
  });

  it('ITI-39 refuses another community, an unknown repository and another patient\'s document, and returns the rest (PartialSuccess)', async () => {
    const { app: ncp } = await gateway({ authorizer: trcFor(PATIENT) });
    const res = await injectSoap(
      ncp,
      NCP_A_PATHS.xca,
      XcaAction.crossGatewayRetrieve,
      retrieveRequest([
        { homeCommunityId: HOME, repositoryUniqueId: REPOSITORY_ID, documentUniqueId: KOS_UID },
        { homeCommunityId: 'urn:oid:1.2.3.999', repositoryUniqueId: REPOSITORY_ID, documentUniqueId: REPORT_UID },
        { homeCommunityId: HOME, repositoryUniqueId: '1.2.3.404', documentUniqueId: '2.25.404' },
        { homeCommunityId: HOME, repositoryUniqueId: REPOSITORY_ID, documentUniqueId: OTHER_PATIENT_DOC },
      ]),
    );
    const read = errorsOf(res.envelope.body);
    expect(read.status).toBe('PartialSuccess');
    expect(read.errors.map((e) => [e.errorCode, e.location])).toEqual([
      ['XDSUnknownCommunity', REPORT_UID],
      ['XDSUnknownRepositoryId', '2.25.404'],
      ['XDSDocumentUniqueIdError', OTHER_PATIENT_DOC],
    ]);
    expect(elements(res.envelope.body, NS.xdsb, 'DocumentResponse')).toHaveLength(1);
  });

  it('ITI-39 with the repository down answers XDSRepositoryNotAvailable', async () => {
    const { app: ncp } = await gateway({ repositories: { [REPOSITORY_ID]: 'http://127.0.0.1:9/xds/repository' } });
    const res = await injectSoap(ncp, NCP_A_PATHS.xca, XcaAction.crossGatewayRetrieve, retrieveRequest([{ homeCommunityId: HOME, repositoryUniqueId: REPOSITORY_ID, documentUniqueId: KOS_UID }]));
    expect(errorsOf(res.envelope.body)).toMatchObject({ status: 'Failure', errors: [{ errorCode: 'XDSRepositoryNotAvailable', location: KOS_UID }] });
  });

  it('ITI-39 refused as error answers a Failure with the eHDSI code', async () => {
    const { app: ncp } = await gateway({ authorizer: fixedAuthorizer(() => REFUSED_AS_ERROR) });
    const res = await injectSoap(ncp, NCP_A_PATHS.xca, XcaAction.crossGatewayRetrieve, retrieveRequest([{ homeCommunityId: HOME, repositoryUniqueId: REPOSITORY_ID, documentUniqueId: KOS_UID }]));
    expect(errorsOf(res.envelope.body)).toMatchObject({ status: 'Failure', errors: [{ errorCode: '4701' }] });
    expect(elements(res.envelope.body, NS.xdsb, 'DocumentResponse')).toHaveLength(0);
  });

  it('records break-the-glass access when the authorizer grants an emergency', async () => {
    const { app: ncp, options } = await gateway({ authorizer: trcFor(PATIENT, true) });
    await injectSoap(ncp, NCP_A_PATHS.xca, XcaAction.crossGatewayQuery, findDocuments(HOME));
    const entry = options.evidence.entries().find((e) => e.transaction === 'break-the-glass');
    expect(entry).toBeDefined();
    const body = JSON.parse(Buffer.from(await options.evidence.read(entry!)).toString('utf8')) as { patient: string; transaction: string; hcp: { subjectId: string } };
    expect(body).toMatchObject({ patient: PATIENT, transaction: 'ITI-38', hcp: { subjectId: 'Test HCP' } });
  });
});

function hcp() {
  return { assertionId: '_h', subjectId: 'Dr Test', nameId: 't', role: '221', organisation: 'O', organisationId: 'urn:oid:1.2', facilityType: 'Hospital', purposeOfUse: 'TREATMENT' as const, locality: 'FR', permissions: [] };
}
