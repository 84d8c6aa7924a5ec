/**
 * Light structure rules for a SAML 2.0 assertion (identity and treatment relationship asserted,
 * GEN-11). SAML core alone requires Version, ID, IssueInstant and Issuer and, when Conditions are
 * given, a sane validity window; the cross-border profiles (XUA for XCA-I/MADO, the eHDSI SAML
 * profile) add Subject, Conditions, an audience and a signature. The signature is checked for
 * presence only: verifying it against a trust store is the gateways' job (simulators/security/).
 */
import { NS } from '../../simulators/soap/namespaces.ts';
import { attr, element, elements, textOf, type XmlElement } from '../../simulators/soap/xml-tree.ts';
import { MAX_HCP_VALIDITY_MS, MAX_TRC_VALIDITY_MS, Qualifier, X_BORDER_AUDIENCE } from '../../simulators/security/saml-names.ts';
import type { Rule } from '../rule.ts';

/** The saml:Assertion element. */
export type SamlSubject = XmlElement;

const CROSS_BORDER = ['xca-i', 'ehdsi-orcd', 'mado'] as const;
const child = (parent: XmlElement | undefined, local: string) => (parent ? element(parent, NS.saml, local) : undefined);

export const samlAssertionHeader: Rule<SamlSubject> = {
  id: 'message.saml.assertion-header',
  title: 'A SAML assertion has Version 2.0, an ID, an IssueInstant and a non-empty Issuer',
  severity: 'error',
  requirements: ['GEN-11'],
  specRef: 'SAML 2.0 Core §2.3.3',
  *check(a) {
    if (attr(a, 'Version') !== '2.0') yield { path: '/Assertion/@Version', message: 'Version must be 2.0', expected: '2.0', actual: attr(a, 'Version') ?? '(absent)' };
    for (const name of ['ID', 'IssueInstant']) {
      if (!attr(a, name)) yield { path: `/Assertion/@${name}`, message: `${name} is required`, expected: 'present', actual: '(absent)' };
    }
    if (textOf(child(a, 'Issuer')).trim() === '') yield { path: '/Assertion/Issuer', message: 'Issuer is required and must not be empty', expected: 'an issuer name', actual: '(absent or empty)' };
  },
};

export const samlConditionsWindow: Rule<SamlSubject> = {
  id: 'message.saml.conditions-window',
  title: 'When Conditions give NotBefore and NotOnOrAfter, both are dateTimes and NotBefore comes first',
  severity: 'error',
  requirements: ['GEN-11'],
  specRef: 'SAML 2.0 Core §2.5.1.2',
  *check(a) {
    const conditions = child(a, 'Conditions');
    if (!conditions) return;
    const window = validityWindow(conditions);
    for (const name of ['NotBefore', 'NotOnOrAfter'] as const) {
      const raw = attr(conditions, name);
      if (raw !== undefined && Number.isNaN(Date.parse(raw))) yield { path: `/Assertion/Conditions/@${name}`, message: `${name} is not a dateTime`, expected: 'xs:dateTime', actual: raw };
    }
    if (window && window.notBefore >= window.notOnOrAfter) {
      yield { path: '/Assertion/Conditions', message: 'NotBefore must be earlier than NotOnOrAfter', expected: 'NotBefore < NotOnOrAfter', actual: `${attr(conditions, 'NotBefore')} ≥ ${attr(conditions, 'NotOnOrAfter')}` };
    }
  },
};

export const samlSubject: Rule<SamlSubject> = {
  id: 'message.saml.subject',
  title: 'Cross-border: the assertion has a Subject with a non-empty NameID and a SubjectConfirmation',
  severity: 'error',
  requirements: ['GEN-11'],
  specRef: 'IHE ITI TF-2 §3.40.4.1.2 (XUA); eHDSI SAML Profile (HCP identity assertion)',
  profiles: CROSS_BORDER,
  *check(a) {
    const subject = child(a, 'Subject');
    if (!subject) {
      yield { path: '/Assertion/Subject', message: 'Subject is required', expected: 'Subject', actual: '(absent)' };
      return;
    }
    if (textOf(child(subject, 'NameID')).trim() === '') yield { path: '/Assertion/Subject/NameID', message: 'NameID is required and must not be empty', expected: 'a NameID', actual: '(absent or empty)' };
    if (!child(subject, 'SubjectConfirmation')) yield { path: '/Assertion/Subject/SubjectConfirmation', message: 'SubjectConfirmation is required', expected: 'SubjectConfirmation', actual: '(absent)' };
  },
};

