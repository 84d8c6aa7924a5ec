/**
 * The negative paths of the exchange, one world (CZ + NL) started once. NL's NCP-A is called
 * directly, the way a foreign NCP-B would, with security headers made by hand from the world's
 * own test CA (and a foreign one). Every refusal must be the standard answer (a SOAP fault with
 * its WS-Security or ixh subcode, or a normal response carrying the XDS / eHDSI code), and it must
 * be evidence: NL.ncp-a records the request and the response of the exchange, and no actor
 * records a harness-error.
 *
 * NL consents for `ms-follow-up` only, so its synthetic patient has none. CZ's PACS refuses every
 * association from the start; only cases 11 and 11a go through CZ (its NCP-B), and only case 11
 * lets anything arrive there, so no other case touches that PACS.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { buildImagingRetrieveRequest, RAD69_ACTION } from '../imaging-source/rad69-messages.ts';
import type { AssertionProvider } from '../ncp/gateway-security.ts';
import { XcaAction } from '../ncp/xca-actions.ts';
import { buildPatientDiscoveryQuery, readPatientDiscoveryResponse, XCPD_ACTION } from '../ncp/xcpd/index.ts';
import { readRegistryObjectList, type ExtrinsicObject } from '../registry/ebrim-model.ts';
import { readRegistryResponse } from '../registry/registry-response.ts';
import { readRetrieveDocumentSetResponse } from '../registry/retrieve-response.ts';
import { Action, Status, StoredQuery } from '../registry/xds-constants.ts';
import { list, retrieveRequest, storedQuery } from '../registry/xds-requests.ts';
import { createAssertionProvider } from '../security/assertion-provider.ts';
import { createTestPki, type IssuedCertificate } from '../security/test-pki.ts';
import { declare, NS } from '../soap/namespaces.ts';
import { callSoap, type SoapAnswer } from '../soap/soap-client.ts';
import { buildEnvelope } from '../soap/soap-envelope.ts';
import { element } from '../soap/xml-tree.ts';
import { el, type XmlOut } from '../soap/xml-write.ts';
import { parseWorld } from './load-world.ts';
import { startWorld, type RunningWorld } from './start-world.ts';
import { faultOf, imagingRequestFromKos, postRaw, qn, recordedBody, recordedExchange, rewriteAssertions, withoutElement } from './test-world.ts';

const WORLD = `
name: negative
seed: 7
patients: 1
countries:
  - code: CZ
    registry: false
    repository: false
    imagingSource: false
    ncpResponding: false
    http: { port: 0 }
    pacs: { port: 0, fault: [reject-association] }
  - code: NL
    consent: [ms-follow-up]
    ncpInitiating: false
    http: { port: 0 }
    pacs: { port: 0 }
`;

const BSN = '2.16.840.1.113883.2.4.6.3';
const NCP_A = 'NL.ncp-a';
const SOAP_XML = (action: string): string => `application/soap+xml; charset=UTF-8; action="${action}"`;

let dir: string;
let evidence: EvidenceSink;
let world: RunningWorld;
let nl: { xcpd: string; xca: string; xcai: string; home: string; repositoryUniqueId: string };
let signer: IssuedCertificate;
let foreignSigner: IssuedCertificate;
/** A well-behaved NCP-B's assertions: signed by a certificate of the world's CA. */
let good: AssertionProvider;
/** CX of the consenting patient, the one without consent, and one NL does not know. */
let CONSENTED: string;
let NO_CONSENT: string;
const UNKNOWN = `000000000^^^&${BSN}&ISO`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-negative-'));
  evidence = createEvidenceRecorder({ dir: join(dir, 'evidence') });
  const pkiDir = join(dir, 'pki');
  world = await startWorld(parseWorld(WORLD, 'negative.yaml'), { evidence, stateDir: join(dir, 'state'), pkiDir, timeoutMs: 5_000 });
  const signing = { commonName: 'ncp-b.negative.ixh.test', organisation: 'ixh negative tests', country: 'CZ', usage: 'signing' } as const;
  [signer, foreignSigner] = await Promise.all([
    createTestPki(pkiDir).then((pki) => pki.issue({ name: 'negative-signing', ...signing })),
    createTestPki(join(dir, 'foreign-pki')).then((pki) => pki.issue({ name: 'rogue-signing', ...signing })),
  ]);
  good = createAssertionProvider({ signer });
  const country = world.countries.get('NL')!;
  nl = { ...country.ncpA!, home: country.config.homeCommunityId, repositoryUniqueId: country.config.repositoryUniqueId };
  const nlPatients = world.fixtures.patients.filter((p) => p.country === 'NL');
  CONSENTED = cx(nlPatients.find((p) => p.key === 'ms-follow-up')!.nationalId);
  NO_CONSENT = cx(nlPatients.find((p) => p.key !== 'ms-follow-up')!.nationalId);
}, 180_000);

