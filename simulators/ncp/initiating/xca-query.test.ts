import { afterEach, describe, expect, it } from 'vitest';
import { NS } from '../../soap/namespaces.ts';
import { attr, element, elements } from '../../soap/xml-tree.ts';
import { readRegistryResponse } from '../../registry/registry-response.ts';
import { storedQuery } from '../../registry/xds-requests.ts';
import { StoredQuery } from '../../registry/xds-constants.ts';
import { SoapFaultError, Subcode } from '../../soap/soap-fault.ts';
import { GatewayAction } from './cross-gateway-actions.ts';
import { closedCommunity, fakeAssertions, startFakeCommunity, startGateway, type FakeCommunity, type RunningGateway } from './test-communities.ts';

const PATIENT = 'P-1^^^&1.2.3.4&ISO';
const HOME_A = 'urn:oid:2.999.1';
const HOME_C = 'urn:oid:2.999.3';
const doc = (patientId: string) => ({ mimeType: 'application/dicom', bytes: Buffer.from('x'), repositoryUniqueId: '2.999.1.9', patientId });

describe('ITI-38 / ITI-18 initiating: fan-out and merge', () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
  });
  async function community(...args: Parameters<typeof startFakeCommunity>): Promise<FakeCommunity> {
    const c = await startFakeCommunity(...args);
    closers.push(() => c.close());
    return c;
  }
  async function gateway(...args: Parameters<typeof startGateway>): Promise<RunningGateway> {
    const g = await startGateway(...args);
    closers.push(() => g.app.close());
    return g;
  }
  const findDocuments = (home?: string) => storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${PATIENT}'` }, 'LeafClass', home);

  it('merges two communities; one timing out gives PartialSuccess with XDSUnavailableCommunity naming it', async () => {
    const a = await community({ country: 'AT', homeCommunityId: HOME_A, documents: new Map([['2.25.11', doc(PATIENT)]]) });
    const slow = await community({ country: 'CZ', homeCommunityId: HOME_C, delayMs: 1500 });
    const assertions = fakeAssertions();
    const g = await gateway({ communities: [a.community, slow.community], assertions, timeoutMs: 300 });

    const started = Date.now();
    const answer = await g.call(GatewayAction.storedQuery, findDocuments(), { 'X-Ixh-Purpose-Of-Use': 'EMERGENCY' });
    expect(Date.now() - started).toBeLessThan(1400); // did not wait for the slow community

    const response = readRegistryResponse(answer.envelope.body);
    expect(response.status).toBe('PartialSuccess');
    expect(response.errors).toEqual([expect.objectContaining({ errorCode: 'XDSUnavailableCommunity', location: HOME_C })]);
    expect(response.errors[0]!.codeContext).toMatch(/CZ/);
    expect(response.errors[0]!.codeContext).toMatch(/300 ms/);
    const objects = elements(element(answer.envelope.body, NS.rim, 'RegistryObjectList')!);
    expect(objects.map((o) => attr(o, 'home'))).toEqual([HOME_A]);

    // Each outgoing call carried the security header with purpose and patient, and @home of its community.
    expect(a.received[0]!.security).toBe(`purpose=EMERGENCY;patient=${PATIENT}`);
    expect(slow.received[0]!.security).toBe(`purpose=EMERGENCY;patient=${PATIENT}`);
    expect(attr(element(a.received[0]!.body, NS.rim, 'AdhocQuery')!, 'home')).toBe(HOME_A);
    expect(a.received[0]!.action).toBe(GatewayAction.crossGatewayQuery);
    expect(assertions.requests).toHaveLength(2);
    // The gateway learnt which patient the document belongs to, for a later retrieve's TRC.
    expect(g.gateway.memory.document(HOME_A, '2.25.11')?.patientId).toBe(PATIENT);
  });

  it('answers Success with both communities merged when all answer (ITI-38 action too)', async () => {
    const a = await community({ country: 'AT', homeCommunityId: HOME_A, documents: new Map([['2.25.11', doc(PATIENT)]]) });
    const c = await community({ country: 'CZ', homeCommunityId: HOME_C, documents: new Map([['2.25.31', doc(PATIENT)], ['2.25.32', doc(PATIENT)]]) });
    const g = await gateway({ communities: [a.community, c.community] });
    const answer = await g.call(GatewayAction.crossGatewayQuery, findDocuments());
    expect(answer.envelope.addressing.action).toBe(GatewayAction.crossGatewayQueryResponse);
    expect(readRegistryResponse(answer.envelope.body)).toEqual({ status: 'Success', errors: [] });
    const homes = elements(element(answer.envelope.body, NS.rim, 'RegistryObjectList')!).map((o) => attr(o, 'home'));
    expect(homes.sort()).toEqual([HOME_A, HOME_C, HOME_C]);
    expect(a.received[0]!.security).toBe(`purpose=TREATMENT;patient=${PATIENT}`);
  });

  it('answers Failure when no community answers (one closed, one timing out)', async () => {
    const closed = await closedCommunity('AT', HOME_A);
    const slow = await community({ country: 'CZ', homeCommunityId: HOME_C, delayMs: 1000 });
    const g = await gateway({ communities: [closed, slow.community], timeoutMs: 200 });
    const response = readRegistryResponse((await g.call(GatewayAction.storedQuery, findDocuments())).envelope.body);
    expect(response.status).toBe('Failure');
    expect(response.errors.map((e) => [e.errorCode, e.location])).toEqual([
      ['XDSUnavailableCommunity', HOME_A],
      ['XDSUnavailableCommunity', HOME_C],
    ]);
    expect(response.errors[0]!.codeContext).toMatch(/AT.*unreachable/);
  });

  it('sends only to AdhocQuery/@home when given; an unknown @home is XDSUnknownCommunity', async () => {
    const a = await community({ country: 'AT', homeCommunityId: HOME_A });
    const c = await community({ country: 'CZ', homeCommunityId: HOME_C });
    const g = await gateway({ communities: [a.community, c.community] });
    expect(readRegistryResponse((await g.call(GatewayAction.storedQuery, findDocuments('urn:oid:2.999.3'))).envelope.body).status).toBe('Success');
    expect([a.received.length, c.received.length]).toEqual([0, 1]);

    const unknown = readRegistryResponse((await g.call(GatewayAction.storedQuery, findDocuments('urn:oid:9.9.9'))).envelope.body);
    expect(unknown).toEqual({ status: 'Failure', errors: [expect.objectContaining({ errorCode: 'XDSUnknownCommunity', location: 'urn:oid:9.9.9' })] });
  });

  it('refuses an invalid purpose of use and a body that is not a stored query with a Sender fault', async () => {
    const a = await community({ country: 'AT', homeCommunityId: HOME_A });
    const g = await gateway({ communities: [a.community] });
    const bad = await g.call(GatewayAction.storedQuery, findDocuments(), { 'X-Ixh-Purpose-Of-Use': 'CURIOSITY' });
    // An ixh subcode: a bad local HTTP header is no WS-Addressing problem (wsa:InvalidAddressingHeader).
    expect(bad.fault).toEqual({ code: 'env:Sender', subcode: 'ixh:BadRequestHeader', reason: expect.stringContaining('CURIOSITY') });
    const wrongBody = await g.call(GatewayAction.storedQuery, { name: 'x:Other', attrs: { 'xmlns:x': 'urn:x' } });
    expect(wrongBody.fault).toMatchObject({ code: 'env:Sender', subcode: 'ixh:UnexpectedBody', reason: expect.stringMatching(/AdhocQueryRequest/) });
    expect(a.received).toHaveLength(0);
  });

  it('a community answering a WS-Security Sender fault refused the query, it is not unavailable: PartialSuccess naming it and the subcode', async () => {
    const a = await community({ country: 'AT', homeCommunityId: HOME_A, documents: new Map([['2.25.11', doc(PATIENT)]]) });
    const nl = await community({ country: 'NL', homeCommunityId: HOME_C, refuse: new SoapFaultError('Sender', 'no TRC assertion: XCA requires a TRC assertion', [Subcode.securityTokenUnavailable]) });
    const g = await gateway({ communities: [a.community, nl.community] });
    const merged = readRegistryResponse((await g.call(GatewayAction.storedQuery, findDocuments())).envelope.body);
    expect(merged.status).toBe('PartialSuccess');
    expect(merged.errors).toEqual([
      expect.objectContaining({ errorCode: 'wsse:SecurityTokenUnavailable', location: HOME_C, codeContext: expect.stringMatching(/^community of NL .* refused the request with SOAP fault env:Sender\/wsse:SecurityTokenUnavailable: .*requires a TRC assertion/) }),
    ]);
    expect(merged.errors[0]!.codeContext).not.toMatch(/unavailable/);
  });
});
