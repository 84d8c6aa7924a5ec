/**
 * The EventID must be one the audited transaction reports: a cross-gateway query is a Query
 * (110112), a cross-gateway retrieve an Export or Import (110106/110107), an imaging retrieve
 * DICOM Instances Transferred (110104, or Export/Import). A message whose EventTypeCode names a
 * transaction and whose EventID says something else would escape every per-transaction rule.
 */
import type { Rule } from '../rule.ts';
import { EVENTS_OF } from './audit-checks.ts';
import { auditedTransaction, readAudit, type AuditSubject } from './audit-view.ts';

export const auditEventForTransaction: Rule<AuditSubject> = {
  id: 'audit.event-type.event-id',
  title: 'The EventID is one the transaction named in EventTypeCode reports (ITI-55/38: 110112; ITI-39: 110106/110107; RAD-69/75: 110104/110106/110107)',
  severity: 'error',
  requirements: ['GEN-08'],
  specRef: 'IHE ITI TF-2 3.38.4.1.4, 3.39.4.1.4, 3.55.5.1; IHE RAD TF-3 4.69, 4.75 (Audit Record Considerations)',
  *check({ message }) {
    const view = readAudit(message);
    const transaction = auditedTransaction(view);
    const allowed = transaction === undefined ? undefined : EVENTS_OF[transaction];
    if (!allowed) return; // not one of the cross-border transactions this family knows
    if (!allowed.includes(view.eventId?.code ?? '')) {
      yield { path: '/AuditMessage/EventIdentification/EventID/@csd-code', message: `an ${transaction} audit must report EventID ${allowed.join(' or ')}`, expected: allowed.join(' | '), actual: view.eventId?.code ?? '(absent)' };
    }
  },
};
