/**
 * ITI-39 on the Initiating Gateway (NCP-B, country B): an Import (110107, action C) typed ITI-39,
 * with the patient and every document received (ITI TF-2 3.39.4.1.4).
 */
import { EventId } from '../../simulators/audit/audit-codes.ts';
import type { Rule } from '../rule.ts';
import { eventIs } from './audit-checks.ts';
import { retrievedDocuments } from './iti-39-documents.ts';
import { auditedTransaction, readAudit, type AuditSubject } from './audit-view.ts';

export const auditIti39Import: Rule<AuditSubject> = {
  id: 'audit.iti-39.import',
  title: 'An ITI-39 Import audit (110107) has action C, Source/Destination, the patient and each document (type 2, role 3, id type 9) with repositoryUniqueId and homeCommunityId',
  severity: 'error',
  requirements: ['GEN-08'],
  specRef: 'IHE ITI TF-2 3.39.4.1.4 (Initiating Gateway audit message)',
  *check({ message }) {
    const view = readAudit(message);
    if (auditedTransaction(view) !== 'ITI-39' || view.eventId?.code !== EventId.import.code) return;
    yield* eventIs(view, EventId.import.code, ['C']);
    yield* retrievedDocuments(view);
  },
};
