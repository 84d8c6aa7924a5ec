/**
 * A Key Object Selection Document offered as a manifest must be one: a key-image note (or any
 * other CID 7010 title) selects a few instances for a purpose and says nothing about the whole
 * study, so a consumer importing it as "the study" silently loses images. Under the base
 * standards this is only worth a warning (the object is a valid KOS); where the exchange expects a
 * study manifest (XCA-I, MADO) it is an error.
 */
import { showCode } from './dataset-access.ts';
import { datasetRule } from './define-rule.ts';
import { classifyKos, documentTitle } from './kos-kind.ts';

export const kindIsManifest = datasetRule({
  id: 'manifest.kind.not-a-manifest',
  title: 'The KOS is titled as a study manifest (XDS-I.b or MADO), not a key-image note or another selection',
  severity: 'warning',
  requirements: ['RISK-MISSING', 'GEN-05', 'MET-07'],
  specRef: 'DICOM PS3.16 CID 7010; IHE RAD TF-3 4.68.4.1.2.2; IHE RAD KIN',
  *check(ds, subject) {
    const kind = classifyKos(ds);
    if (kind === 'xds-i-manifest' || kind === 'mado-manifest') return;
    const title = showCode(documentTitle(ds));
    const what = kind === 'key-image-note' ? 'a key-image note' : 'a Key Object Selection that is not a study manifest';
    yield {
      path: '(0040,A043)',
      message: `document title ${title} makes this ${what}`,
      severity: subject.profile === 'xca-i' || subject.profile === 'mado' ? 'error' : 'warning',
      expected: '(113030, DCM, "Manifest") or the MADO title',
      actual: title,
    };
  },
});
