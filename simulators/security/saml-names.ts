/**
 * The names of the eHDSI SAML profile (eHDSI SAML Profile; MyHealth@EU NCP-to-NCP assertions):
 * issuer qualifiers, the cross-border audience, XSPA attribute names, ISCO-08 roles, HL7
 * permissions, and the only XML-DSig algorithms the gateways sign and accept. One place, so the
 * issuing side and the checking side cannot drift apart.
 */
import type { PurposeOfUse } from '../ncp/gateway-security.ts';

export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** Issuer/@NameQualifier: tells the assertion kinds apart inside one wsse:Security header. */
export const Qualifier = {
  hcp: 'urn:ehdsi:assertions:hcp',
  trc: 'urn:ehdsi:assertions:trc',
  /** Next-of-kin assertions exist in eHDSI; accepted when signed, otherwise ignored here. */
  nok: 'urn:ehdsi:assertions:nok',
} as const;

export const X_BORDER_AUDIENCE = 'urn:ehdsi:assertions.audience:x-border';

/** eHDSI caps: the HCP identity assertion lives at most 4 h, the TRC assertion 2 h. */
export const MAX_HCP_VALIDITY_MS = 4 * 60 * 60 * 1000;
export const MAX_TRC_VALIDITY_MS = 2 * 60 * 60 * 1000;

export const Attr = {
  subjectId: 'urn:oasis:names:tc:xspa:1.0:subject:subject-id',
  role: 'urn:oasis:names:tc:xacml:2.0:subject:role',
  organisation: 'urn:oasis:names:tc:xspa:1.0:subject:organization',
  organisationId: 'urn:oasis:names:tc:xspa:1.0:subject:organization-id',
  facilityType: 'urn:ehdsi:names:subject:healthcare-facility-type',
  purposeOfUse: 'urn:oasis:names:tc:xspa:1.0:subject:purposeofuse',
  locality: 'urn:oasis:names:tc:xspa:1.0:environment:locality',
  permission: 'urn:oasis:names:tc:xspa:1.0:subject:hl7:permission',
} as const;

export const FriendlyName: Readonly<Record<string, string>> = {
  [Attr.subjectId]: 'XSPA Subject',
  [Attr.role]: 'XSPA Role',
  [Attr.organisation]: 'XSPA Organization',
  [Attr.organisationId]: 'XSPA Organization ID',
  [Attr.facilityType]: 'eHealth DSI Healthcare Facility Type',
  [Attr.purposeOfUse]: 'XSPA Purpose Of Use',
  [Attr.locality]: 'XSPA Locality',
  [Attr.permission]: 'Hl7 Permissions',
};

export const ATTRNAME_FORMAT_URI = 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri';
export const NAMEID_UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
export const SENDER_VOUCHES = 'urn:oasis:names:tc:SAML:2.0:cm:sender-vouches';
/** HCP authenticated with a certificate at the point of care; the TRC rides on that session. */
export const AUTHN_X509 = 'urn:oasis:names:tc:SAML:2.0:ac:classes:X509';
export const AUTHN_PREVIOUS_SESSION = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PreviousSession';

/** ISCO-08, the code system of the XSPA role (an hl7:Role element inside the AttributeValue). */
export const ISCO_08 = { codeSystem: '2.16.840.1.113883.2.9.6.2.7', codeSystemName: 'ISCO' } as const;
export const ISCO_ROLES: Readonly<Record<string, string>> = {
  '221': 'Medical Doctors',
  '2211': 'Generalist medical practitioners',
  '2212': 'Specialist medical practitioners',
  '222': 'Nursing and midwifery professionals',
  '2261': 'Dentists',
  '2262': 'Pharmacists',
};

/** The eHDSI XSPA PurposeOfUse code system (an hl7:PurposeOfUse element inside the AttributeValue). */
export const PURPOSE_OF_USE = { codeSystem: '3bc18518-d305-46c2-a8d6-94bd59856e9e', codeSystemName: 'eHDSI XSPA PurposeOfUse' } as const;
export const PURPOSES: readonly PurposeOfUse[] = ['TREATMENT', 'EMERGENCY'];

export const PERMISSION_PREFIX = `${Attr.permission}:`;
export function permission(code: string): string {
  return `${PERMISSION_PREFIX}${code}`;
}

/** What the eHDSI sample HCP assertions give a medical doctor (OpenNCP portal and test tools). */
export const DOCTOR_PERMISSIONS: readonly string[] = ['PRD-003', 'PRD-004', 'PRD-005', 'PRD-006', 'PRD-010', 'PRD-016', 'PPD-032', 'PPD-033', 'PPD-046'].map(permission);

/** The XML-DSig profile eHDSI mandates for assertion signatures; anything else is refused. */
export const Dsig = {
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  enveloped: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
} as const;
