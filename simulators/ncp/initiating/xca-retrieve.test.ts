import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { NS } from '../../soap/namespaces.ts';
import { elements, textOf, element } from '../../soap/xml-tree.ts';
import { readRegistryResponse } from '../../registry/registry-response.ts';
import { retrieveRequest, storedQuery } from '../../registry/xds-requests.ts';
import { StoredQuery } from '../../registry/xds-constants.ts';
import { GatewayAction } from './cross-gateway-actions.ts';
import { readRetrieveDocumentSetResponse } from '../../registry/retrieve-response.ts';
import { closedCommunity, startFakeCommunity, startGateway, type FakeCommunity, type RunningGateway } from './test-communities.ts';

const PATIENT = 'P-7^^^&1.2.3.4&ISO';
const HOME_A = 'urn:oid:2.999.1';
const HOME_C = 'urn:oid:2.999.3';
const REPO_A = '2.999.1.9';
const REPO_C = '2.999.3.9';

describe('ITI-43 / ITI-39 initiating: grouped by community, merged', () => {
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

  it('sends one ITI-39 per community and merges documents with their MTOM parts byte for byte', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\r\n'), randomBytes(3000), Buffer.from([0, 13, 10, 0xff])]);
    const cda = Buffer.from('<ClinicalDocument xmlns="urn:hl7-org:v3"><title>Report é</title></ClinicalDocument>');
    const dicom = randomBytes(5000);
    const a = await community({ country: 'AT', homeCommunityId: HOME_A, documents: new Map([
      ['2.25.11', { mimeType: 'application/pdf', bytes: pdf, repositoryUniqueId: REPO_A, patientId: PATIENT }],
      ['2.25.12', { mimeType: 'text/xml', bytes: cda, repositoryUniqueId: REPO_A, patientId: PATIENT }],
    ]) });
    const c = await community({ country: 'CZ', homeCommunityId: HOME_C, documents: new Map([['2.25.31', { mimeType: 'application/dicom', bytes: dicom, repositoryUniqueId: REPO_C, patientId: 'Q-1^^^&9.9&ISO' }]]) });
    const g = await gateway({ communities: [a.community, c.community] });
    // The gateway learns the patients from its own ITI-38 answer first.
    await g.call(GatewayAction.storedQuery, storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${PATIENT}'` }));

    const answer = await g.call(GatewayAction.retrieve, retrieveRequest([
      { homeCommunityId: HOME_A, repositoryUniqueId: REPO_A, documentUniqueId: '2.25.11' },
      { homeCommunityId: HOME_C, repositoryUniqueId: REPO_C, documentUniqueId: '2.25.31' },
      { homeCommunityId: HOME_A, repositoryUniqueId: REPO_A, documentUniqueId: '2.25.12' },
    ]));
    expect(answer.envelope.addressing.action).toBe(GatewayAction.retrieveResponse);
    const read = readRetrieveDocumentSetResponse(answer.envelope.body, answer.attachments);
    expect(read.status).toBe('Success');
    const byId = new Map(read.documents.map((d) => [d.documentUniqueId, d]));
    expect(byId.get('2.25.11')).toMatchObject({ homeCommunityId: HOME_A, mimeType: 'application/pdf' });
    expect(Buffer.from(byId.get('2.25.11')!.bytes).equals(pdf)).toBe(true);
    expect(Buffer.from(byId.get('2.25.12')!.bytes).equals(cda)).toBe(true);
    expect(byId.get('2.25.31')).toMatchObject({ homeCommunityId: HOME_C, repositoryUniqueId: REPO_C });
    expect(Buffer.from(byId.get('2.25.31')!.bytes).equals(dicom)).toBe(true);
    // Never base64: every document is an xop:Include.
    for (const d of elements(answer.envelope.body, NS.xdsb, 'DocumentResponse')) expect(element(element(d, NS.xdsb, 'Document')!, NS.xop, 'Include')).toBeDefined();

    // Grouped: one ITI-39 per community with only its documents, each with a TRC for the remembered patient.
    const retrievesA = a.received.filter((r) => r.action === GatewayAction.crossGatewayRetrieve);
    expect(retrievesA).toHaveLength(1);
    expect(elements(retrievesA[0]!.body, NS.xdsb, 'DocumentRequest').map((r) => textOf(element(r, NS.xdsb, 'DocumentUniqueId')))).toEqual(['2.25.11', '2.25.12']);
    expect(retrievesA[0]!.security).toBe(`purpose=TREATMENT;patient=${PATIENT}`);
    const retrievesC = c.received.filter((r) => r.action === GatewayAction.crossGatewayRetrieve);
    expect(retrievesC[0]!.security).toBe('purpose=TREATMENT;patient=Q-1^^^&9.9&ISO');
  });

  it('unknown HomeCommunityId → XDSUnknownCommunity; unreachable community → XDSUnavailableCommunity; PartialSuccess', async () => {
    const a = await community({ country: 'AT', homeCommunityId: HOME_A, documents: new Map([['2.25.11', { mimeType: 'application/pdf', bytes: Buffer.from('%PDF'), repositoryUniqueId: REPO_A, patientId: PATIENT }]]) });
    const down = await closedCommunity('CZ', HOME_C);
    const g = await gateway({ communities: [a.community, down] });
    const answer = await g.call(
      GatewayAction.crossGatewayRetrieve,
      retrieveRequest([
        { homeCommunityId: HOME_A, repositoryUniqueId: REPO_A, documentUniqueId: '2.25.11' },
        { homeCommunityId: HOME_C, repositoryUniqueId: REPO_C, documentUniqueId: '2.25.31' },
        { homeCommunityId: 'urn:oid:7.7.7', repositoryUniqueId: '7.7', documentUniqueId: '2.25.71' },
      ]),
      { 'X-Ixh-Patient-Id': PATIENT },
    );
    expect(answer.envelope.addressing.action).toBe(GatewayAction.crossGatewayRetrieveResponse);
    const rr = readRegistryResponse(element(answer.envelope.body, NS.rs, 'RegistryResponse')!);
    expect(rr.status).toBe('PartialSuccess');
    expect(rr.errors.map((e) => [e.errorCode, e.location])).toEqual([
      ['XDSUnknownCommunity', '2.25.71'],
      ['XDSUnavailableCommunity', HOME_C],
    ]);
    expect(rr.errors[1]!.codeContext).toMatch(/CZ/);
    expect(answer.attachments.size).toBe(1);
    // Not in memory: the TRC patient came from X-Ixh-Patient-Id.
    expect(a.received[0]!.security).toBe(`purpose=TREATMENT;patient=${PATIENT}`);
  });

  it('routes a request without HomeCommunityId by the community its document was seen in', async () => {
    const a = await community({ country: 'AT', homeCommunityId: HOME_A, documents: new Map([['2.25.11', { mimeType: 'application/pdf', bytes: Buffer.from('%PDF'), repositoryUniqueId: REPO_A, patientId: PATIENT }]]) });
    const g = await gateway({ communities: [a.community] });
    const before = readRetrieveDocumentSetResponse((await g.call(GatewayAction.retrieve, retrieveRequest([{ repositoryUniqueId: REPO_A, documentUniqueId: '2.25.11' }]))).envelope.body, new Map());
    expect(before.errors.map((e) => e.errorCode)).toEqual(['XDSUnknownCommunity']);
    await g.call(GatewayAction.storedQuery, storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${PATIENT}'` }));
    const after = await g.call(GatewayAction.retrieve, retrieveRequest([{ repositoryUniqueId: REPO_A, documentUniqueId: '2.25.11' }]));
    expect(readRetrieveDocumentSetResponse(after.envelope.body, after.attachments)).toMatchObject({ status: 'Success', documents: [{ homeCommunityId: HOME_A }] });
  });
});
