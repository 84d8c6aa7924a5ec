/**
 * The audit family: what each cross-border transaction must leave in the Audit Record Repository
 * (GEN-08), on top of the light structure rules of message.atna (which run first in
 * `validateAudit`). A new rule is one import and one line in `auditRules`.
 */
import type { ValidateOptions, ValidatorFamily } from '../family.ts';
import { atnaRules } from '../message/atna-audit-message.rule.ts';
import { mergeRuns, runRules, type RuleRun } from '../run-rules.ts';
import type { AuditSubject } from './audit-view.ts';
import { auditCodedValues } from './coded-values.rule.ts';
import { auditEventForTransaction } from './event-for-transaction.rule.ts';
import { auditIti38Query } from './iti-38-query.rule.ts';
import { auditIti39Export } from './iti-39-export.rule.ts';
import { auditIti39Import } from './iti-39-import.rule.ts';
import { auditIti55Query } from './iti-55-query.rule.ts';
import { auditParticipantObjects } from './participant-objects.rule.ts';
import { auditPurposeOfUseEmergency } from './purpose-of-use-emergency.rule.ts';
import { auditPurposeOfUseKnown } from './purpose-of-use-known.rule.ts';
import { auditRadInstancesTransferred } from './rad-instances-transferred.rule.ts';

export type { AuditSubject };

export const auditRules = [
  auditCodedValues,
  auditParticipantObjects,
  auditEventForTransaction,
  auditIti55Query,
  auditIti38Query,
  auditIti39Export,
  auditIti39Import,
  auditRadInstancesTransferred,
  auditPurposeOfUseKnown,
  auditPurposeOfUseEmergency,
] as const;

export const auditFamily: ValidatorFamily<AuditSubject> = {
  name: 'audit',
  description: 'ATNA audit records: schema-level structure and what each cross-border transaction (ITI-55, ITI-38, ITI-39, RAD-69/75) must audit, break-the-glass included',
  rules: auditRules,
};

/** The light structure rules (message.atna) and the audit family over one AuditMessage. */
export function validateAudit(subject: AuditSubject, options: ValidateOptions): RuleRun {
  return mergeRuns([runRules(atnaRules, subject.message, options), runRules(auditRules, subject, options)]);
}

export { expectAudited, type AuditExpectation, type AuditedRecord } from './expect-audited.ts';
