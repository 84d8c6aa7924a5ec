/**
 * MADO titles its KOS (MADOTEMP001, 99IHE, "Manifest with Description") during the trial
 * implementation (IHE RAD MADO TF-3 6.X.2.9); DICOM CP-2595 will assign the final DCM code that
 * the supplement shows as placeholder "ddd001". The placeholder is accepted with a warning (it is
 * not a real code yet); the XDS-I.b title or any other is an error under MADO.
 */
import { codeEquals, showCode } from './dataset-access.ts';
import { datasetRule } from './define-rule.ts';
import { documentTitle, MADO_PLACEHOLDER_TITLE, MADO_TITLE } from './kos-kind.ts';

export const madoTitle = datasetRule({
  id: 'manifest.mado.title',
  title: 'Document title is the MADO "Manifest with Description" (MADOTEMP001, 99IHE)',
  severity: 'error',
  requirements: ['MET-07', 'GEN-03'],
  specRef: 'IHE RAD MADO TF-3 6.X.2.9; DICOM CP-2595',
  profiles: ['mado'],
  *check(ds) {
    const title = documentTitle(ds);
    const expected = '(MADOTEMP001, 99IHE, "Manifest with Description")';
    if (codeEquals(title, MADO_TITLE.value, MADO_TITLE.scheme)) return;
    if (codeEquals(title, MADO_PLACEHOLDER_TITLE.value, MADO_PLACEHOLDER_TITLE.scheme)) {
      yield { path: '(0040,A043)', severity: 'warning', message: 'title uses the CP-2595 placeholder ddd001, not an assigned code', expected, actual: showCode(title) };
      return;
    }
    yield { path: '(0040,A043)', message: `document title ${showCode(title)} is not the MADO title`, expected, actual: showCode(title) };
  },
});
