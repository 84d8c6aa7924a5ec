/** Says when the SOP Class has no IOD table here, so "no presence findings" is never read as "conforms". */
import { iodFor, IODS } from './iod-tables.ts';
import type { DicomRule } from './dicom-rule.ts';

export const knownSopClass: DicomRule = {
  id: 'dicom.iod.known-sop-class',
  title: 'The SOP Class is one whose IOD the validator knows',
  severity: 'info',
  requirements: ['IM-INSTANCE'],
  specRef: 'DICOM PS3.4 B.5',
  *check(subject) {
    if (iodFor(subject.sopClassUid)) return;
    yield {
      path: '(0008,0016)',
      message: `SOPClassUID ${subject.sopClassUid || '(none)'} has no IOD table: module and attribute presence were not evaluated`,
      expected: IODS.map((i) => i.name).join(', '),
      actual: subject.sopClassUid,
    };
  },
};
