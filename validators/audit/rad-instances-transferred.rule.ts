/**
 * RAD-69 / RAD-75 imaging retrieves reported as DICOM Instances Transferred (110104): action R by
 * the side the instances leave (responding imaging gateway), C by the side they arrive at
 * (initiating imaging gateway); Source/Destination, the patient, and each study as a
 * ParticipantObject (type 2, role 3) identified by its Study Instance UID (id type 110180).
 */
import { EventId, ObjectIdType, ObjectRole } from '../../simulators/audit/audit-codes.ts';
import type { Rule } from '../rule.ts';
import { eventIs, objectsOfRole, patientPresent, sourceAndDestination } from './audit-checks.ts';
import { auditedTransaction, objectPath, readAudit, type AuditSubject, type ObjectView } from './audit-view.ts';

const UID = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/;

export const auditRadInstancesTransferred: Rule<AuditSubject> = {
  id: 'audit.rad-69.instances-transferred',
  title: 'A RAD-69/RAD-75 Instances Transferred audit (110104) has action R or C, Source/Destination, the patient and each study (type 2, role 3, id type 110180)',
  severity: 'error',
  requirements: ['GEN-08'],
  specRef: 'DICOM PS3.15 A.5.3.7 (DICOM Instances Transferred); IHE RAD TF-3 4.69, 4.75 (Security Considerations)',
  *check({ message }) {
    const view = readAudit(message);
    const transaction = auditedTransaction(view);
    if ((transaction !== 'RAD-69' && transaction !== 'RAD-75') || view.eventId?.code !== EventId.instancesTransferred.code) return;
    yield* eventIs(view, EventId.instancesTransferred.code, ['R', 'C']);
    yield* sourceAndDestination(view);
    yield* patientPresent(view);
    let studies: ObjectView[] = [];
    yield* objectsOfRole(view, ObjectRole.report, 'each study', (found) => (studies = found));
    for (const s of studies) {
      if (s.idType?.code !== ObjectIdType.studyInstanceUid.code) yield { path: objectPath(s, '/ParticipantObjectIDTypeCode/@csd-code'), message: 'a study is identified by its Study Instance UID (id type 110180)', expected: '110180', actual: s.idType?.code ?? '(absent)' };
      if (!s.id || !UID.test(s.id)) yield { path: objectPath(s, '/@ParticipantObjectID'), message: 'the study object needs the Study Instance UID', expected: 'a UID', actual: s.id ?? '(absent)' };
    }
  },
};
