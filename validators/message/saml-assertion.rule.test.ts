import { describe, expect, it } from 'vitest';
import type { XmlElement } from '../../simulators/soap/xml-tree.ts';
import type { Rule } from '../rule.ts';
import { NS } from '../../simulators/soap/namespaces.ts';
import { Qualifier, X_BORDER_AUDIENCE } from '../../simulators/security/saml-names.ts';
import {
  samlAssertionHeader, samlConditionsPresent, samlConditionsWindow, samlEhdsiAudienceAndValidity, samlSignaturePresent, samlSubject,
} from './saml-assertion.rule.ts';
import { findings, xml } from './test-xml.ts';

interface Parts {
  attrs?: string;
  issuer?: string;
  signature?: string;
  subject?: string;
  conditions?: string;
}
const NOW = '2024-04-01T12:00:00.000Z';
const window = (from: string, to: string, audience = X_BORDER_AUDIENCE) =>
  `<saml:Conditions NotBefore="${from}" NotOnOrAfter="${to}"><saml:AudienceRestriction><saml:Audience>${audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>`;
const GOOD: Required<Parts> = {
  attrs: `ID="_a1" IssueInstant="${NOW}" Version="2.0"`,
  issuer: `<saml:Issuer NameQualifier="${Qualifier.hcp}">urn:idp:ncp-b</saml:Issuer>`,
  signature: `<ds:Signature><ds:SignedInfo/><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>`,
  subject: `<saml:Subject><saml:NameID>dr.house</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:sender-vouches"/></saml:Subject>`,
  conditions: window(NOW, '2024-04-01T16:00:00.000Z'),
};
const assertion = (p: Parts = {}) => {
  const a = { ...GOOD, ...p };
  return xml(`<saml:Assertion xmlns:saml="${NS.saml}" xmlns:ds="${NS.ds}" ${a.attrs}>${a.issuer}${a.signature}${a.subject}${a.conditions}</saml:Assertion>`);
};

const cases: [Rule<XmlElement>, [string, Parts, string][]][] = [
  [samlAssertionHeader, [
    ['no Version', { attrs: `ID="_a1" IssueInstant="${NOW}"` }, '/Assertion/@Version'],
    ['no ID', { attrs: `IssueInstant="${NOW}" Version="2.0"` }, '/Assertion/@ID'],
    ['empty Issuer', { issuer: '<saml:Issuer> </saml:Issuer>' }, '/Assertion/Issuer'],
  ]],
  [samlConditionsWindow, [
    ['NotBefore after NotOnOrAfter', { conditions: window('2024-04-01T16:00:00Z', NOW) }, '/Assertion/Conditions'],
    ['NotOnOrAfter not a dateTime', { conditions: window(NOW, 'tomorrow') }, '/Assertion/Conditions/@NotOnOrAfter'],
  ]],
  [samlSubject, [
    ['no Subject', { subject: '' }, '/Assertion/Subject'],
    ['empty NameID', { subject: '<saml:Subject><saml:NameID/><saml:SubjectConfirmation/></saml:Subject>' }, '/Assertion/Subject/NameID'],
    ['no SubjectConfirmation', { subject: '<saml:Subject><saml:NameID>x</saml:NameID></saml:Subject>' }, '/Assertion/Subject/SubjectConfirmation'],
  ]],
  [samlConditionsPresent, [
    ['no Conditions', { conditions: '' }, '/Assertion/Conditions'],
    ['no audience', { conditions: `<saml:Conditions NotBefore="${NOW}" NotOnOrAfter="${NOW}"/>` }, '/Assertion/Conditions/AudienceRestriction/Audience'],
    ['no NotBefore', { conditions: `<saml:Conditions NotOnOrAfter="${NOW}"><saml:AudienceRestriction><saml:Audience>x</saml:Audience></saml:AudienceRestriction></saml:Conditions>` }, '/Assertion/Conditions/@NotBefore'],
  ]],
  [samlSignaturePresent, [
    ['unsigned', { signature: '' }, '/Assertion/ds:Signature'],
    ['empty SignatureValue', { signature: '<ds:Signature><ds:SignatureValue/></ds:Signature>' }, '/Assertion/ds:Signature/ds:SignatureValue'],
  ]],
  [samlEhdsiAudienceAndValidity, [
    ['another audience', { conditions: window(NOW, '2024-04-01T13:00:00Z', 'urn:somewhere') }, '/Assertion/Conditions/AudienceRestriction/Audience'],
    ['HCP valid 5 h', { conditions: window(NOW, '2024-04-01T17:00:00Z') }, '/Assertion/Conditions'],
    ['TRC valid 3 h', { issuer: `<saml:Issuer NameQualifier="${Qualifier.trc}">x</saml:Issuer>`, conditions: window(NOW, '2024-04-01T15:00:00Z') }, '/Assertion/Conditions'],
  ]],
];

for (const [rule, failing] of cases) describe(rule.id, () => {
  it(`${rule.id} passes a complete eHDSI HCP assertion`, () => expect(findings(rule, assertion())).toEqual([]));
  it.each(failing)(`${rule.id} fails: %s`, (_, parts, path) => expect(findings(rule, assertion(parts))).toEqual([expect.objectContaining({ path })]));
});

it('base rules stay base, the cross-border ones belong to the profiles', () => {
  expect([samlAssertionHeader.profiles, samlConditionsWindow.profiles]).toEqual([undefined, undefined]);
  expect(samlSignaturePresent.profiles).toEqual(['xca-i', 'ehdsi-orcd', 'mado']);
  expect(samlEhdsiAudienceAndValidity.profiles).toEqual(['ehdsi-orcd']);
});
