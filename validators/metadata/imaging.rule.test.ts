import { describe, expect, it } from 'vitest';
import type { ExtrinsicObject } from '../../simulators/registry/ebrim-model.ts';
import { DocScheme } from '../../simulators/registry/xds-constants.ts';
import { setSlot, slotValues } from '../../simulators/registry/xds-view.ts';
import { runRules } from '../run-rules.ts';
import { imagingEventCodes } from './imaging-event-codes.rule.ts';
import { imagingFormatCode } from './imaging-format-code.rule.ts';
import { imagingReferenceIds, REFERENCE_ID_LIST_SLOT } from './imaging-reference-ids.rule.ts';
import { imagingStudyLink } from './imaging-study-link.rule.ts';
import { imagingTypeCode } from './imaging-type-code.rule.ts';
import { readSubmission } from './submission-subject.ts';
import { classified, dropClassifications, entry, findingsOf, imagingSubmission, orcdSubmission, setCode } from './test-submissions.ts';

type Edit = (d: ExtrinsicObject) => void;
function edited(role: 'kos' | 'report', edit: Edit) {
  const s = imagingSubmission();
  edit(entry(s.objects, s.ids[role]!));
  return s;
}
const LOINC = '2.16.840.1.113883.6.1';

describe('imaging rules belong to the imaging profiles', () => {
  it('do not run under base or ehdsi-orcd', () => {
    const subject = readSubmission(orcdSubmission());
    for (const profile of ['base', 'ehdsi-orcd'] as const) {
      expect(runRules([imagingFormatCode, imagingTypeCode, imagingEventCodes, imagingReferenceIds, imagingStudyLink], subject, { subjectName: 't', profile }).rulesRun).toEqual([]);
    }
  });
});

describe('metadata.imaging.format-code', () => {
  it('passes the KOS and CDA report entries', () => expect(findingsOf(imagingFormatCode, imagingSubmission())).toEqual([]));

  it.each([
    ['an unknown formatCode', 'report', (d: ExtrinsicObject) => setCode(classified(d, DocScheme.formatCode)[0]!, 'urn:x:unknown', '1.2.3'), 'formatCode'],
    ['an eHDSI formatCode', 'report', (d: ExtrinsicObject) => setCode(classified(d, DocScheme.formatCode)[0]!, 'urn:eHDSI:orcd:pdf:2021', 'eHDSI formatCodes'), 'formatCode'],
    ['the KOS formatCode under the IHE format scheme', 'kos', (d: ExtrinsicObject) => setCode(classified(d, DocScheme.formatCode)[0]!, '1.2.840.10008.5.1.4.1.1.88.59', '1.3.6.1.4.1.19376.1.2.3'), 'formatCode'],
    ['a KOS sent as application/octet-stream', 'kos', (d: ExtrinsicObject) => { d.mimeType = 'application/octet-stream'; }, '@mimeType'],
    ['a CDA report sent as application/pdf', 'report', (d: ExtrinsicObject) => { d.mimeType = 'application/pdf'; }, '@mimeType'],
    ['a KOS whose uniqueId is not a SOP Instance UID', 'kos', (d: ExtrinsicObject) => { d.externalIdentifiers.find((x) => x.identificationScheme === DocScheme.uniqueId)!.value = '1.2.3^ext'; }, 'uniqueId'],
  ] as const)('fails %s', (_, role, edit, path) => {
    expect(findingsOf(imagingFormatCode, edited(role, edit))).toEqual([expect.objectContaining({ ruleId: 'metadata.imaging.format-code', severity: 'error', path: expect.stringMatching(new RegExp(`/${path}$`)) })]);
  });

  it('accepts a PDF report with urn:ihe:rad:PDF', () => {
    const s = edited('report', (d) => { setCode(classified(d, DocScheme.formatCode)[0]!, 'urn:ihe:rad:PDF', '1.3.6.1.4.1.19376.1.2.3'); d.mimeType = 'application/pdf'; });
    expect(findingsOf(imagingFormatCode, s)).toEqual([]);
  });
});

describe('metadata.imaging.type-code', () => {
  it('passes the harness entries', () => expect(findingsOf(imagingTypeCode, imagingSubmission())).toEqual([]));

  it('fails a report typed with another LOINC code', () => {
    const s = edited('report', (d) => setCode(classified(d, DocScheme.typeCode)[0]!, '11488-4', LOINC));
    expect(findingsOf(imagingTypeCode, s)).toEqual([expect.objectContaining({ severity: 'error', expected: `18748-4@${LOINC}`, actual: `11488-4@${LOINC}` })]);
  });

  it('warns about a manifest typed outside LOINC and accepts another LOINC code', () => {
    expect(findingsOf(imagingTypeCode, edited('kos', (d) => setCode(classified(d, DocScheme.typeCode)[0]!, 'KOS', '1.2.3')))).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(findingsOf(imagingTypeCode, edited('kos', (d) => setCode(classified(d, DocScheme.typeCode)[0]!, '55113-5', LOINC)))).toEqual([]);
  });
});

