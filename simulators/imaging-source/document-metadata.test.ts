import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testWorld } from '../../fixtures/dicom/test-world.ts';
import { REFERENCE_ID_TYPE, XDS_UUID } from './document-entry.ts';
import { buildSubmissionSet, imagingEventCodes, kosDocumentEntry, reportDocumentEntry } from './document-metadata.ts';
import { buildKosManifest } from './kos-manifest.ts';
import { worldDocumentContext } from './study-from-world.ts';
import { manifestInput, msFollowUpStudy, REPOSITORY_UID, testWorldStudies } from './test-inputs.ts';
import { IHE_IMAGING_REPORT_FORMAT_CODE, KOS_FORMAT_CODE } from './xds-codes.ts';

const mr = testWorldStudies.find((w) => w.study.accessionNumber === 'FR0002')!;
const kos = buildKosManifest(manifestInput(mr, testWorld.uidRoot));
const ctx = worldDocumentContext(mr, { repositoryUniqueId: REPOSITORY_UID });
const DTM = /^\d{14}$/;

describe('kosDocumentEntry', () => {
  const entry = kosDocumentEntry(ctx, kos);

  it('identifies the manifest by its SOP Instance UID and describes it as a DICOM KOS', () => {
    expect(entry.uniqueId).toBe(kos.sopInstanceUid);
    expect(entry.mimeType).toBe('application/dicom');
    expect(entry.formatCode).toEqual({ code: '1.2.840.10008.5.1.4.1.1.88.59', codingScheme: '1.2.840.10008.2.6.1', displayName: KOS_FORMAT_CODE.displayName });
    expect(entry.objectType).toBe(XDS_UUID.documentEntry.objectTypeStable);
    expect(entry.entryUuid).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(entry.repositoryUniqueId).toBe(REPOSITORY_UID);
    expect(entry.confidentialityCode).toEqual([{ code: 'N', codingScheme: '2.16.840.1.113883.5.25', displayName: 'normal' }]);
  });

  it('puts the patient in CX form under the national scheme OID', () => {
    expect(entry.patientId).toBe('285077512345678^^^&1.2.250.1.213.1.4.8&ISO');
    expect(entry.sourcePatientId).toBe(entry.patientId);
    expect(entry.sourcePatientInfo).toEqual(['PID-3|285077512345678^^^&1.2.250.1.213.1.4.8&ISO', 'PID-5|Lefèvre^Hélène', 'PID-7|19850715', 'PID-8|F']);
    const other = kosDocumentEntry({ ...ctx, domainPatientId: { id: 'X1', oid: '1.2.3.4' } }, kos);
    expect(other.patientId).toBe('X1^^^&1.2.3.4&ISO');
    expect(other.sourcePatientId).toBe(entry.sourcePatientId);
  });

  it('lists the acquisition modalities (not SR) and the SNOMED anatomic region as event codes', () => {
    expect(entry.eventCodeList).toEqual([
      { code: 'MR', codingScheme: '1.2.840.10008.2.16.4', displayName: 'Magnetic Resonance' },
      { code: '12738006', codingScheme: '2.16.840.1.113883.6.96', displayName: 'Brain' },
    ]);
  });

  it('references the accession under the facility issuer and the study UID', () => {
    expect(entry.referenceIdList).toEqual([
      `FR0002^^^&${mr.facility.accessionIssuerOid}&ISO^${REFERENCE_ID_TYPE.accession}`,
      `${mr.study.studyInstanceUid}^^^^urn:ihe:iti:xds:2016:studyInstanceUID`,
    ]);
  });

  it('converts local DICOM times to UTC (CET in winter, CEST in summer)', () => {
    expect(entry.creationTime).toMatch(DTM);
    expect(entry.creationTime).toBe('20240401100000'); // 12:00 CEST
    expect(entry.serviceStartTime).toBe('20240312091500'); // 10:15 CET
  });

  it('carries the SHA-1 and size of the Part 10 bytes', () => {
    expect(entry.hash).toBe(createHash('sha1').update(kos.part10).digest('hex'));
    expect(entry.hash).toMatch(/^[0-9a-f]{40}$/);
    expect(entry.size).toBe(kos.part10.byteLength);
  });

  it('names the facility as author institution', () => {
    expect(entry.authors).toEqual([{ authorInstitution: ['Hôpital Pitié-Salpêtrière'] }]);
    expect(kosDocumentEntry({ ...ctx, institution: { name: 'A^B', oid: '1.2.3' } }, kos).authors[0]!.authorInstitution).toEqual(['A\\S\\B^^^^^^^^^1.2.3']);
  });

  it('refuses a manifest of another study', () => {
    const other = testWorldStudies.find((w) => w.study.accessionNumber === 'FR0003')!;
    expect(() => kosDocumentEntry(worldDocumentContext(other), kos)).toThrow(/study/);
  });

  it('collects each modality once across a multi-series study', () => {
    const { ws } = msFollowUpStudy();
    expect(imagingEventCodes(ws.study).map((c) => c.code)).toEqual(['MR', ws.study.anatomicRegion!.code]);
    const cr = testWorldStudies.find((w) => w.study.accessionNumber === 'DE0005')!;
    expect(imagingEventCodes(cr.study).map((c) => c.code)).toEqual(['CR', '51185008']);
  });
});

