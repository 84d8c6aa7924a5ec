/** A manifest is a Key Object Selection Document; any other SOP Class is not one, whatever it says. */
import { text } from './dataset-access.ts';
import { datasetRule } from './define-rule.ts';

export const KEY_OBJECT_SELECTION_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.88.59';

export const sopClassIsKos = datasetRule({
  id: 'manifest.sop-class.kos',
  title: 'SOP Class UID is Key Object Selection Document Storage (1.2.840.10008.5.1.4.1.1.88.59)',
  severity: 'error',
  requirements: ['MET-07'],
  specRef: 'DICOM PS3.3 A.35.4; IHE RAD TF-3 4.68.4.1.2.2',
  *check(ds) {
    const sopClass = text(ds.SOPClassUID);
    if (sopClass !== KEY_OBJECT_SELECTION_SOP_CLASS) {
      yield { path: '(0008,0016)', message: `SOP Class UID is ${sopClass ?? 'absent'}, not Key Object Selection Document`, expected: KEY_OBJECT_SELECTION_SOP_CLASS, actual: sopClass ?? '(absent)' };
    }
  },
});
