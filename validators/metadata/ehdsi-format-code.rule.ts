/**
 * eHDSI OrCD formats: the report as PDF (urn:eHDSI:orcd:pdf:2021, application/pdf), images as JPEG
 * or PNG (urn:eHDSI:orcd:jpeg:2021 / png:2021, image/jpeg / image/png). The codingScheme is the
 * one the eHDSI reference implementation writes ("eHDSI formatCodes"); a different one is only a
 * warning since no normative OID could be confirmed.
 */
import { DocScheme } from '../../simulators/registry/xds-constants.ts';
import { codes } from '../../simulators/registry/xds-view.ts';
import type { Rule } from '../rule.ts';
import { KNOWN_FORMATS, knownFormat } from './imaging-codes.ts';
import type { SubmissionSubject } from './submission-subject.ts';
import { codeText, objectPath } from './xds-values.ts';

const EHDSI = KNOWN_FORMATS.filter((f) => f.family === 'ehdsi');

export const ehdsiFormatCode: Rule<SubmissionSubject> = {
  id: 'metadata.ehdsi.format-code',
  title: 'eHDSI: formatCode is an OrCD format (PDF, JPEG, PNG) and the mimeType matches it',
  severity: 'error',
  requirements: ['MET-04', 'RISK-CODES'],
  specRef: 'eHDSI XCA profile (OrCD formatCodes)',
  profiles: ['ehdsi-orcd'],
  *check(subject) {
    for (const d of subject.entries) {
      const at = (tail: string): string => objectPath('DocumentEntry', d, tail);
      for (const fc of codes(d, DocScheme.formatCode)) {
        const format = knownFormat(fc.code);
        if (!format || format.family !== 'ehdsi') {
          yield { path: at('formatCode'), message: `formatCode ${fc.code} is not an eHDSI OrCD format`, expected: EHDSI.map((f) => f.code).join(' | '), actual: codeText(fc) };
          continue;
        }
        if (fc.codingScheme !== format.codingScheme) yield { path: at('formatCode'), severity: 'warning', message: `formatCode ${fc.code} has an unexpected codingScheme`, expected: format.codingScheme, actual: fc.codingScheme };
        if (d.mimeType !== undefined && !format.mimeTypes.includes(d.mimeType)) yield { path: at('@mimeType'), message: `mimeType ${d.mimeType} does not fit formatCode ${fc.code}`, expected: format.mimeTypes.join(' | '), actual: d.mimeType };
      }
    }
  },
};
