/**
 * Each DocumentEntry of a submission is a member of its SubmissionSet: a HasMember association
 * from the set to the entry carrying SubmissionSetStatus = Original (ITI TF-3 4.2.2, HasMember). Without
 * it the registry refuses the whole submission.
 */
import { AssociationType } from '../../simulators/registry/xds-constants.ts';
import { slotValue } from '../../simulators/registry/xds-view.ts';
import type { Rule } from '../rule.ts';
import type { SubmissionSubject } from './submission-subject.ts';
import { objectPath } from './xds-values.ts';

export const hasMember: Rule<SubmissionSubject> = {
  id: 'metadata.submission.has-member',
  title: 'Every DocumentEntry is linked to the SubmissionSet by a HasMember association with SubmissionSetStatus Original',
  severity: 'error',
  requirements: ['MET-05', 'RISK-MISSING'],
  specRef: 'IHE ITI TF-3 4.2.2 (HasMember); ITI TF-2 3.42.4.1.3',
  *check(subject) {
    const ss = subject.submissionSets[0];
    // Query responses may list entries without their set; several sets is the count rule's finding.
    if (!ss || subject.submissionSets.length > 1 || subject.message === 'query-response') return;
    for (const d of subject.entries) {
      const links = subject.associations.filter((a) => a.associationType === AssociationType.hasMember && a.sourceObject === ss.id && a.targetObject === d.id);
      if (links.length === 0) {
        yield { path: objectPath('DocumentEntry', d), message: 'DocumentEntry is not the target of a HasMember association from the SubmissionSet' };
        continue;
      }
      for (const a of links) {
        const status = slotValue(a, 'SubmissionSetStatus');
        if (status !== 'Original') yield { path: objectPath('Association', a, 'Slot[SubmissionSetStatus]'), message: 'HasMember from the SubmissionSet to a new DocumentEntry must carry SubmissionSetStatus Original', expected: 'Original', actual: status ?? '(none)' };
      }
    }
  },
};
