/**
 * Break-the-glass must be visible in the audit trail: when the request's assertions said
 * EMERGENCY, the audit record carries PurposeOfUse EMERGENCY in EventIdentification. Without the
 * expectation (a message judged on its own) the rule has nothing to compare and says nothing.
 */
import type { Rule } from '../rule.ts';
import { readAudit, type AuditSubject } from './audit-view.ts';

export const auditPurposeOfUseEmergency: Rule<AuditSubject> = {
  id: 'audit.purpose-of-use.emergency',
  title: 'An access made with purpose of use EMERGENCY (break-the-glass) is audited with PurposeOfUse EMERGENCY',
  severity: 'error',
  requirements: ['GEN-08'],
  specRef: 'IHE ITI TF-2 3.40 (XUA); DICOM PS3.15 A.5 2017c (EventIdentification/PurposeOfUse); eHDSI break-the-glass',
  *check({ message, expectedPurposeOfUse }) {
    if (expectedPurposeOfUse !== 'EMERGENCY') return;
    const purposes = readAudit(message).purposesOfUse.map((p) => p.code ?? '');
    if (!purposes.includes('EMERGENCY')) {
      yield { path: '/AuditMessage/EventIdentification/PurposeOfUse', message: 'the request was made for EMERGENCY (break-the-glass) but the audit record does not say so', expected: 'EMERGENCY', actual: purposes.length ? purposes.join(', ') : '(absent)' };
    }
  },
};