afterAll(async () => {
  await world?.stop();
  await evidence?.close();
  await rm(dir, { recursive: true, force: true });
});

function cx(nationalId: string): string {
  return `${nationalId}^^^&${BSN}&ISO`;
}

const findDocuments = (patientId: string, home = nl.home): XmlOut =>
  storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${patientId}'`, $XDSDocumentEntryStatus: list(Status.approved) }, 'LeafClass', home);

const trc = (patientId: string, purposeOfUse: 'TREATMENT' | 'EMERGENCY' = 'TREATMENT', provider = good): Promise<XmlOut> => Promise.resolve(provider.securityHeader({ purposeOfUse, patientId }));

/** One SOAP call to NL's NCP-A, and what NCP-A recorded of it. */
function exchange(transaction: string, url: string, action: string, body: XmlOut, security: XmlOut | undefined, extra: Partial<Parameters<typeof callSoap>[0]> = {}) {
  return recordedExchange(evidence, NCP_A, transaction, () => callSoap({ url, action, body, ...(security && { headers: [security] }), timeoutMs: 10_000, ...extra }));
}

function registryAnswer(answer: SoapAnswer): { status: string; codes: string[] } {
  expect(answer.fault, answer.fault?.reason).toBeUndefined();
  const body = answer.envelope.body.local === 'RetrieveDocumentSetResponse' ? element(answer.envelope.body, NS.rs, 'RegistryResponse')! : answer.envelope.body;
  const { status, errors } = readRegistryResponse(body);
  return { status, codes: errors.map((e) => e.errorCode) };
}

function entriesOf(answer: SoapAnswer): ExtrinsicObject[] {
  const objects = element(answer.envelope.body, NS.rim, 'RegistryObjectList');
  return (objects ? readRegistryObjectList(objects) : []).filter((o): o is ExtrinsicObject => o.type === 'ExtrinsicObject');
}

function xcpdQuery(nationalId: string): XmlOut {
  return buildPatientDiscoveryQuery({ messageId: { root: '1.2.3.4', extension: `neg-${nationalId}` }, creationTime: '20261128000000', sender: { deviceOid: '1.2.3.4.1' }, receiver: { deviceOid: '1.2.3.4.2' }, livingSubjectIds: [{ root: BSN, extension: nationalId }] });
}

describe('NL NCP-A: the control case', () => {
  it('answers a well-formed ITI-38 with good assertions Success, so each case below fails for its one defect only', async () => {
    const { answer, response, all } = await exchange('ITI-38', nl.xca, XcaAction.crossGatewayQuery, findDocuments(CONSENTED), await trc(CONSENTED));
    expect(registryAnswer(answer)).toEqual({ status: 'Success', codes: [] });
    expect(entriesOf(answer).length).toBeGreaterThan(0);
    expect(response.status).toBe('200 Success');
    // The registry call behind it is NCP-A's evidence too: the refusals below check it is absent.
    expect(all.some((e) => e.actor === NCP_A && e.transaction === 'ITI-18')).toBe(true);
  });
});

