/**
 * ITI-39 on the Responding Gateway (NCP-A, country A): an Export (110106, action R) typed ITI-39,
 * with the patient and every document sent (ITI TF-2 3.39.4.1.4).
 */
import { EventId } from '../../simulators/audit/audit-codes.ts';
import type { Rule } from '../rule.ts';
import { eventIs } from './audit-checks.ts';
import { retrievedDocuments } from './iti-39-documents.ts';
import { auditedTransaction, readAudit, type AuditSubject } from './audit-view.ts';

export const auditIti39Export: Rule<AuditSubject> = {
  id: 'audit.iti-39.export',
  title: 'An ITI-39 Export audit (110106) has action R, Source/Destination, the patient and each document (type 2, role 3, id type 9) with repositoryUniqueId and homeCommunityId',
  severity: 'error',
  requirements: ['GEN-08'],
  specRef: 'IHE ITI TF-2 3.39.4.1.4 (Responding Gateway audit message)',
  *check({ message }) {
    const view = readAudit(message);
    if (auditedTransaction(view) !== 'ITI-39' || view.eventId?.code !== EventId.export.code) return;
    yield* eventIs(view, EventId.export.code, ['R']);
    yield* retrievedDocuments(view);
  },
};