export const samlConditionsPresent: Rule<SamlSubject> = {
  id: 'message.saml.conditions-present',
  title: 'Cross-border: the assertion has Conditions with NotBefore and NotOnOrAfter and an AudienceRestriction with an Audience',
  severity: 'error',
  requirements: ['GEN-08', 'GEN-11'],
  specRef: 'SAML 2.0 Core §2.5.1.4; IHE ITI TF-2 §3.40.4.1.2 (XUA); eHDSI SAML Profile',
  profiles: CROSS_BORDER,
  *check(a) {
    const conditions = child(a, 'Conditions');
    if (!conditions) {
      yield { path: '/Assertion/Conditions', message: 'Conditions are required', expected: 'Conditions', actual: '(absent)' };
      return;
    }
    for (const name of ['NotBefore', 'NotOnOrAfter']) {
      if (!attr(conditions, name)) yield { path: `/Assertion/Conditions/@${name}`, message: `${name} is required`, expected: 'present', actual: '(absent)' };
    }
    if (audiences(conditions).length === 0) yield { path: '/Assertion/Conditions/AudienceRestriction/Audience', message: 'an AudienceRestriction with an Audience is required', expected: '≥ 1 Audience', actual: '0' };
  },
};

export const samlSignaturePresent: Rule<SamlSubject> = {
  id: 'message.saml.signature-present',
  title: 'Cross-border: the assertion carries an enveloped XML signature with a SignatureValue (presence only, not verified)',
  severity: 'error',
  requirements: ['GEN-08', 'GEN-11'],
  specRef: 'SAML 2.0 Core §5.4; IHE ITI TF-2 §3.40.4.1.2; eHDSI SAML Profile',
  profiles: CROSS_BORDER,
  *check(a) {
    const signature = element(a, NS.ds, 'Signature');
    if (!signature) {
      yield { path: '/Assertion/ds:Signature', message: 'the assertion is not signed', expected: 'ds:Signature', actual: '(absent)' };
      return;
    }
    const value = element(signature, NS.ds, 'SignatureValue');
    if (textOf(value).trim() === '') yield { path: '/Assertion/ds:Signature/ds:SignatureValue', message: 'SignatureValue is missing or empty', expected: 'a signature value', actual: '(absent or empty)' };
  },
};

export const samlEhdsiAudienceAndValidity: Rule<SamlSubject> = {
  id: 'message.saml.ehdsi-audience-validity',
  title: 'eHDSI: the audience is the cross-border audience and validity is at most 4 h (HCP) or 2 h (TRC)',
  severity: 'error',
  requirements: ['GEN-11'],
  specRef: 'eHDSI SAML Profile (HCP and TRC assertions: audience, validity)',
  profiles: ['ehdsi-orcd'],
  *check(a) {
    const conditions = child(a, 'Conditions');
    if (!conditions) return;
    const found = audiences(conditions);
    if (found.length > 0 && !found.includes(X_BORDER_AUDIENCE)) {
      yield { path: '/Assertion/Conditions/AudienceRestriction/Audience', message: 'the eHDSI cross-border audience is missing', expected: X_BORDER_AUDIENCE, actual: found.join(', ') };
    }
    const window = validityWindow(conditions);
    if (!window) return;
    const isTrc = attr(child(a, 'Issuer') ?? a, 'NameQualifier') === Qualifier.trc;
    const max = isTrc ? MAX_TRC_VALIDITY_MS : MAX_HCP_VALIDITY_MS;
    const span = window.notOnOrAfter - window.notBefore;
    if (span > max) {
      yield { path: '/Assertion/Conditions', message: `${isTrc ? 'TRC' : 'HCP'} assertion valid for longer than eHDSI allows`, expected: `≤ ${max / 3_600_000} h`, actual: `${(span / 3_600_000).toFixed(2)} h` };
    }
  },
};

function audiences(conditions: XmlElement): string[] {
  return elements(conditions, NS.saml, 'AudienceRestriction').flatMap((r) => elements(r, NS.saml, 'Audience').map((el) => textOf(el).trim())).filter(Boolean);
}

function validityWindow(conditions: XmlElement): { notBefore: number; notOnOrAfter: number } | undefined {
  const notBefore = Date.parse(attr(conditions, 'NotBefore') ?? '');
  const notOnOrAfter = Date.parse(attr(conditions, 'NotOnOrAfter') ?? '');
  return Number.isNaN(notBefore) || Number.isNaN(notOnOrAfter) ? undefined : { notBefore, notOnOrAfter };
}

export const samlRules: readonly Rule<SamlSubject>[] = [samlAssertionHeader, samlConditionsWindow, samlSubject, samlConditionsPresent, samlSignaturePresent, samlEhdsiAudienceAndValidity];
