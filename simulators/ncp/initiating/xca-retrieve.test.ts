import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { NS } from '../../soap/namespaces.ts';
import { elements, textOf, element } from '../../soap/xml-tree.ts';
import { readRegistryResponse } from '../../registry/registry-response.ts';
import { retrieveRequest, storedQuery } from '../../registry/xds-requests.ts';
import { StoredQuery } from '../../registry/xds-constants.ts';
import { GatewayAction } from './cross-gateway-actions.ts';
import { readRetrieveDocumentSetResponse } from '../../registry/retrieve-response.ts';
import { buildImagingRetrieveRequest } from '../../imaging-source/rad69-messages.ts';
import { SoapFaultError, Subcode } from '../../soap/soap-fault.ts';
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

  const noPatient = (uid: string, home: string, country: string): string =>
    `NCP-B cannot issue a TRC assertion: no patient known for document ${uid} of community ${home} (${country}); query it first (ITI-38) or send X-Ixh-Patient-Id`;

  it('never sends a document it knows no patient for without X-Ixh-Patient-Id: a local XDSRegistryError says what is missing', async () => {
    const a = await community({ country: 'AT', homeCommunityId: HOME_A, documents: new Map([
      ['2.25.11', { mimeType: 'application/pdf', bytes: Buffer.from('%PDF'), repositoryUniqueId: REPO_A, patientId: PATIENT }],
    ]) });
    const g = await gateway({ communities: [a.community] });
    const unseen = { homeCommunityId: HOME_A, repositoryUniqueId: REPO_A, documentUniqueId: '2.25.99' };

    const refused = readRetrieveDocumentSetResponse((await g.call(GatewayAction.retrieve, retrieveRequest([unseen]))).envelope.body, new Map());
    expect(refused).toMatchObject({ status: 'Failure', documents: [] });
    expect(refused.errors).toEqual([expect.objectContaining({ errorCode: 'XDSRegistryError', codeContext: noPatient('2.25.99', HOME_A, 'AT'), location: '2.25.99' })]);
    expect(a.received).toHaveLength(0);

    // A document seen in an ITI-38 answer goes out under its patient's TRC; the unseen one still does not.
    await g.call(GatewayAction.storedQuery, storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${PATIENT}'` }));
    const partial = await g.call(GatewayAction.retrieve, retrieveRequest([{ homeCommunityId: HOME_A, repositoryUniqueId: REPO_A, documentUniqueId: '2.25.11' }, unseen]));
    const read = readRetrieveDocumentSetResponse(partial.envelope.body, partial.attachments);
    expect(read.status).toBe('PartialSuccess');
    expect(read.documents.map((d) => d.documentUniqueId)).toEqual(['2.25.11']);
    expect(read.errors.map((e) => [e.errorCode, e.location])).toEqual([['XDSRegistryError', '2.25.99']]);
    const sent = a.received.filter((r) => r.action === GatewayAction.crossGatewayRetrieve);
    expect(sent).toHaveLength(1);
    expect(elements(sent[0]!.body, NS.xdsb, 'DocumentRequest').map((r) => textOf(element(r, NS.xdsb, 'DocumentUniqueId')))).toEqual(['2.25.11']);
    expect(sent[0]!.security).toBe(`purpose=TREATMENT;patient=${PATIENT}`);
  });

  it('RAD-69 for a study it knows no patient for, without X-Ixh-Patient-Id, is answered locally and RAD-75 is never sent', async () => {
    const a = await community({ country: 'AT', homeCommunityId: HOME_A });
    const g = await gateway({ communities: [a.community] });
    const body = buildImagingRetrieveRequest({
      studies: [{ studyInstanceUid: '2.25.500', series: [{ seriesInstanceUid: '2.25.501', documents: [{ homeCommunityId: HOME_A, repositoryUniqueId: REPO_A, documentUniqueId: '2.25.502' }] }] }],
      transferSyntaxUids: ['1.2.840.10008.1.2.1'],
    });
    const read = readRetrieveDocumentSetResponse((await g.call(GatewayAction.imagingRetrieve, body)).envelope.body, new Map());
    expect(read.status).toBe('Failure');
    expect(read.errors).toEqual([expect.objectContaining({ errorCode: 'XDSRegistryError', codeContext: noPatient('2.25.502', HOME_A, 'AT'), location: '2.25.502' })]);
    expect(a.received).toHaveLength(0);
  });

  it('sends one ITI-39 per TRC patient when one community holds documents of two patients', async () => {
    const a = await community({ country: 'AT', homeCommunityId: HOME_A, documents: new Map([
      ['2.25.11', { mimeType: 'application/pdf', bytes: Buffer.from('%PDF'), repositoryUniqueId: REPO_A, patientId: PATIENT }],
      ['2.25.12', { mimeType: 'application/pdf', bytes: Buffer.from('%PDF'), repositoryUniqueId: REPO_A, patientId: 'Q-2^^^&1.2.3.4&ISO' }],
    ]) });
    const g = await gateway({ communities: [a.community] });
    await g.call(GatewayAction.storedQuery, storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${PATIENT}'` }));
    const answer = await g.call(GatewayAction.retrieve, retrieveRequest(['2.25.11', '2.25.12'].map((documentUniqueId) => ({ homeCommunityId: HOME_A, repositoryUniqueId: REPO_A, documentUniqueId }))));
    expect(readRetrieveDocumentSetResponse(answer.envelope.body, answer.attachments).status).toBe('Success');
    const sent = a.received.filter((r) => r.action === GatewayAction.crossGatewayRetrieve).map((r) => r.security).sort();
    expect(sent).toEqual([`purpose=TREATMENT;patient=${PATIENT}`, 'purpose=TREATMENT;patient=Q-2^^^&1.2.3.4&ISO']);
  });

  it('a community refusing with a Sender fault is not unavailable: its error carries the fault subcode; a Receiver fault is XDSUnavailableCommunity', async () => {
    const refusing = await community({ country: 'NL', homeCommunityId: HOME_A, refuse: new SoapFaultError('Sender', 'TRC assertion signature does not verify', [Subcode.failedCheck]) });
    const broken = await community({ country: 'CZ', homeCommunityId: HOME_C, refuse: new SoapFaultError('Receiver', 'database on fire', [Subcode.harnessError]) });
    const g = await gateway({ communities: [refusing.community, broken.community] });
    const answer = await g.call(
      GatewayAction.retrieve,
      retrieveRequest([
        { homeCommunityId: HOME_A, repositoryUniqueId: REPO_A, documentUniqueId: '2.25.11' },
        { homeCommunityId: HOME_C, repositoryUniqueId: REPO_C, documentUniqueId: '2.25.31' },
      ]),
      { 'X-Ixh-Patient-Id': PATIENT },
    );
    const read = readRetrieveDocumentSetResponse(answer.envelope.body, answer.attachments);
    expect(read.status).toBe('Failure');
    expect(read.errors).toEqual([
      expect.objectContaining({ errorCode: 'wsse:FailedCheck', location: HOME_A, codeContext: expect.stringMatching(/^community of NL \(urn:oid:2\.999\.1\) refused the request with SOAP fault env:Sender\/wsse:FailedCheck: .*signature does not verify/) }),
      expect.objectContaining({ errorCode: 'XDSUnavailableCommunity', location: HOME_C, codeContext: expect.stringMatching(/CZ .*unavailable: .*env:Receiver/) }),
    ]);
  });
});
