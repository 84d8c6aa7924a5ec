/**
 * XDS-I.b imaging documents (RAD TF-3 4.68.4.1.2.3.2): the formatCode is one the imaging profiles
 * define (KOS manifest, text/PDF/CDA report, MADO FHIR manifest), with its own codingScheme, and
 * the mimeType is the one that format travels as. A KOS entry's uniqueId is the manifest's SOP
 * Instance UID, so it must be a plain DICOM UID.
 */
import { DocScheme } from '../../simulators/registry/xds-constants.ts';
import { codes, externalId } from '../../simulators/registry/xds-view.ts';
import type { Rule } from '../rule.ts';
import { KNOWN_FORMATS, knownFormat } from './imaging-codes.ts';
import type { SubmissionSubject } from './submission-subject.ts';
import { codeText, objectPath, oidProblem } from './xds-values.ts';

const IMAGING = KNOWN_FORMATS.filter((f) => f.family !== 'ehdsi');

export const imagingFormatCode: Rule<SubmissionSubject> = {
  id: 'metadata.imaging.format-code',
  title: 'formatCode is an imaging format (KOS, urn:ihe:rad:TEXT/PDF/CDA, MADO) with its codingScheme and mimeType',
  severity: 'error',
  requirements: ['MET-04', 'RISK-CODES'],
  specRef: 'IHE RAD TF-3 4.68.4.1.2.3.2',
  profiles: ['xca-i', 'mado'],
  *check(subject) {
    for (const d of subject.entries) {
      const at = (tail: string): string => objectPath('DocumentEntry', d, tail);
      for (const fc of codes(d, DocScheme.formatCode)) {
        const format = knownFormat(fc.code);
        if (!format || format.family === 'ehdsi') {
          yield { path: at('formatCode'), message: `formatCode ${fc.code} is not an XDS-I.b/MADO imaging format${format ? ' (it is an eHDSI OrCD format)' : ''}`, expected: IMAGING.map((f) => f.code).join(' | '), actual: codeText(fc) };
          continue;
        }
        if (fc.codingScheme !== format.codingScheme) yield { path: at('formatCode'), message: `formatCode ${fc.code} has the wrong codingScheme`, expected: format.codingScheme, actual: fc.codingScheme, specRef: format.source };
        if (d.mimeType && !format.mimeTypes.includes(d.mimeType)) yield { path: at('@mimeType'), message: `mimeType ${d.mimeType} does not fit formatCode ${fc.code}`, expected: format.mimeTypes.join(' | '), actual: d.mimeType, specRef: format.source };
        const uid = externalId(d, DocScheme.uniqueId);
        if (format.manifest && format.mimeTypes.includes('application/dicom') && uid) {
          const p = oidProblem(uid);
          if (p) yield { path: at('uniqueId'), message: `uniqueId of a DICOM manifest must be its SOP Instance UID, and "${uid}" ${p}`, actual: uid, specRef: 'IHE RAD TF-3 4.68.4.1.2.3.2' };
        }
      }
    }
  },
};
