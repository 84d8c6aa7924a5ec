/**
 * Reads the claims of a verified assertion (the signed XML `signature-check.ts` returns) into the
 * seam's `HcpClaims` / `TrcClaims`. A missing or malformed claim is a bad token: the answer is a
 * string saying which claim, for the caller to turn into a fault.
 */
import type { HcpClaims, PurposeOfUse, TrcClaims } from '../ncp/gateway-security.ts';
import { NS } from '../soap/namespaces.ts';
import { attr, element, elements, textOf, type XmlElement } from '../soap/xml-tree.ts';
import { Attr, PURPOSES } from './saml-names.ts';

export interface AssertionFacts {
  readonly id: string;
  readonly qualifier: string;
  readonly nameId: string;
  readonly notBefore: Date | undefined;
  readonly notOnOrAfter: Date | undefined;
  /** Every saml2:Audience of every AudienceRestriction. */
  readonly audiences: readonly string[];
  readonly adviceIdRefs: readonly string[];
  /** AttributeValue elements by attribute Name. */
  readonly attributes: ReadonlyMap<string, readonly XmlElement[]>;
}

export function readFacts(signed: XmlElement): AssertionFacts {
  const issuer = element(signed, NS.saml, 'Issuer');
  const subject = element(signed, NS.saml, 'Subject');
  const conditions = element(signed, NS.saml, 'Conditions');
  const advice = element(signed, NS.saml, 'Advice');
  const attributes = new Map<string, XmlElement[]>();
  for (const statement of elements(signed, NS.saml, 'AttributeStatement')) {
    for (const a of elements(statement, NS.saml, 'Attribute')) {
      const name = attr(a, 'Name') ?? '';
      attributes.set(name, [...(attributes.get(name) ?? []), ...elements(a, NS.saml, 'AttributeValue')]);
    }
  }
  return {
    id: attr(signed, 'ID') ?? '',
    qualifier: (issuer && attr(issuer, 'NameQualifier')) ?? '',
    nameId: textOf(subject && element(subject, NS.saml, 'NameID')).trim(),
    notBefore: time(conditions && attr(conditions, 'NotBefore')),
    notOnOrAfter: time(conditions && attr(conditions, 'NotOnOrAfter')),
    audiences: conditions ? elements(conditions, NS.saml, 'AudienceRestriction').flatMap((r) => elements(r, NS.saml, 'Audience').map((a) => textOf(a).trim())) : [],
    adviceIdRefs: advice ? elements(advice, NS.saml, 'AssertionIDRef').map((r) => textOf(r).trim()) : [],
    attributes,
  };
}

export function hcpClaims(facts: AssertionFacts): HcpClaims | string {
  const missing: string[] = [];
  const text = (name: string): string => {
    const value = textOf(facts.attributes.get(name)?.[0]).trim();
    if (!value) missing.push(name);
    return value;
  };
  const claims = {
    assertionId: facts.id,
    subjectId: text(Attr.subjectId),
    nameId: facts.nameId,
    role: coded(facts, Attr.role, 'Role') ?? (missing.push(Attr.role), ''),
    organisation: text(Attr.organisation),
    organisationId: text(Attr.organisationId),
    facilityType: text(Attr.facilityType),
    purposeOfUse: coded(facts, Attr.purposeOfUse, 'PurposeOfUse') ?? (missing.push(Attr.purposeOfUse), ''),
    locality: text(Attr.locality),
    permissions: (facts.attributes.get(Attr.permission) ?? []).map((v) => textOf(v).trim()).filter(Boolean),
  };
  if (!facts.nameId) missing.push('Subject/NameID');
  if (missing.length > 0) return `HCP assertion lacks ${missing.join(', ')}`;
  return claims as HcpClaims;
}

/** A TRC's claims; `purposeOfUse` is checked against the eHDSI values by the authorizer. */
export function trcClaims(facts: AssertionFacts): TrcClaims | string {
  const patientId = textOf(facts.attributes.get(Attr.subjectId)?.[0]).trim();
  const purposeOfUse = coded(facts, Attr.purposeOfUse, 'PurposeOfUse');
  const hcpAssertionId = facts.adviceIdRefs[0];
  if (!patientId) return `TRC assertion lacks ${Attr.subjectId} (the patient identifier)`;
  if (!purposeOfUse) return `TRC assertion lacks ${Attr.purposeOfUse}`;
  if (hcpAssertionId === undefined) return 'TRC assertion has no Advice/AssertionIDRef naming its HCP assertion';
  return { assertionId: facts.id, patientId, purposeOfUse: purposeOfUse as PurposeOfUse, hcpAssertionId };
}

export function isPurposeOfUse(value: string): value is PurposeOfUse {
  return (PURPOSES as readonly string[]).includes(value);
}

/** The code of an hl7:<local> element value (eHDSI), or the plain text value older senders use. */
function coded(facts: AssertionFacts, name: string, local: string): string | undefined {
  const value = facts.attributes.get(name)?.[0];
  if (!value) return undefined;
  const hl7 = element(value, NS.hl7, local);
  const code = hl7 ? attr(hl7, 'code') : textOf(value);
  return code?.trim() || undefined;
}

function time(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
