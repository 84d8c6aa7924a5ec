/** A message whose metadata cannot be read is a finding, never a silent empty pass. */
import type { Rule } from '../rule.ts';
import type { SubmissionSubject } from './submission-subject.ts';

export const metadataUnreadable: Rule<SubmissionSubject> = {
  id: 'metadata.read.unreadable',
  title: 'The XDS metadata can be read as an ebRIM RegistryObjectList',
  severity: 'error',
  requirements: ['RISK-MISSING'],
  specRef: 'OASIS ebRIM 3.0 §2-4; IHE ITI TF-3 4.2.5',
  *check(subject) {
    for (const problem of subject.readProblems) yield { path: '/', message: problem };
  },
};