describe('NL NCP-A: patients it must not serve', () => {
  it('1a. unknown patient, XCPD: NF with ERROR_PI_NO_MATCH (the same answer as for contradicting traits)', async () => {
    const { answer, response } = await exchange('ITI-55', nl.xcpd, XCPD_ACTION, xcpdQuery('000000000'), await good.securityHeader({ purposeOfUse: 'TREATMENT' }));
    const read = readPatientDiscoveryResponse(answer.envelope.body);
    expect(read).toMatchObject({ queryResponseCode: 'NF', patients: [] });
    expect(read.issues.map((i) => i.code)).toContain('ERROR_PI_NO_MATCH');
    expect(response.status).toBe('200 NF');
  });

  it('1b. unknown patient, ITI-38: 4701 for treatment (no consent is on record, as for a known patient without one); under EMERGENCY the registry answers Success with no entries', async () => {
    // Consent is checked before the registry is asked, so an unknown id is indistinguishable from a
    // patient who did not consent: nothing leaks about who is known. Past consent (break-the-glass),
    // the registry answers a stored query like any query without matches: Success and an empty list.
    // XDSUnknownPatientId is the answer to a submission (ITI-41/42) naming an unknown patient, not to a query.
    const treatment = await exchange('ITI-38', nl.xca, XcaAction.crossGatewayQuery, findDocuments(UNKNOWN), await trc(UNKNOWN));
    expect(registryAnswer(treatment.answer)).toEqual({ status: 'Failure', codes: ['4701'] });
    expect(treatment.response.status).toBe('200 Failure');

    const emergency = await exchange('ITI-38', nl.xca, XcaAction.crossGatewayQuery, findDocuments(UNKNOWN), await trc(UNKNOWN, 'EMERGENCY'));
    expect(registryAnswer(emergency.answer)).toEqual({ status: 'Success', codes: [] });
    expect(entriesOf(emergency.answer)).toEqual([]);
    expect(emergency.response.status).toBe('200 Success');
  });

  it('2. no consent: ITI-38 Failure with 4701; under EMERGENCY Success, and break-the-glass is evidence', async () => {
    const refused = await exchange('ITI-38', nl.xca, XcaAction.crossGatewayQuery, findDocuments(NO_CONSENT), await trc(NO_CONSENT));
    expect(registryAnswer(refused.answer)).toEqual({ status: 'Failure', codes: ['4701'] });
    expect(entriesOf(refused.answer)).toEqual([]);
    expect(refused.responseXml).toContain('errorCode="4701"');
    expect(refused.all.some((e) => e.transaction === 'break-the-glass')).toBe(false);

    const emergency = await exchange('ITI-38', nl.xca, XcaAction.crossGatewayQuery, findDocuments(NO_CONSENT), await trc(NO_CONSENT, 'EMERGENCY'));
    expect(registryAnswer(emergency.answer).status).toBe('Success');
    expect(entriesOf(emergency.answer).length).toBeGreaterThan(0);
    const glass = emergency.all.filter((e) => e.actor === NCP_A && e.transaction === 'break-the-glass');
    expect(glass).toHaveLength(1);
    expect(JSON.parse(Buffer.from(await evidence.read(glass[0]!)).toString('utf8'))).toMatchObject({ patient: NO_CONSENT, transaction: 'ITI-38' });
  });

  it('7. patient mismatch: a TRC for one patient, an ITI-38 for another: Failure with 4206', async () => {
    const { answer, response } = await exchange('ITI-38', nl.xca, XcaAction.crossGatewayQuery, findDocuments(NO_CONSENT), await trc(CONSENTED));
    expect(registryAnswer(answer)).toEqual({ status: 'Failure', codes: ['4206'] });
    expect(entriesOf(answer)).toEqual([]);
    expect(response.status).toBe('200 Failure');
  });

  it('7b. patient mismatch in FindSubmissionSets / FindFolders (their own patient parameters): Failure with 4206, the registry never asked', async () => {
    for (const [queryId, param] of [[StoredQuery.findSubmissionSets, '$XDSSubmissionSetPatientId'], [StoredQuery.findFolders, '$XDSFolderPatientId']] as const) {
      const body = storedQuery(queryId, { [param]: `'${NO_CONSENT}'` }, 'LeafClass', nl.home);
      const { answer, response, all } = await exchange('ITI-38', nl.xca, XcaAction.crossGatewayQuery, body, await trc(CONSENTED));
      expect(registryAnswer(answer)).toEqual({ status: 'Failure', codes: ['4206'] });
      expect(response.status).toBe('200 Failure');
      expect(all.some((e) => e.actor === NCP_A && e.transaction === 'ITI-18')).toBe(false);
    }
  });

  it('7c. a stored query naming no patient (GetDocuments by unique id): Failure with 4705, the registry never asked', async () => {
    // The TRC binds the request to one patient; a query by id would reach any patient's metadata (docs/security.md).
    const body = storedQuery(StoredQuery.getDocuments, { $XDSDocumentEntryUniqueId: list('2.25.4242') }, 'LeafClass', nl.home);
    const { answer, response, all } = await exchange('ITI-38', nl.xca, XcaAction.crossGatewayQuery, body, await trc(CONSENTED));
    expect(registryAnswer(answer)).toEqual({ status: 'Failure', codes: ['4705'] });
    expect(response.status).toBe('200 Failure');
    expect(all.some((e) => e.actor === NCP_A && e.transaction === 'ITI-18')).toBe(false);
  });
});

