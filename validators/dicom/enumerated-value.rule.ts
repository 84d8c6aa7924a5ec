/**
 * Enumerated values (PS3.3: "Enumerated Values", not "Defined Terms"): a value outside the list
 * is an error, as dciodvfy reports it. Only attributes whose list is the same in every IOD here.
 */
import { formatPath, rawStrings, walkElements } from './dicom-subject.ts';
import { keywordOf, tagOf } from './dictionary.ts';
import type { DicomRule } from './dicom-rule.ts';

const ENUMERATED: ReadonlyMap<string, { values: readonly string[]; specRef: string }> = new Map(
  (
    [
      ['PatientSex', ['M', 'F', 'O'], 'C.7.1.1'],
      ['Laterality', ['R', 'L'], 'C.7.3.1'],
      ['ImageLaterality', ['R', 'L', 'U', 'B'], 'C.8.11.2'],
      ['BurnedInAnnotation', ['YES', 'NO'], 'C.7.6.1'],
      ['PresentationIntentType', ['FOR PRESENTATION', 'FOR PROCESSING'], 'C.8.11.1'],
      ['LossyImageCompression', ['00', '01'], 'C.7.6.1'],
      ['CompletionFlag', ['PARTIAL', 'COMPLETE'], 'C.17.2'],
      ['VerificationFlag', ['UNVERIFIED', 'VERIFIED'], 'C.17.2'],
      ['ContinuityOfContent', ['SEPARATE', 'CONTINUOUS'], 'C.18.8'],
    ] as const
  ).map(([keyword, values, section]) => [tagOf(keyword), { values, specRef: `DICOM PS3.3 ${section}` }]),
);

export const enumeratedValue: DicomRule = {
  id: 'dicom.value.enumerated',
  title: 'Attributes with enumerated values hold one of them',
  severity: 'error',
  requirements: ['RISK-CODES'],
  specRef: 'DICOM PS3.3 Annex C',
  *check(subject) {
    for (const { steps, tag, element } of walkElements(subject.dict)) {
      const rule = ENUMERATED.get(tag);
      if (!rule) continue;
      for (const raw of rawStrings(element) ?? []) {
        const value = raw.trim();
        if (value === '' || rule.values.includes(value)) continue;
        yield { path: formatPath(steps), message: `${keywordOf(tag)} "${value}" is not an enumerated value`, expected: rule.values.join(' | '), actual: value, specRef: rule.specRef };
      }
    }
  },
};
