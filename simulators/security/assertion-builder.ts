/**
 * The unsigned shapes of the two eHDSI assertions, as `XmlOut` trees in SAML 2.0 schema order
 * (Issuer, [Signature goes here], Subject, Conditions, Advice, AuthnStatement,
 * AttributeStatement). Values follow the eHDSI SAML profile: text attributes typed xsd:string,
 * the XSPA role and purpose of use as hl7:Role / hl7:PurposeOfUse elements.
 */
import type { HcpClaims, PurposeOfUse } from '../ncp/gateway-security.ts';
import { NS } from '../soap/namespaces.ts';
import { el, type XmlChild, type XmlOut } from '../soap/xml-write.ts';
import {
  Attr, ATTRNAME_FORMAT_URI, AUTHN_PREVIOUS_SESSION, AUTHN_X509, FriendlyName, ISCO_08, ISCO_ROLES, NAMEID_UNSPECIFIED, PURPOSE_OF_USE, Qualifier,
  SENDER_VOUCHES, XSD_NS, XSI_NS,
} from './saml-names.ts';

/** Who the HCP is: the claims of an HCP assertion other than its id and purpose. */
export type HcpIdentity = Omit<HcpClaims, 'assertionId' | 'purposeOfUse'>;

export interface AssertionTimes {
  readonly issuedAt: Date;
  readonly notOnOrAfter: Date;
}

interface Common extends AssertionTimes {
  readonly id: string;
  readonly issuer: string;
  readonly audience: string;
}

export interface HcpAssertionInput extends Common {
  readonly hcp: HcpIdentity;
  readonly purposeOfUse: PurposeOfUse;
}

export interface TrcAssertionInput extends Common {
  /** NameID of the HCP the treatment relationship is confirmed for. */
  readonly hcpNameId: string;
  readonly hcpAssertionId: string;
  /** CX: id^^^&oid&ISO. */
  readonly patientId: string;
  readonly purposeOfUse: PurposeOfUse;
}

export function hcpAssertion(input: HcpAssertionInput): XmlOut {
  const { hcp } = input;
  return assertion(input, Qualifier.hcp, hcp.nameId, undefined, AUTHN_X509, [
    textAttribute(Attr.subjectId, [hcp.subjectId]),
    attribute(Attr.role, el('Role', { xmlns: NS.hl7, code: hcp.role, codeSystem: ISCO_08.codeSystem, codeSystemName: ISCO_08.codeSystemName, displayName: ISCO_ROLES[hcp.role] ?? `ISCO-08 ${hcp.role}` })),
    textAttribute(Attr.organisation, [hcp.organisation]),
    textAttribute(Attr.organisationId, [hcp.organisationId]),
    textAttribute(Attr.facilityType, [hcp.facilityType]),
    purposeAttribute(input.purposeOfUse),
    textAttribute(Attr.locality, [hcp.locality]),
    hcp.permissions.length > 0 && textAttribute(Attr.permission, hcp.permissions),
  ]);
}

export function trcAssertion(input: TrcAssertionInput): XmlOut {
  const advice = el('saml2:Advice', undefined, el('saml2:AssertionIDRef', undefined, input.hcpAssertionId));
  return assertion(input, Qualifier.trc, input.hcpNameId, advice, AUTHN_PREVIOUS_SESSION, [textAttribute(Attr.subjectId, [input.patientId]), purposeAttribute(input.purposeOfUse)]);
}

function assertion(input: Common, qualifier: string, nameId: string, advice: XmlOut | undefined, authnContext: string, attributes: XmlChild[]): XmlOut {
  const issued = input.issuedAt.toISOString();
  return el(
    'saml2:Assertion',
    { 'xmlns:saml2': NS.saml, 'xmlns:xsd': XSD_NS, 'xmlns:xsi': XSI_NS, ID: input.id, IssueInstant: issued, Version: '2.0' },
    el('saml2:Issuer', { NameQualifier: qualifier }, input.issuer),
    el('saml2:Subject', undefined, el('saml2:NameID', { Format: NAMEID_UNSPECIFIED }, nameId), el('saml2:SubjectConfirmation', { Method: SENDER_VOUCHES })),
    el(
      'saml2:Conditions',
      { NotBefore: issued, NotOnOrAfter: input.notOnOrAfter.toISOString() },
      el('saml2:AudienceRestriction', undefined, el('saml2:Audience', undefined, input.audience)),
    ),
    advice,
    el('saml2:AuthnStatement', { AuthnInstant: issued }, el('saml2:AuthnContext', undefined, el('saml2:AuthnContextClassRef', undefined, authnContext))),
    el('saml2:AttributeStatement', undefined, attributes),
  );
}

function attribute(name: string, ...values: XmlOut[]): XmlOut {
  return el('saml2:Attribute', { FriendlyName: FriendlyName[name], Name: name, NameFormat: ATTRNAME_FORMAT_URI }, values.map((v) => el('saml2:AttributeValue', undefined, v)));
}

function textAttribute(name: string, values: readonly string[]): XmlOut {
  return el(
    'saml2:Attribute',
    { FriendlyName: FriendlyName[name], Name: name, NameFormat: ATTRNAME_FORMAT_URI },
    values.map((v) => el('saml2:AttributeValue', { 'xsi:type': 'xsd:string' }, v)),
  );
}

function purposeAttribute(purpose: PurposeOfUse): XmlOut {
  return attribute(Attr.purposeOfUse, el('PurposeOfUse', { xmlns: NS.hl7, code: purpose, codeSystem: PURPOSE_OF_USE.codeSystem, codeSystemName: PURPOSE_OF_USE.codeSystemName, displayName: purpose }));
}
