/**
 * ITI-38 Cross Gateway Query, either gateway (ITI TF-2 3.38.4.1.4): a Query event (110112,
 * action E) typed ITI-38, Source (requestor) and Destination systems, the patient (type 1, role 1,
 * id type 2) and the query (type 2, role 24, id type ITI-38) with the base64 AdhocQueryRequest
 * and the urn:ihe:iti:xca:2010:homeCommunityId detail.
 */
import { DetailType, EventId, ObjectRole } from '../../simulators/audit/audit-codes.ts';
import type { Rule } from '../rule.ts';
import { detailPresent, eventIs, objectsOfRole, patientPresent, sourceAndDestination, sourceIsRequestor } from './audit-checks.ts';
import { auditedTransaction, objectPath, readAudit, type AuditSubject, type ObjectView } from './audit-view.ts';

export const auditIti38Query: Rule<AuditSubject> = {
  id: 'audit.iti-38.query-event',
  title: 'An ITI-38 audit is a Query (110112, E) with Source/Destination, the patient, and the query object (type 2, role 24) with the AdhocQueryRequest and homeCommunityId',
  severity: 'error',
  requirements: ['GEN-08'],
  specRef: 'IHE ITI TF-2 3.38.4.1.4 (Audit Record Considerations)',
  *check({ message }) {
    const view = readAudit(message);
    if (auditedTransaction(view) !== 'ITI-38') return;
    yield* eventIs(view, EventId.query.code, ['E']);
    yield* sourceAndDestination(view);
    yield* sourceIsRequestor(view);
    yield* patientPresent(view);
    let queries: ObjectView[] = [];
    yield* objectsOfRole(view, ObjectRole.query, 'the query', (found) => (queries = found));
    for (const q of queries) {
      if (q.idType?.code !== 'ITI-38') yield { path: objectPath(q, '/ParticipantObjectIDTypeCode/@csd-code'), message: 'the query object is identified by the transaction (ITI-38)', expected: 'ITI-38', actual: q.idType?.code ?? '(absent)' };
      if (!q.query) yield { path: objectPath(q, '/ParticipantObjectQuery'), message: 'the query object carries the AdhocQueryRequest, base64', expected: 'present', actual: '(absent)' };
      yield* detailPresent(q, DetailType.xcaHomeCommunityId, 'the home community id');
    }
  },
};
