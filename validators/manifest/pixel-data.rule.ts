/**
 * A manifest points at images and carries none. Pixel data in a KOS is outside its IOD (PS3.3
 * A.35.4 has no image modules) and makes a "manifest" that a PACS or viewer may treat as an image.
 */
import { datasetRule } from './define-rule.ts';
import { tagOf } from './dataset-access.ts';

const PIXEL_KEYWORDS = ['PixelData', 'FloatPixelData', 'DoubleFloatPixelData'] as const;

export const noPixelData = datasetRule({
  id: 'manifest.pixel-data.absent',
  title: 'The manifest carries no pixel data',
  severity: 'error',
  requirements: ['GEN-05'],
  specRef: 'DICOM PS3.3 A.35.4 (Key Object Selection Document IOD modules)',
  *check(ds) {
    for (const keyword of PIXEL_KEYWORDS) {
      if (ds[keyword] !== undefined) yield { path: tagOf(keyword), message: `${keyword} present in a Key Object Selection Document`, expected: '(absent)', actual: keyword };
    }
  },
});
