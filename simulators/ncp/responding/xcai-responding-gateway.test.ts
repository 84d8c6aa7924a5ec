import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildImagingRetrieveRequest, RAD75_ACTION, RAD75_RESPONSE_ACTION, TRANSFER_SYNTAX } from '../../imaging-source/rad69-messages.ts';
import { readRetrieveDocumentSetResponse } from '../../registry/retrieve-response.ts';
import { injectSoap } from '../../soap/test-inject.ts';
import { NS } from '../../soap/namespaces.ts';
import { element, textOf } from '../../soap/xml-tree.ts';
import { NCP_A_PATHS } from './responding-gateway.ts';
import { fixedAuthorizer, gatewayOptions, IMAGING_SOURCE_ID, NCP_A, ncpA, REFUSED_AS_ERROR, SOP_BYTES, startBackends, type Backends } from './test-backends.ts';
import type { RespondingGatewayOptions } from './gateway-options.ts';

const HOME = NCP_A.homeCommunityId;
const doc = (documentUniqueId: string, homeCommunityId = HOME) => ({ homeCommunityId, repositoryUniqueId: IMAGING_SOURCE_ID, documentUniqueId });
const request = (documents: ReturnType<typeof doc>[]) => buildImagingRetrieveRequest({ studies: [{ studyInstanceUid: '1.2.3', series: [{ seriesInstanceUid: '1.2.3.4', documents }] }], transferSyntaxUids: [TRANSFER_SYNTAX.explicitVrLittleEndian] });

describe('NCP-A XCA-I Responding Imaging Gateway (RAD-75)', () => {
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

  it('forwards as RAD-69 and returns the instances byte for byte with HomeCommunityId', async () => {
    const { app: ncp, options } = await gateway();
    const res = await injectSoap(ncp, NCP_A_PATHS.xcai, RAD75_ACTION, request([doc('1.2.3.4.1'), doc('1.2.3.4.2')]));
    expect(res.envelope.addressing.action).toBe(RAD75_RESPONSE_ACTION);
    const read = readRetrieveDocumentSetResponse(res.envelope.body, res.attachments);
    expect(read.status).toBe('Success');
    expect(read.documents.map((d) => [d.homeCommunityId, d.documentUniqueId])).toEqual([[HOME, '1.2.3.4.1'], [HOME, '1.2.3.4.2']]);
    for (const d of read.documents) expect(Buffer.compare(Buffer.from(d.bytes), SOP_BYTES.get(d.documentUniqueId)!)).toBe(0);
    expect(options.evidence.entries().map((e) => e.transaction)).toContain('RAD-69');
  });

  it('answers PartialSuccess when another community\'s and an unknown instance fail', async () => {
    const { app: ncp } = await gateway();
    const res = await injectSoap(ncp, NCP_A_PATHS.xcai, RAD75_ACTION, request([doc('1.2.3.4.1'), doc('1.2.3.4.2', 'urn:oid:1.2.3.999'), doc('1.2.3.4.404')]));
    const read = readRetrieveDocumentSetResponse(res.envelope.body, res.attachments);
    expect(read.status).toBe('PartialSuccess');
    expect(read.errors.map((e) => [e.errorCode, e.location])).toEqual([['XDSUnknownCommunity', '1.2.3.4.2'], ['XDSDocumentUniqueIdError', '1.2.3.4.404']]);
    expect(read.documents.map((d) => d.documentUniqueId)).toEqual(['1.2.3.4.1']);
  });

  it('answers XDSRepositoryNotAvailable when the imaging source is down, and the eHDSI code when refused', async () => {
    const { app: ncp } = await gateway({ imagingSourceUrl: 'http://127.0.0.1:9/rad69' });
    const down = readRetrieveDocumentSetResponse((await injectSoap(ncp, NCP_A_PATHS.xcai, RAD75_ACTION, request([doc('1.2.3.4.1')]))).envelope.body, new Map());
    expect(down).toMatchObject({ status: 'Failure', errors: [{ errorCode: 'XDSRepositoryNotAvailable', location: '1.2.3.4.1' }] });
    await app!.close();
    const { app: refusing } = await gateway({ authorizer: fixedAuthorizer(() => REFUSED_AS_ERROR) });
    const refused = readRetrieveDocumentSetResponse((await injectSoap(refusing, NCP_A_PATHS.xcai, RAD75_ACTION, request([doc('1.2.3.4.1')]))).envelope.body, new Map());
    expect(refused).toMatchObject({ status: 'Failure', errors: [{ errorCode: '4701' }] });
  });

  it('answers a malformed request with a Sender fault', async () => {
    const { app: ncp } = await gateway();
    const res = await injectSoap(ncp, NCP_A_PATHS.xcai, RAD75_ACTION, buildImagingRetrieveRequest({ studies: [], transferSyntaxUids: ['1.2.840.10008.1.2.1'] }));
    expect(res.statusCode).toBe(400);
    expect(textOf(element(res.envelope.body, NS.env, 'Reason'))).toContain('no StudyRequest');
  });
});
