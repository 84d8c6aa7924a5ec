/**
 * ITI-55 Cross Gateway Patient Discovery, either gateway (ITI TF-2 3.55.5.1): a Query event
 * (110112, action E) typed ITI-55, Source and Destination systems with the Source as requestor,
 * and the query as a ParticipantObject (type 2, role 24, id type ITI-55) carrying the base64
 * PRPA_IN201305UV02 and the ihe:homeCommunityID detail. Patients are optional (none may match).
 */
import { DetailType, EventId, ObjectRole } from '../../simulators/audit/audit-codes.ts';
import type { Rule } from '../rule.ts';
import { detailPresent, eventIs, objectsOfRole, sourceAndDestination, sourceIsRequestor } from './audit-checks.ts';
import { auditedTransaction, objectPath, readAudit, type AuditSubject, type ObjectView } from './audit-view.ts';

export const auditIti55Query: Rule<AuditSubject> = {
  id: 'audit.iti-55.query-event',
  title: 'An ITI-55 audit is a Query (110112, E) with Source/Destination and the query object (type 2, role 24, id type ITI-55) carrying the query and ihe:homeCommunityID',
  severity: 'error',
  requirements: ['GEN-08'],
  specRef: 'IHE ITI TF-2 3.55.5.1 (Audit Record Considerations)',
  *check({ message }) {
    const view = readAudit(message);
    if (auditedTransaction(view) !== 'ITI-55') return;
    yield* eventIs(view, EventId.query.code, ['E']);
    yield* sourceAndDestination(view);
    yield* sourceIsRequestor(view);
    let queries: ObjectView[] = [];
    yield* objectsOfRole(view, ObjectRole.query, 'the query', (found) => (queries = found));
    for (const q of queries) {
      if (q.idType?.code !== 'ITI-55') yield { path: objectPath(q, '/ParticipantObjectIDTypeCode/@csd-code'), message: 'the query object is identified by the transaction (ITI-55)', expected: 'ITI-55', actual: q.idType?.code ?? '(absent)' };
      if (!q.query) yield { path: objectPath(q, '/ParticipantObjectQuery'), message: 'the query object carries the PRPA_IN201305UV02 query, base64', expected: 'present', actual: '(absent)' };
      yield* detailPresent(q, DetailType.homeCommunityId, 'the home community id');
    }
  },
};