/** Cases 3–6 and 8: a bad token is a SOAP Sender fault with the WS-Security 1.1 subcode of docs/security.md. */
const TOKEN_FAULTS: { name: string; patient: () => string; header: () => Promise<XmlOut | undefined>; subcode: string; reason: RegExp }[] = [
  {
    name: '3. expired TRC (issued by a clock 3 h behind; the 2 h TRC ended 1 h ago)',
    patient: () => CONSENTED,
    header: () => trc(CONSENTED, 'TREATMENT', createAssertionProvider({ signer, clock: () => new Date(Date.now() - 3 * 60 * 60 * 1000) })),
    subcode: qn('wsse', 'MessageExpired'),
    reason: /TRC assertion .* expired at/,
  },
  {
    name: '4a. unsigned assertions (ds:Signature removed)',
    patient: () => CONSENTED,
    header: async () => rewriteAssertions(await trc(CONSENTED), (xml) => changed(xml, xml.replace(/<(\w+:)?Signature\b[\s\S]*?<\/\1Signature>/, ''))),
    subcode: qn('wsse', 'InvalidSecurityToken'),
    reason: /is not signed/,
  },
  {
    // The attack: lift a patient without consent into break-the-glass by editing the signed TRC.
    name: '4b. tampered TRC (purpose of use TREATMENT → EMERGENCY after signing)',
    patient: () => NO_CONSENT,
    header: async () => rewriteAssertions(await trc(NO_CONSENT), (xml, i) => (i === 1 ? changed(xml, xml.replace('code="TREATMENT"', 'code="EMERGENCY"')) : xml)),
    subcode: qn('wsse', 'FailedCheck'),
    reason: /digest .* does not match/,
  },
  {
    name: '5. assertions signed by a CA NL does not trust',
    patient: () => CONSENTED,
    header: () => trc(CONSENTED, 'TREATMENT', createAssertionProvider({ signer: foreignSigner })),
    subcode: qn('wsse', 'FailedAuthentication'),
    reason: /is not issued by a trusted CA/,
  },
  {
    name: '6. wrong audience',
    patient: () => CONSENTED,
    header: () => trc(CONSENTED, 'TREATMENT', createAssertionProvider({ signer, audience: 'urn:ixh:test:not-the-x-border-audience' })),
    subcode: qn('wsse', 'InvalidSecurityToken'),
    reason: /is not for audience/,
  },
  {
    name: '8. no wsse:Security header at all',
    patient: () => CONSENTED,
    header: async () => undefined,
    subcode: qn('wsse', 'InvalidSecurity'),
    reason: /no wsse:Security header/,
  },
];

function changed(before: string, after: string): string {
  if (after === before) throw new Error('the rewrite changed nothing: the assertion no longer has the expected shape');
  return after;
}

describe('NL NCP-A: bad security tokens (ITI-38)', () => {
  it.each(TOKEN_FAULTS)('$name → env:Sender fault', async ({ patient, header, subcode, reason }) => {
    const { answer, response, responseXml, all } = await exchange('ITI-38', nl.xca, XcaAction.crossGatewayQuery, findDocuments(patient()), await header());
    expect(answer.httpStatus).toBe(400);
    expect(faultOf(answer.envelope.body)).toMatchObject({ code: qn('env', 'Sender'), subcode, reason: expect.stringMatching(reason) });
    expect(response.status).toBe('400 Fault:Sender');
    expect(faultOf(recordedBody(responseXml))?.subcode).toBe(subcode);
    // Refused before anything was asked of the registry, and no break-the-glass either.
    expect(all.filter((e) => e.actor === NCP_A && ['ITI-18', 'break-the-glass'].includes(e.transaction))).toEqual([]);
  });
});

