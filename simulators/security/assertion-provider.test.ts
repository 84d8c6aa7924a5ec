import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NS } from '../soap/namespaces.ts';
import { parseXmlSafely } from '../soap/safe-xml.ts';
import { attr, element, elements, textOf } from '../soap/xml-tree.ts';
import { serializeXml, type XmlOut } from '../soap/xml-write.ts';
import { createAssertionProvider } from './assertion-provider.ts';
import { Attr, Dsig, Qualifier, X_BORDER_AUDIENCE } from './saml-names.ts';
import { assertionsOf, createSecurityFixture, PATIENT, type SecurityFixture } from './test-fixture.ts';

let f: SecurityFixture;
beforeAll(async () => {
  f = await createSecurityFixture();
});
afterAll(async () => {
  await f.cleanup();
});

const HOUR = 60 * 60_000;

function parsed(header: XmlOut) {
  return parseXmlSafely(`<env:Envelope xmlns:env="${NS.env}">${serializeXml(header)}</env:Envelope>`);
}

describe('AssertionProvider', () => {
  it('builds a mustUnderstand wsse:Security with a timestamp, the HCP assertion and a TRC linked to it', async () => {
    const now = new Date('2030-01-01T08:00:00.000Z');
    const header = await createAssertionProvider({ signer: f.signer, clock: () => now }).securityHeader({ purposeOfUse: 'TREATMENT', patientId: PATIENT });
    const security = elements(parsed(header))[0]!;
    expect(security).toMatchObject({ ns: NS.wsse, local: 'Security' });
    expect(attr(security, 'mustUnderstand', NS.env)).toBe('true');
    expect(element(security, NS.wsu, 'Timestamp')).toBeDefined();
    const [hcp, trc] = elements(security, NS.saml, 'Assertion');
    const qualifier = (a: typeof hcp) => attr(element(a!, NS.saml, 'Issuer')!, 'NameQualifier');
    expect([qualifier(hcp), qualifier(trc)]).toEqual([Qualifier.hcp, Qualifier.trc]);

    const conditions = element(trc!, NS.saml, 'Conditions')!;
    expect(attr(conditions, 'NotOnOrAfter')).toBe('2030-01-01T10:00:00.000Z');
    expect(textOf(conditions).trim()).toBe(X_BORDER_AUDIENCE);
    expect(textOf(element(element(trc!, NS.saml, 'Advice')!, NS.saml, 'AssertionIDRef'))).toBe(attr(hcp!, 'ID'));
    expect(attr(element(hcp!, NS.saml, 'Conditions')!, 'NotOnOrAfter')).toBe('2030-01-01T12:00:00.000Z');

    // Signature right after Issuer, eHDSI algorithms, Reference to the assertion itself.
    const signature = elements(hcp!)[1]!;
    expect(signature).toMatchObject({ ns: NS.ds, local: 'Signature' });
    const reference = element(element(signature, NS.ds, 'SignedInfo')!, NS.ds, 'Reference')!;
    expect(attr(reference, 'URI')).toBe(`#${attr(hcp!, 'ID')}`);
    expect(attr(element(element(signature, NS.ds, 'SignedInfo')!, NS.ds, 'SignatureMethod')!, 'Algorithm')).toBe(Dsig.rsaSha256);
    expect(textOf(element(element(element(signature, NS.ds, 'KeyInfo')!, NS.ds, 'X509Data')!, NS.ds, 'X509Certificate')).replace(/\s/g, '')).toBe(
      f.signer.certPem.replace(/-----[^-]+-----|\s/g, ''),
    );

    // The XSPA role as an hl7:Role element with the ISCO-08 code system.
    const role = elements(element(hcp!, NS.saml, 'AttributeStatement')!, NS.saml, 'Attribute').find((a) => attr(a, 'Name') === Attr.role)!;
    expect(element(element(role, NS.saml, 'AttributeValue')!, NS.hl7, 'Role')!.attrs.map((a) => [a.local, a.value])).toEqual(
      expect.arrayContaining([['code', '221'], ['codeSystem', '2.16.840.1.113883.2.9.6.2.7']]),
    );
  });

  it('sends no TRC when no patient is named (XCPD)', async () => {
    const header = await createAssertionProvider({ signer: f.signer }).securityHeader({ purposeOfUse: 'TREATMENT' });
    expect(assertionsOf(header)).toHaveLength(1);
  });

  it('reuses the HCP assertion per purpose and HCP until close to expiry, then issues a new one', async () => {
    let now = new Date('2030-01-01T08:00:00.000Z');
    const provider = createAssertionProvider({ signer: f.signer, clock: () => now });
    const hcpId = async (request: Parameters<typeof provider.securityHeader>[0]) => /ID="([^"]+)"/.exec(assertionsOf(await provider.securityHeader(request))[0]!)![1];
    const first = await hcpId({ purposeOfUse: 'TREATMENT', patientId: PATIENT });
    now = new Date(now.getTime() + 3 * HOUR);
    expect(await hcpId({ purposeOfUse: 'TREATMENT' })).toBe(first);
    expect(await hcpId({ purposeOfUse: 'EMERGENCY' })).not.toBe(first);
    expect(await hcpId({ purposeOfUse: 'TREATMENT', hcp: { subjectId: 'Dr. Other' } })).not.toBe(first);
    expect(await hcpId({ purposeOfUse: 'TREATMENT', hcp: { subjectId: undefined } })).toBe(first);
    now = new Date(now.getTime() + 58 * 60_000); // 2 min before the 4 h end
    expect(await hcpId({ purposeOfUse: 'TREATMENT' })).not.toBe(first);
  });

  it('reuses a TRC for the same patient and purpose until near its end, and issues another for another patient or purpose', async () => {
    let now = new Date('2030-01-01T08:00:00.000Z');
    const provider = createAssertionProvider({ signer: f.signer, clock: () => now });
    const trcOf = async (patientId: string, purposeOfUse: 'TREATMENT' | 'EMERGENCY' = 'TREATMENT') => assertionsOf(await provider.securityHeader({ purposeOfUse, patientId }))[1]!;
    const first = await trcOf(PATIENT);
    expect(await trcOf(PATIENT)).toBe(first);
    expect(await trcOf(`${PATIENT}9`)).not.toBe(first);
    expect(await trcOf(PATIENT, 'EMERGENCY')).not.toBe(first);
    now = new Date(now.getTime() + 2 * HOUR - 4 * 60 * 1000); // less than the 5 min margin left
    expect(await trcOf(PATIENT)).not.toBe(first);
  });

  it('never issues a TRC that outlives its HCP assertion', async () => {
    let now = new Date('2030-01-01T08:00:00.000Z');
    const provider = createAssertionProvider({ signer: f.signer, clock: () => now });
    await provider.securityHeader({ purposeOfUse: 'TREATMENT' });
    now = new Date(now.getTime() + 3 * HOUR);
    const trc = assertionsOf(await provider.securityHeader({ purposeOfUse: 'TREATMENT', patientId: PATIENT }))[1]!;
    expect(/NotOnOrAfter="([^"]+)"/.exec(trc)![1]).toBe('2030-01-01T12:00:00.000Z');
  });

  it('refuses validities beyond the eHDSI maxima', () => {
    expect(() => createAssertionProvider({ signer: f.signer, hcpValidityMs: 5 * HOUR })).toThrow(/hcpValidityMs/);
    expect(() => createAssertionProvider({ signer: f.signer, trcValidityMs: 3 * HOUR })).toThrow(/trcValidityMs/);
    expect(() => createAssertionProvider({ signer: f.signer, hcpValidityMs: HOUR, trcValidityMs: HOUR })).not.toThrow();
  });
});
