/**
 * XDS-I.b (and so XCA-I) titles its manifest (113030, DCM, "Manifest"). A MADO manifest is shared
 * through XDS-I.b with the same format code, so its title is only a warning here: a consumer that
 * knows just XDS-I.b may not recognise it. Any other title is an error (the kind rule says what
 * the object is instead).
 */
import { codeEquals, showCode } from './dataset-access.ts';
import { datasetRule } from './define-rule.ts';
import { documentTitle, isMadoTitle, XDS_I_MANIFEST_TITLE } from './kos-kind.ts';

export const xdsiTitle = datasetRule({
  id: 'manifest.xds-i.title',
  title: 'Document title is (113030, DCM, "Manifest")',
  severity: 'error',
  requirements: ['MET-07', 'GEN-05'],
  specRef: 'IHE RAD TF-3 4.68.4.1.2.2; DICOM PS3.16 CID 7010',
  profiles: ['xca-i'],
  *check(ds) {
    const title = documentTitle(ds);
    if (codeEquals(title, XDS_I_MANIFEST_TITLE.value, XDS_I_MANIFEST_TITLE.scheme)) return;
    const expected = '(113030, DCM, "Manifest")';
    if (isMadoTitle(title)) {
      yield { path: '(0040,A043)', severity: 'warning', message: `MADO title ${showCode(title)} where XDS-I.b expects ${expected}`, expected, actual: showCode(title) };
    } else {
      yield { path: '(0040,A043)', message: `document title ${showCode(title)} is not the XDS-I.b manifest title`, expected, actual: showCode(title) };
    }
  },
});
