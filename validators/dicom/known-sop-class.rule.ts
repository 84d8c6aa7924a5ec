/**
 * Says when the SOP Class has no IOD table here, so "no findings" is never read as "conforms":
 * such an instance is judged only against the modules common to all composite IODs
 * (iod-tables.ts COMPOSITE_COMMON), its IOD's own modules are not evaluated.
 */
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
    const own = subject.dict['00080016'] !== undefined;
    const which = own ? `SOPClassUID ${subject.sopClassUid || '(empty)'}` : `the data set has no SOPClassUID and MediaStorageSOPClassUID ${subject.sopClassUid || '(none)'}`;
    yield {
      path: '(0008,0016)',
      message: `${which} has no IOD table: only the modules common to all composite IODs (Patient, General Study, series, General Equipment, SOP Common) were checked; the IOD's own modules were not evaluated`,
      expected: IODS.map((i) => i.name).join(', '),
      actual: subject.sopClassUid,
    };
  },
};
