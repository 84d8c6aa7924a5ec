/** The manifest must be readable as DICOM at all; everything else depends on it. */
import type { ManifestRule } from './define-rule.ts';

export const subjectReadable: ManifestRule = {
  id: 'manifest.subject.readable',
  title: 'The manifest is a DICOM Part 10 file that can be parsed',
  severity: 'error',
  requirements: ['RISK-MISSING', 'GEN-05'],
  specRef: 'DICOM PS3.10 7.1',
  *check(subject) {
    if (subject.ds === undefined) {
      yield { path: '', message: `manifest not readable: ${subject.readProblem ?? 'no data set'}`, expected: 'DICOM Part 10 file', actual: subject.readProblem ?? 'nothing' };
    }
  },
};