describe('NL NCP-A: requests for what is not there', () => {
  it('9. unknown community: ITI-38 with AdhocQuery/@home of another community → Failure XDSUnknownCommunity', async () => {
    const { answer, response, all } = await exchange('ITI-38', nl.xca, XcaAction.crossGatewayQuery, findDocuments(CONSENTED, 'urn:oid:1.2.3.999'), await trc(CONSENTED));
    expect(registryAnswer(answer)).toEqual({ status: 'Failure', codes: ['XDSUnknownCommunity'] });
    expect(response.status).toBe('200 Failure');
    expect(all.some((e) => e.actor === NCP_A && e.transaction === 'ITI-18')).toBe(false);
  });

  // "Repository down" needs a repository that stops inside a running world; it is covered where the
  // backends are under the test's control: simulators/ncp/responding/xca-responding-gateway.test.ts
  // ("ITI-39 with the repository down answers XDSRepositoryNotAvailable") and
  // xcai-responding-gateway.test.ts ("answers XDSRepositoryNotAvailable when the imaging source is down, …").
  it('10. ITI-39 naming an unknown RepositoryUniqueId → Failure XDSUnknownRepositoryId for that document', async () => {
    const body = retrieveRequest([{ homeCommunityId: nl.home, repositoryUniqueId: '1.2.3.999.2', documentUniqueId: '2.25.4242' }]);
    const { answer, response, all } = await exchange('ITI-39', nl.xca, XcaAction.crossGatewayRetrieve, body, await trc(CONSENTED));
    expect(registryAnswer(answer)).toEqual({ status: 'Failure', codes: ['XDSUnknownRepositoryId'] });
    expect(response.status).toBe('200 Failure');
    expect(all.some((e) => e.actor === NCP_A && e.transaction === 'ITI-43')).toBe(false);
  });
});

