/** A study dated before the patient's birth is a mix-up of patients or dates (a warning: DICOM itself does not forbid it). */
import { firstString } from './dicom-subject.ts';
import type { DicomRule } from './dicom-rule.ts';
import { isCalendarDate } from './vr-syntax.ts';

const date = (v: string | undefined): string | undefined => (v && /^\d{8}$/.test(v) && isCalendarDate(v) ? v : undefined);

export const studyAfterBirth: DicomRule = {
  id: 'dicom.datetime.study-after-birth',
  title: "The study date is not before the patient's birth date",
  severity: 'warning',
  requirements: ['IM-STUDY'],
  specRef: 'DICOM PS3.3 C.7.1.1, C.7.2.1',
  *check(subject) {
    const birth = date(firstString(subject.dict, '00100030'));
    const study = date(firstString(subject.dict, '00080020'));
    if (!birth || !study || study >= birth) return;
    yield { path: '(0008,0020)', message: `StudyDate ${study} is before PatientBirthDate ${birth}`, expected: `≥ ${birth}`, actual: study };
  },
};
