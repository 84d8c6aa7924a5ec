/** Every UI value (meta header, data set, sequence items) is a well-formed UID (PS3.5 §9.1). */
import { formatPath, rawStrings, walkElements } from './dicom-subject.ts';
import { keywordOf } from './dictionary.ts';
import type { DicomRule } from './dicom-rule.ts';
import { checkUid } from './vr-syntax.ts';

const STUDY_SERIES_INSTANCE: Readonly<Record<string, string[]>> = {
  '0020000D': ['MET-01', 'IM-STUDY'],
  '0020000E': ['IM-SERIES'],
  '00080018': ['IM-INSTANCE'],
};

export const uidSyntax: DicomRule = {
  id: 'dicom.uid.syntax',
  title: 'UIDs are digits and dots, without empty components or leading zeros, at most 64 characters',
  severity: 'error',
  requirements: ['RISK-MISSING'],
  specRef: 'DICOM PS3.5 9.1',
  *check(subject) {
    for (const ds of [subject.meta, subject.dict]) {
      for (const { steps, tag, element } of walkElements(ds)) {
        if (element.vr !== 'UI') continue;
        for (const raw of rawStrings(element) ?? []) {
          const problem = checkUid(raw);
          if (problem) {
            yield { path: formatPath(steps), message: `${keywordOf(tag)} "${raw}" is not a valid UID: ${problem}`, expected: 'PS3.5 9.1 UID', actual: raw, requirements: STUDY_SERIES_INSTANCE[tag] ?? [] };
          }
        }
      }
    }
  },
};