describe('NL NCP-A: messages it cannot read', () => {
  /** An ITI-39 whose DocumentUniqueId is "optimised" into a part never sent; the package carries another part, so only the reference is wrong. */
  async function danglingXopInclude() {
    const body = el(
      'xdsb:RetrieveDocumentSetRequest',
      declare('xdsb', 'xop'),
      el('xdsb:DocumentRequest', undefined, el('xdsb:HomeCommunityId', undefined, nl.home), el('xdsb:RepositoryUniqueId', undefined, nl.repositoryUniqueId), el('xdsb:DocumentUniqueId', undefined, el('xop:Include', { href: 'cid:missing-part@ixh' }))),
    );
    const attachments = [{ contentId: 'present-part@ixh', contentType: 'application/octet-stream', body: Buffer.from('unrelated') }];
    return exchange('ITI-39', nl.xca, XcaAction.crossGatewayRetrieve, body, await trc(CONSENTED), { attachments });
  }

  it('12a. MTOM request whose xop:Include points at a part the package does not have: answered, recorded, never a crash', async () => {
    const { answer, request } = await danglingXopInclude();
    expect(answer.httpStatus).toBeLessThan(500);
    expect(readRetrieveDocumentSetResponse(answer.envelope.body, answer.attachments).documents).toEqual([]);
    expect(Buffer.from(await evidence.read(request)).toString('utf8')).toContain('cid:missing-part@ixh');
  });

  // An inbound MTOM package's xop:Include references are resolved before any handler runs
  // (simulators/soap/soap-request.ts): one that names no part of the package is not a valid XOP
  // package (XOP 1.0 §3, §4), so NCP-A answers a Sender fault ixh:MissingMimePart naming the dangling
  // cid, records the request (root part, MIME outline, parts) and never asks its registry, instead of
  // reading DocumentUniqueId as '' and answering 200 Failure XDSDocumentUniqueIdError for document ''.
  it('12b. … is answered with a Sender fault ixh:MissingMimePart naming the missing Content-ID, before NCP-A asks anything', async () => {
    const { answer, request, response, responseXml, all } = await danglingXopInclude();
    expect(answer.httpStatus).toBe(400);
    expect(faultOf(answer.envelope.body)).toMatchObject({ code: qn('env', 'Sender'), subcode: qn('ixh', 'MissingMimePart'), reason: expect.stringContaining('<missing-part@ixh>') });
    expect(response.status).toBe('400 Fault:Sender');
    expect(faultOf(recordedBody(responseXml))?.subcode).toBe(qn('ixh', 'MissingMimePart'));
    // The refused request is evidence as received: the root part as XML, then the MIME outline naming the part it does carry.
    expect(request.file.endsWith('.xml')).toBe(true);
    const outline = all.find((e) => e.actor === NCP_A && e.association === request.association && e.direction === 'request' && e.file.endsWith('.txt'));
    expect(Buffer.from(await evidence.read(outline!)).toString('utf8')).toContain('present-part@ixh');
    expect(all.some((e) => e.actor === NCP_A && ['ITI-18', 'ITI-43', 'break-the-glass'].includes(e.transaction))).toBe(false);
  });

  it('13a. DOCTYPE with an external entity (XXE) → 400 Sender fault ixh:DoctypeRefused, the entity never resolved', async () => {
    const secret = join(dir, 'secret.txt');
    await writeFile(secret, 'IXH-XXE-CANARY-7f3a');
    const envelope = buildEnvelope({ action: XcaAction.crossGatewayQuery, to: nl.xca, body: findDocuments(CONSENTED), isRequest: true, headers: [await trc(CONSENTED)] });
    const doctype = `<!DOCTYPE env:Envelope [<!ENTITY xxe SYSTEM "file://${secret}">]>`;
    const hostile = withDoctype(envelope, doctype).replace(/(<rim:Value>)[^<]*(<\/rim:Value>)/, '$1&xxe;$2');
    expect(hostile).toContain('&xxe;');
    const { answer, response, responseXml, request } = await recordedExchange(evidence, NCP_A, 'ITI-38', () => postRaw(nl.xca, SOAP_XML(XcaAction.crossGatewayQuery), hostile));
    expect(answer.statusCode).toBe(400);
    expect(faultOf(answer.envelope.body)).toMatchObject({ code: qn('env', 'Sender'), subcode: qn('ixh', 'DoctypeRefused') });
    expect(response.status).toBe('400 Fault:Sender');
    expect(responseXml).not.toContain('IXH-XXE-CANARY');
    // The hostile request is kept as received (as text: it is not XML the harness accepts).
    expect(request.file.endsWith('.txt')).toBe(true);
    expect(Buffer.from(await evidence.read(request)).toString('utf8')).toContain('<!ENTITY xxe SYSTEM');
  });

  // 13c. A message over the HTTP body limit is answered 413 with a Sender fault ixh:MessageTooLarge
  // by soap-endpoint.ts; the limit is 256 MiB (DEFAULT_SOAP_LIMITS.maxMessageBytes) and a world file
  // cannot lower it (startWorld passes no `limits` to NCP-A), so sending one here is impractical. It is
  // covered by simulators/soap/soap-endpoint.test.ts ("refuses an XML part over its limit and a message
  // over the body limit with faults, without hanging"), with small limits.
  it('13b. an envelope over the 8 MiB XML limit → 400 Sender fault ixh:MessageTooLarge, recorded', async () => {
    const envelope = buildEnvelope({ action: XcaAction.crossGatewayQuery, to: nl.xca, body: findDocuments(CONSENTED), isRequest: true, headers: [await trc(CONSENTED)] });
    const big = envelope.replace('</env:Envelope>', `${' '.repeat(8 * 1024 * 1024)}</env:Envelope>`);
    const { answer, response } = await recordedExchange(evidence, NCP_A, 'ITI-38', () => postRaw(nl.xca, SOAP_XML(XcaAction.crossGatewayQuery), big));
    expect(answer.statusCode).toBe(400);
    expect(faultOf(answer.envelope.body)).toMatchObject({ code: qn('env', 'Sender'), subcode: qn('ixh', 'MessageTooLarge') });
    expect(response.status).toBe('400 Fault:Sender');
  });

  it('14. malformed HL7v3: an XCPD query without queryByParameter → Sender fault ixh:UnexpectedBody, recorded', async () => {
    const body = withoutElement(xcpdQuery(world.fixtures.patients.find((p) => p.key === 'ms-follow-up')!.nationalId), 'queryByParameter');
    const { answer, response } = await exchange('ITI-55', nl.xcpd, XCPD_ACTION, body, await good.securityHeader({ purposeOfUse: 'TREATMENT' }));
    expect(answer.httpStatus).toBe(400);
    expect(faultOf(answer.envelope.body)).toMatchObject({ code: qn('env', 'Sender'), subcode: qn('ixh', 'UnexpectedBody'), reason: expect.stringContaining('queryByParameter') });
    expect(response.status).toBe('400 Fault:Sender');
  });
});

function withDoctype(envelope: string, doctype: string): string {
  const declaration = /^<\?xml[^>]*\?>/.exec(envelope);
  return declaration ? `${declaration[0]}${doctype}${envelope.slice(declaration[0].length)}` : `${doctype}${envelope}`;
}

