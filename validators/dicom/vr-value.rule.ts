/** Every text value, meta header and sequence items included, conforms to its VR (PS3.5 §6.2). UIs: uid-syntax.rule.ts. */
import { formatPath, rawStrings, walkElements } from './dicom-subject.ts';
import { keywordOf } from './dictionary.ts';
import type { DicomRule } from './dicom-rule.ts';
import { checkVrValue } from './vr-syntax.ts';

export const vrValue: DicomRule = {
  id: 'dicom.vr.value',
  title: 'Values conform to their VR (charset, length, date/time/number syntax)',
  severity: 'error',
  requirements: ['RISK-MISSING'],
  specRef: 'DICOM PS3.5 6.2',
  *check(subject) {
    for (const ds of [subject.meta, subject.dict]) {
      for (const { steps, tag, element } of walkElements(ds)) {
        if (element.vr === 'UI' || element.vr === 'SQ') continue;
        const values = rawStrings(element);
        if (!values) continue;
        for (const [n, raw] of values.entries()) {
          const problem = checkVrValue(element.vr, raw);
          if (!problem) continue;
          yield {
            path: formatPath(steps),
            message: `${keywordOf(tag)} ${element.vr} value ${n + 1}: ${problem.problem}`,
            severity: problem.severity,
            expected: `a valid ${element.vr}`,
            actual: raw,
          };
        }
      }
    }
  },
};
