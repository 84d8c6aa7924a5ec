/**
 * One submission, one patient: every DocumentEntry's patientId equals the SubmissionSet's
 * (ITI TF-2 3.42.4.1.3, error XDSPatientIdDoesNotMatch). Across borders a mismatch means a
 * document filed under the wrong person.
 */
import { DocScheme, SubmissionScheme } from '../../simulators/registry/xds-constants.ts';
import { externalId } from '../../simulators/registry/xds-view.ts';
import type { Rule } from '../rule.ts';
import type { SubmissionSubject } from './submission-subject.ts';
import { objectPath } from './xds-values.ts';

export const samePatient: Rule<SubmissionSubject> = {
  id: 'metadata.submission.same-patient',
  title: "Every DocumentEntry's patientId equals the SubmissionSet's patientId",
  severity: 'error',
  requirements: ['MET-07', 'GEN-09'],
  specRef: 'IHE ITI TF-2 3.42.4.1.3 (XDSPatientIdDoesNotMatch); ITI TF-3 4.2.3.3 (patientId)',
  *check(subject) {
    const ss = subject.submissionSets.length === 1 ? subject.submissionSets[0] : undefined;
    const expected = ss && externalId(ss, SubmissionScheme.patientId);
    if (!expected) return;
    for (const d of subject.entries) {
      const actual = externalId(d, DocScheme.patientId);
      if (actual && actual !== expected) yield { path: objectPath('DocumentEntry', d, 'patientId'), message: "DocumentEntry patientId differs from the SubmissionSet's", expected, actual };
    }
  },
};