describe('CZ NCP-B: a retrieve it cannot vouch for', () => {
  it('11a. ITI-43 for a document CZ never saw, without X-Ixh-Patient-Id: Failure XDSRegistryError saying what is missing; nothing crosses the border', async () => {
    const cz = world.countries.get('CZ')!;
    const uid = '2.25.4243';
    const { answer, response, all } = await recordedExchange(evidence, 'CZ.ncp-b', 'ITI-43', () =>
      callSoap({ url: cz.url('ncpInitiating')!, action: Action.retrieveRequest, body: retrieveRequest([{ homeCommunityId: nl.home, repositoryUniqueId: nl.repositoryUniqueId, documentUniqueId: uid }]), timeoutMs: 10_000 }),
    );
    const read = readRetrieveDocumentSetResponse(answer.envelope.body, answer.attachments);
    expect(read).toMatchObject({ status: 'Failure', documents: [] });
    expect(read.errors).toEqual([
      expect.objectContaining({
        errorCode: 'XDSRegistryError',
        location: uid,
        codeContext: `NCP-B cannot issue a TRC assertion: no patient known for document ${uid} of community ${nl.home} (NL); query it first (ITI-38) or send X-Ixh-Patient-Id`,
      }),
    ]);
    expect(response.status).toMatch(/^200 Failure/);
    // Not "community unavailable", and NL's NCP-A was never called.
    expect(read.errors.some((e) => e.errorCode === 'XDSUnavailableCommunity')).toBe(false);
    expect(all.filter((e) => e.actor === NCP_A)).toEqual([]);
  });
});

describe('CZ NCP-B: images arrive but CZ PACS refuses the association', () => {
  it('11. RAD-69 through NCP-B still answers Success; the arrival notice is failed naming the rejection, and import-failure is evidence', async () => {
    // The study's KOS, fetched from NL's NCP-A directly (so CZ's PACS sees nothing but the images).
    const listed = await callSoap({ url: nl.xca, action: XcaAction.crossGatewayQuery, body: findDocuments(CONSENTED), headers: [await trc(CONSENTED)] });
    const manifest = entriesOf(listed).find((e) => e.mimeType === 'application/dicom')!;
    const slot = (name: string): string => manifest.slots.find((s) => s.name === name)!.values[0]!;
    const uniqueId = manifest.externalIdentifiers.find((e) => e.identificationScheme === 'urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab')!.value;
    const kos = await callSoap({ url: nl.xca, action: XcaAction.crossGatewayRetrieve, body: retrieveRequest([{ homeCommunityId: nl.home, repositoryUniqueId: slot('repositoryUniqueId'), documentUniqueId: uniqueId }]), headers: [await trc(CONSENTED)] });
    const request = imagingRequestFromKos(readRetrieveDocumentSetResponse(kos.envelope.body, kos.attachments).documents[0]!.bytes, nl.home);
    const wanted = request.studies.flatMap((s) => s.series.flatMap((r) => r.documents)).length;

    const cz = world.countries.get('CZ')!;
    const { answer, response, all } = await recordedExchange(evidence, NCP_A, 'RAD-75', async () => {
      const a = await callSoap({ url: cz.url('ncpInitiating')!, action: RAD69_ACTION, body: buildImagingRetrieveRequest(request), httpHeaders: { 'x-ixh-purpose-of-use': 'TREATMENT', 'x-ixh-patient-id': CONSENTED }, timeoutMs: 30_000 });
      await cz.ncpB!.whenIdle();
      return a;
    });
    const images = readRetrieveDocumentSetResponse(answer.envelope.body, answer.attachments);
    expect(images.status).toBe('Success');
    expect(images.documents).toHaveLength(wanted);
    expect(response.status).toBe('200 Success');

    const notice = cz.ncpB!.arrivals.list().find((n) => n.transaction === 'RAD-69');
    expect(notice).toMatchObject({ state: 'failed', counts: { images: wanted, imagesStored: 0 } });
    expect(notice!.failures[0]).toMatchObject({ target: 'pacs', reason: expect.stringMatching(/reject/i) });
    expect(all.filter((e) => e.actor === 'CZ.ncp-b' && e.transaction === 'import-failure').map((e) => e.status)).toEqual(['failed']);
    expect(all.some((e) => e.actor === 'CZ.ncp-b' && e.transaction === 'A-ASSOCIATE' && e.status === 'rejected')).toBe(true);
  });
});