describe('reportDocumentEntry', () => {
  const { ws } = msFollowUpStudy();
  const report = ws.report!;
  const bytes = new TextEncoder().encode('<ClinicalDocument/>');
  const entry = reportDocumentEntry(worldDocumentContext(ws), {
    uniqueId: report.id, dateTime: report.dateTime, author: report.author,
    formatCode: IHE_IMAGING_REPORT_FORMAT_CODE, mimeType: 'text/xml', bytes,
  });

  it('is classed and typed LOINC 18748-4 with the given format', () => {
    const loinc = { code: '18748-4', codingScheme: '2.16.840.1.113883.6.1', displayName: 'Diagnostic imaging study' };
    expect(entry.classCode).toEqual(loinc);
    expect(entry.typeCode).toEqual(loinc);
    expect(entry.formatCode.code).toBe('urn:ihe:rad:CDA:ImagingReportStructuredHeadings:2013');
    expect(entry.mimeType).toBe('text/xml');
    expect(entry.uniqueId).toBe(report.id);
    expect(entry.languageCode).toBe('nl-NL');
  });

  it('has the radiologist as author person, a UTC creation time and the hash of the bytes', () => {
    expect(entry.authors[0]!.authorPerson).toBe(`^${report.author.family}^${report.author.given}`);
    expect(entry.creationTime).toMatch(DTM);
    expect(entry.hash).toBe(createHash('sha1').update(bytes).digest('hex'));
    expect(entry.size).toBe(bytes.byteLength);
    expect(entry.patientId).toMatch(/^\d+\^\^\^&2\.16\.840\.1\.113883\.2\.4\.6\.3&ISO$/);
    expect(entry.referenceIdList).toHaveLength(2);
  });

  it('omits hash and size without bytes', () => {
    const bare = reportDocumentEntry(worldDocumentContext(ws), { uniqueId: report.id, dateTime: report.dateTime, author: report.author, formatCode: IHE_IMAGING_REPORT_FORMAT_CODE, mimeType: 'text/xml' });
    expect(bare).not.toHaveProperty('hash');
    expect(bare).not.toHaveProperty('size');
  });
});

describe('buildSubmissionSet', () => {
  it('keeps the given identity, time and patient, with a stable entry UUID', () => {
    const input = { uniqueId: '1.2.3.4.5', sourceId: '1.2.3.4', submissionTime: '20240401100000', contentTypeCode: { code: '18748-4', codingScheme: '2.16.840.1.113883.6.1', displayName: 'Diagnostic imaging study' }, patientId: '1^^^&1.2.3&ISO' };
    const set = buildSubmissionSet(input);
    expect(set).toMatchObject({ uniqueId: '1.2.3.4.5', sourceId: '1.2.3.4', submissionTime: '20240401100000', patientId: '1^^^&1.2.3&ISO', authors: [] });
    expect(buildSubmissionSet(input).entryUuid).toBe(set.entryUuid);
    expect(() => buildSubmissionSet({ ...input, submissionTime: '2024-04-01' })).toThrow(/submissionTime/);
  });
});
