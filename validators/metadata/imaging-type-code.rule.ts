/**
 * What an imaging document is: an imaging report is typed LOINC 18748-4 "Diagnostic imaging
 * study" (X-eHealth MET-04, REP-01). RAD TF-3 4.68.4.1.2.3 leaves the manifest's class and type
 * codes to the affinity domain, so a manifest only gets a warning when its typeCode is not LOINC.
 */
import { DocScheme } from '../../simulators/registry/xds-constants.ts';
import { codes } from '../../simulators/registry/xds-view.ts';
import type { Rule } from '../rule.ts';
import { DIAGNOSTIC_IMAGING_STUDY } from '../codes/loinc-document-type.ts';
import { knownFormat, SCHEME } from './imaging-codes.ts';
import type { SubmissionSubject } from './submission-subject.ts';
import { codeText, objectPath } from './xds-values.ts';

export const imagingTypeCode: Rule<SubmissionSubject> = {
  id: 'metadata.imaging.type-code',
  title: 'An imaging report has typeCode LOINC 18748-4; a manifest has a LOINC typeCode',
  severity: 'error',
  requirements: ['MET-04', 'REP-01'],
  specRef: 'IHE RAD TF-3 4.68.4.1.2.3; X-eHealth functional specification (MET-04)',
  profiles: ['xca-i', 'mado'],
  *check(subject) {
    for (const d of subject.entries) {
      const manifest = codes(d, DocScheme.formatCode).some((f) => knownFormat(f.code)?.manifest) || d.mimeType === 'application/dicom';
      for (const t of codes(d, DocScheme.typeCode)) {
        if (manifest) {
          if (t.codingScheme !== SCHEME.LOINC) yield { path: objectPath('DocumentEntry', d, 'typeCode'), severity: 'warning', message: 'manifest typeCode is not a LOINC code', expected: `a LOINC code (e.g. ${DIAGNOSTIC_IMAGING_STUDY}@${SCHEME.LOINC})`, actual: codeText(t) };
        } else if (t.code !== DIAGNOSTIC_IMAGING_STUDY || t.codingScheme !== SCHEME.LOINC) {
          yield { path: objectPath('DocumentEntry', d, 'typeCode'), message: 'imaging report typeCode is not LOINC 18748-4 "Diagnostic imaging study"', expected: `${DIAGNOSTIC_IMAGING_STUDY}@${SCHEME.LOINC}`, actual: codeText(t) };
        }
      }
    }
  },
};
