/**
 * A PurposeOfUse in EventIdentification (IHE XUA, in the DICOM 2017c schema) is one of the eHDSI
 * XSPA purposes the assertions carry: TREATMENT or EMERGENCY. Anything else cannot be matched to
 * the request's assertion, so a break-the-glass access could not be told apart.
 */
import { PURPOSE_OF_USE_CODES } from '../../simulators/audit/audit-codes.ts';
import type { Rule } from '../rule.ts';
import { readAudit, type AuditSubject } from './audit-view.ts';

const KNOWN: ReadonlySet<string> = new Set(PURPOSE_OF_USE_CODES);

export const auditPurposeOfUseKnown: Rule<AuditSubject> = {
  id: 'audit.purpose-of-use.known',
  title: 'A PurposeOfUse in EventIdentification is an eHDSI XSPA purpose (TREATMENT or EMERGENCY)',
  severity: 'error',
  requirements: ['GEN-08'],
  specRef: 'IHE ITI TF-2 3.40 (XUA: PurposeOfUse in audit records); eHDSI SAML profile (XSPA purposeofuse)',
  *check({ message }) {
    for (const [i, p] of readAudit(message).purposesOfUse.entries()) {
      if (!KNOWN.has(p.code ?? '')) yield { path: `/AuditMessage/EventIdentification/PurposeOfUse[${i}]/@csd-code`, message: 'PurposeOfUse must be an eHDSI XSPA purpose of use', expected: PURPOSE_OF_USE_CODES.join(' | '), actual: p.code ?? '(absent)' };
    }
  },
};
