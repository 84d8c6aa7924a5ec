/** What ITI-39 Export and Import audits share: the patient and the documents with their addresses (ITI TF-2 3.39.4.1.4). */
import { DetailType, ObjectIdType, ObjectRole } from '../../simulators/audit/audit-codes.ts';
import type { RuleFinding } from '../rule.ts';
import { detailPresent, objectsOfRole, patientPresent, sourceAndDestination } from './audit-checks.ts';
import { objectPath, type AuditView, type ObjectView } from './audit-view.ts';

export function* retrievedDocuments(view: AuditView): Generator<RuleFinding> {
  yield* sourceAndDestination(view);
  yield* patientPresent(view);
  let documents: ObjectView[] = [];
  yield* objectsOfRole(view, ObjectRole.report, 'each document', (found) => (documents = found));
  for (const d of documents) {
    if (d.idType?.code !== ObjectIdType.reportNumber.code) yield { path: objectPath(d, '/ParticipantObjectIDTypeCode/@csd-code'), message: 'a document is identified by its uniqueId as Report Number (id type 9)', expected: '9', actual: d.idType?.code ?? '(absent)' };
    if (!d.id) yield { path: objectPath(d, '/@ParticipantObjectID'), message: 'the document object needs the document uniqueId', expected: 'present', actual: '(absent)' };
    yield* detailPresent(d, DetailType.repositoryUniqueId, 'the repositoryUniqueId');
    yield* detailPresent(d, DetailType.homeCommunityId, 'the homeCommunityId');
  }
}