describe('metadata.imaging.event-codes', () => {
  it('passes the harness entries (MR + SNOMED CT region)', () => expect(findingsOf(imagingEventCodes, imagingSubmission())).toEqual([]));

  const events = (d: ExtrinsicObject) => classified(d, DocScheme.eventCodeList);
  const modality = (d: ExtrinsicObject) => events(d).find((c) => c.slots.some((x) => x.values[0] === '1.2.840.10008.2.16.4'))!;
  const region = (d: ExtrinsicObject) => events(d).find((c) => c.slots.some((x) => x.values[0] === '2.16.840.1.113883.6.96'))!;

  it('fails an entry without eventCodeList', () => {
    const f = findingsOf(imagingEventCodes, edited('kos', (d) => dropClassifications(d, DocScheme.eventCodeList)));
    expect(f.map((x) => x.message)).toEqual([expect.stringMatching(/no acquisition modality/), expect.stringMatching(/no anatomic region/)]);
  });

  it('fails a modality outside CID 29 (warning for it, error for the missing modality)', () => {
    const f = findingsOf(imagingEventCodes, edited('kos', (d) => setCode(modality(d), 'KO', '1.2.840.10008.2.16.4')));
    expect(f).toEqual([expect.objectContaining({ severity: 'warning', actual: 'KO@1.2.840.10008.2.16.4' }), expect.objectContaining({ severity: 'error', message: expect.stringMatching(/no acquisition modality/) })]);
  });

  it('fails a scheme given as designator instead of OID, naming RISK-CODES', () => {
    const f = findingsOf(imagingEventCodes, edited('report', (d) => setCode(modality(d), 'MR', 'DCM')));
    expect(f).toEqual([expect.objectContaining({ severity: 'error', expected: 'MR@1.2.840.10008.2.16.4', requirements: expect.arrayContaining(['RISK-CODES']) })]);
  });

  // The metadata family once kept its own CID 29 copy: it lacked RTIMAGE and POS and held "XAPS", no DICOM term.
  it.each(['RTIMAGE', 'POS', 'CFM', 'EEG'])('accepts %s, a CID 29 acquisition modality (validators/codes)', (code) => {
    expect(findingsOf(imagingEventCodes, edited('kos', (d) => setCode(modality(d), code, '1.2.840.10008.2.16.4')))).toEqual([]);
  });

  it('warns about XAPS, which is no DICOM modality', () => {
    const f = findingsOf(imagingEventCodes, edited('kos', (d) => setCode(modality(d), 'XAPS', '1.2.840.10008.2.16.4')));
    expect(f).toContainEqual(expect.objectContaining({ severity: 'warning', actual: 'XAPS@1.2.840.10008.2.16.4' }));
  });

  it.each([
    ['SRT', '2.16.840.1.113883.6.96'],
    ['SNM3', '2.16.840.1.113883.6.51'],
  ])('names the OID of designator %s per PS3.16 Table 8-1 (SNM3 is not SNOMED CT)', (designator, oid) => {
    const f = findingsOf(imagingEventCodes, edited('report', (d) => setCode(region(d), '12738006', designator)));
    expect(f).toContainEqual(expect.objectContaining({ severity: 'error', expected: `12738006@${oid}` }));
  });

  it('fails an entry without anatomic region', () => {
    const f = findingsOf(imagingEventCodes, edited('report', (d) => { d.classifications = d.classifications.filter((c) => c !== region(d)); }));
    expect(f).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringMatching(/no anatomic region/) })]);
  });
});

describe('metadata.imaging.reference-ids', () => {
  it('passes the harness entries (accession with issuer, study UID)', () => expect(findingsOf(imagingReferenceIds, imagingSubmission())).toEqual([]));

  const refs = (d: ExtrinsicObject) => slotValues(d, REFERENCE_ID_LIST_SLOT);
  const keep = (pred: (v: string) => boolean): Edit => (d) => setSlot(d, REFERENCE_ID_LIST_SLOT, refs(d).filter(pred));
  const map = (f: (v: string) => string): Edit => (d) => setSlot(d, REFERENCE_ID_LIST_SLOT, refs(d).map(f));

  it.each([
    ['no accession', keep((v) => !v.endsWith('accession')), /no accession number/],
    ['no Study Instance UID', keep((v) => !v.endsWith('studyInstanceUID')), /no Study Instance UID/],
    ['an accession without issuer', map((v) => (v.endsWith('accession') ? `${v.split('^')[0]}^^^^urn:ihe:iti:xds:2013:accession` : v)), /without an ISO OID assigning authority/],
    ['a malformed Study Instance UID', map((v) => (v.endsWith('studyInstanceUID') ? '1.2.3.04^^^^urn:ihe:iti:xds:2016:studyInstanceUID' : v)), /Study Instance UID "1\.2\.3\.04"/],
  ] as const)('fails %s', (_, edit, message) => {
    expect(findingsOf(imagingReferenceIds, edited('report', edit))).toEqual([expect.objectContaining({ ruleId: 'metadata.imaging.reference-ids', severity: 'error', message: expect.stringMatching(message) })]);
  });
});

describe('metadata.imaging.study-link', () => {
  it('passes a KOS and a report naming the same study and accession', () => expect(findingsOf(imagingStudyLink, imagingSubmission())).toEqual([]));

  it('fails a report that names the study with another accession number', () => {
    const s = edited('report', (d) => setSlot(d, REFERENCE_ID_LIST_SLOT, slotValues(d, REFERENCE_ID_LIST_SLOT).map((v) => (v.endsWith('accession') ? `OTHER${v}` : v))));
    expect(findingsOf(imagingStudyLink, s)).toEqual([expect.objectContaining({ ruleId: 'metadata.imaging.study-link', severity: 'error', actual: expect.stringMatching(/^OTHER/) })]);
  });
});
