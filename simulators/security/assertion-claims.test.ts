import { describe, expect, it } from 'vitest';
import { parseXmlSafely } from '../soap/safe-xml.ts';
import { serializeXml } from '../soap/xml-write.ts';
import { hcpAssertion, trcAssertion } from './assertion-builder.ts';
import { DEFAULT_HCP } from './assertion-provider.ts';
import { hcpClaims, readFacts, trcClaims } from './assertion-claims.ts';
import { Attr, X_BORDER_AUDIENCE } from './saml-names.ts';

const times = { issuedAt: new Date('2030-01-01T08:00:00Z'), notOnOrAfter: new Date('2030-01-01T10:00:00Z'), audience: X_BORDER_AUDIENCE, issuer: 'urn:idp:BE:countryB' };
const hcpXml = serializeXml(hcpAssertion({ ...times, id: '_h', hcp: DEFAULT_HCP, purposeOfUse: 'EMERGENCY' }));
const trcXml = serializeXml(trcAssertion({ ...times, id: '_t', hcpNameId: 'n', hcpAssertionId: '_h', patientId: '1^^^&1.2.3&ISO', purposeOfUse: 'TREATMENT' }));

describe('assertion claims (builder and reader agree)', () => {
  it('reads back every HCP claim the builder wrote, role and purpose from their hl7 elements', () => {
    const facts = readFacts(parseXmlSafely(hcpXml));
    expect(facts).toMatchObject({ id: '_h', qualifier: 'urn:ehdsi:assertions:hcp', audiences: [X_BORDER_AUDIENCE], notOnOrAfter: times.notOnOrAfter });
    expect(hcpClaims(facts)).toEqual({ ...DEFAULT_HCP, assertionId: '_h', purposeOfUse: 'EMERGENCY' });
  });

  it('reads the TRC patient, purpose and the HCP assertion it belongs to', () => {
    expect(trcClaims(readFacts(parseXmlSafely(trcXml)))).toEqual({ assertionId: '_t', patientId: '1^^^&1.2.3&ISO', purposeOfUse: 'TREATMENT', hcpAssertionId: '_h' });
  });

  it('accepts a plain-text purpose of use as older senders write it', () => {
    const plain = hcpXml.replace(/<PurposeOfUse [^>]*\/>/, 'TREATMENT');
    expect(hcpClaims(readFacts(parseXmlSafely(plain)))).toMatchObject({ purposeOfUse: 'TREATMENT' });
  });

  it('names the claims that are missing', () => {
    const noOrg = hcpXml.replace(new RegExp(`<saml2:Attribute [^>]*Name="${Attr.organisationId}"[\\s\\S]*?</saml2:Attribute>`), '');
    expect(hcpClaims(readFacts(parseXmlSafely(noOrg)))).toMatch(/lacks urn:oasis:names:tc:xspa:1.0:subject:organization-id/);
    expect(trcClaims(readFacts(parseXmlSafely(trcXml.replace(/<saml2:Advice>[\s\S]*?<\/saml2:Advice>/, ''))))).toMatch(/AssertionIDRef/);
  });
});
