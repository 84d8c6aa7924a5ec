import { describe, expect, it } from 'vitest';
import type { ExtrinsicObject } from '../../simulators/registry/ebrim-model.ts';
import { DocScheme } from '../../simulators/registry/xds-constants.ts';
import { ehdsiClassType } from './ehdsi-class-type.rule.ts';
import { ehdsiFormatCode } from './ehdsi-format-code.rule.ts';
import { classified, entry, findingsOf, imagingSubmission, orcdSubmission, setCode } from './test-submissions.ts';

const LOINC = '2.16.840.1.113883.6.1';
function edited(role: 'pdf' | 'png', edit: (d: ExtrinsicObject) => void) {
  const s = orcdSubmission();
  edit(entry(s.objects, s.ids[role]!));
  return s;
}

describe('metadata.ehdsi.class-type-code', () => {
  it('passes the harness OrCD entries', () => expect(findingsOf(ehdsiClassType, orcdSubmission())).toEqual([]));

  it('fails a classCode that differs from the typeCode', () => {
    const s = edited('png', (d) => setCode(classified(d, DocScheme.classCode)[0]!, '18748-4', LOINC));
    expect(findingsOf(ehdsiClassType, s)).toEqual([expect.objectContaining({ ruleId: 'metadata.ehdsi.class-type-code', path: expect.stringMatching(/\/classCode$/), expected: `x-clinical-image@${LOINC}` })]);
  });

  it('fails a PDF report typed other than 18748-4 even when class = type', () => {
    const s = edited('pdf', (d) => { setCode(classified(d, DocScheme.classCode)[0]!, '34105-7', LOINC); setCode(classified(d, DocScheme.typeCode)[0]!, '34105-7', LOINC); });
    expect(findingsOf(ehdsiClassType, s)).toEqual([expect.objectContaining({ path: expect.stringMatching(/\/typeCode$/), actual: `34105-7@${LOINC}` })]);
  });
});

describe('metadata.ehdsi.format-code', () => {
  it('passes the harness OrCD entries', () => expect(findingsOf(ehdsiFormatCode, orcdSubmission())).toEqual([]));

  it('fails an XDS-I.b format under eHDSI', () => {
    const s = imagingSubmission();
    expect(findingsOf(ehdsiFormatCode, s).map((f) => f.severity)).toEqual(['error', 'error']);
  });

  it('fails a PNG registered as image/jpeg', () => {
    expect(findingsOf(ehdsiFormatCode, edited('png', (d) => { d.mimeType = 'image/jpeg'; }))).toEqual([expect.objectContaining({ severity: 'error', path: expect.stringMatching(/@mimeType$/), expected: 'image/png', actual: 'image/jpeg' })]);
  });

  it('warns about an unexpected codingScheme', () => {
    expect(findingsOf(ehdsiFormatCode, edited('pdf', (d) => setCode(classified(d, DocScheme.formatCode)[0]!, 'urn:eHDSI:orcd:pdf:2021', '1.2.3')))).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });
});
