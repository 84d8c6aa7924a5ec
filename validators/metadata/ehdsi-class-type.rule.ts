/**
 * eHDSI Original Clinical Documents (MyHealth@EU): classCode and typeCode carry the same code, and
 * an imaging report's is LOINC 18748-4 (eHDSI value set eHDSIMedicalImagingReportType,
 * 1.3.6.1.4.1.12559.11.10.1.3.1.42.54).
 */
import { DocScheme } from '../../simulators/registry/xds-constants.ts';
import type { Rule } from '../rule.ts';
import { DIAGNOSTIC_IMAGING_STUDY } from '../codes/loinc-document-type.ts';
import { SCHEME } from './imaging-codes.ts';
import type { SubmissionSubject } from './submission-subject.ts';
import { codeText, objectPath, singleCode } from './xds-values.ts';

export const ehdsiClassType: Rule<SubmissionSubject> = {
  id: 'metadata.ehdsi.class-type-code',
  title: 'eHDSI: classCode equals typeCode; a PDF imaging report is LOINC 18748-4',
  severity: 'error',
  requirements: ['MET-04', 'RISK-CODES'],
  specRef: 'eHDSI XCA profile (OrCD DocumentEntry metadata); eHDSI MVC eHDSIMedicalImagingReportType',
  profiles: ['ehdsi-orcd'],
  *check(subject) {
    for (const d of subject.entries) {
      const classCode = singleCode(d, DocScheme.classCode);
      const typeCode = singleCode(d, DocScheme.typeCode);
      if (!classCode || !typeCode) continue;
      if (classCode.code !== typeCode.code || classCode.codingScheme !== typeCode.codingScheme) {
        yield { path: objectPath('DocumentEntry', d, 'classCode'), message: 'eHDSI requires classCode = typeCode', expected: codeText(typeCode), actual: codeText(classCode) };
      }
      if (d.mimeType === 'application/pdf' && (typeCode.code !== DIAGNOSTIC_IMAGING_STUDY || typeCode.codingScheme !== SCHEME.LOINC)) {
        yield { path: objectPath('DocumentEntry', d, 'typeCode'), message: 'an eHDSI imaging report is typed LOINC 18748-4', expected: `${DIAGNOSTIC_IMAGING_STUDY}@${SCHEME.LOINC}`, actual: codeText(typeCode) };
      }
    }
  },
};
