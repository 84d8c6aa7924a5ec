import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPacsIndex, REFRESH_DELAY_MS, type PacsIndex } from './pacs-index.ts';
import { recordFromDataset } from './index-record.ts';
import { sampleDataset, type SampleKeys } from './sample-datasets.ts';

let index: PacsIndex;
const file = (sop: string) => ({ path: `/data/${sop}.dcm`, transferSyntaxUid: '1.2.840.10008.1.2.1', size: 100 });
const add = (keys: SampleKeys, extra: Record<string, unknown> = {}) => index.insert(sampleDataset(keys, extra), file(keys.sopUid));
const studyUids = (rs: Record<string, unknown>[]) => rs.map((r) => r.StudyInstanceUID).sort();

beforeEach(() => {
  index = createPacsIndex({ path: ':memory:' });
  add({ studyUid: '1.1', seriesUid: '1.1.1', sopUid: '1.1.1.1', patientId: 'P1', patientName: 'DOE^JOHN', studyDate: '20240110', studyTime: '081500', accession: 'A1', modality: 'CT' });
  add({ studyUid: '1.1', seriesUid: '1.1.2', sopUid: '1.1.2.1', patientId: 'P1', patientName: 'DOE^JOHN', studyDate: '20240110', accession: 'A1', modality: 'SR' });
  add({ studyUid: '1.1', seriesUid: '1.1.2', sopUid: '1.1.2.2', patientId: 'P1', patientName: 'DOE^JOHN', studyDate: '20240110', accession: 'A1', modality: 'SR' });
  add({ studyUid: '1.2', seriesUid: '1.2.1', sopUid: '1.2.1.1', patientId: 'P1', patientName: 'DOE^JOHN', studyDate: '20240301', studyTime: '143000', accession: 'A2', modality: 'MR' });
  add({ studyUid: '2.1', seriesUid: '2.1.1', sopUid: '2.1.1.1', patientId: 'P2', patientName: 'Dvořák^Jiří', studyDate: '20231231', accession: 'A[3]', modality: 'CR' });
  add({ studyUid: '3.1', seriesUid: '3.1.1', sopUid: '3.1.1.1', patientId: 'P3', patientName: 'DOELLE^ANNA', studyDate: '20240501', accession: 'A4', modality: 'US' },
    { IssuerOfAccessionNumberSequence: [{ UniversalEntityID: '1.2.250.1', UniversalEntityIDType: 'ISO' }] });
});
afterEach(() => index.close());

const study = (identifier: Record<string, unknown>) => index.find('STUDY', 'STUDY', { StudyInstanceUID: '', ...identifier });

describe('single value and universal matching', () => {
  it('matches PatientID exactly and is case-sensitive for LO', () => {
    expect(studyUids(study({ PatientID: 'P1' }))).toEqual(['1.1', '1.2']);
    expect(study({ PatientID: 'p1' })).toEqual([]);
  });
  it('treats empty values and a lone * as universal', () => {
    expect(study({ PatientID: '' })).toHaveLength(4);
    expect(study({ AccessionNumber: '*' })).toHaveLength(4);
    expect(study({ PatientName: [] })).toHaveLength(4);
  });
  it('matches AccessionNumber', () => {
    expect(studyUids(study({ AccessionNumber: 'A2' }))).toEqual(['1.2']);
  });
});

describe('wildcard matching', () => {
  it('matches a PN prefix with *, case- and accent-insensitively', () => {
    expect(studyUids(study({ PatientName: 'DOE*' }))).toEqual(['1.1', '1.2', '3.1']);
    expect(studyUids(study({ PatientName: [{ Alphabetic: 'doe^*' }] }))).toEqual(['1.1', '1.2']);
    expect(studyUids(study({ PatientName: 'DVORAK*' }))).toEqual(['2.1']);
    expect(studyUids(study({ PatientName: 'dvořák^jiří' }))).toEqual(['2.1']);
  });
  it('matches ? as exactly one character', () => {
    expect(studyUids(study({ AccessionNumber: 'A?' }))).toEqual(['1.1', '1.2', '3.1']);
    expect(studyUids(study({ PatientName: 'D?E^JOHN' }))).toEqual(['1.1', '1.2']);
  });
  it('keeps [ literal', () => {
    expect(studyUids(study({ AccessionNumber: 'A[3*' }))).toEqual(['2.1']);
    expect(studyUids(study({ AccessionNumber: 'A[3]' }))).toEqual(['2.1']);
  });
  it('does not treat * as wildcard on UI', () => {
    expect(study({ StudyInstanceUID: '1.*' })).toEqual([]);
  });
});

describe('range matching', () => {
  it('DA a-b, -b, a- and single', () => {
    expect(studyUids(study({ StudyDate: '20240101-20240331' }))).toEqual(['1.1', '1.2']);
    expect(studyUids(study({ StudyDate: '-20240110' }))).toEqual(['1.1', '2.1']);
    expect(studyUids(study({ StudyDate: '20240301-' }))).toEqual(['1.2', '3.1']);
    expect(studyUids(study({ StudyDate: '20231231' }))).toEqual(['2.1']);
  });
  it('TM ranges honour the precision of the bounds', () => {
    // Study 1.1's time is 101500: its later instances overwrote the first one's 081500.
    expect(studyUids(study({ StudyTime: '1000-1015' }))).toEqual(['1.1', '2.1', '3.1']);
    expect(study({ StudyTime: '-1014' })).toEqual([]);
    expect(studyUids(study({ StudyTime: '14-' }))).toEqual(['1.2']);
  });
  it('refuses a malformed date with 0xA900', () => {
    expect(() => study({ StudyDate: '2024-01-01' })).toThrow(expect.objectContaining({ code: 'invalid-value', status: 0xa900, keyword: 'StudyDate' }));
  });
});

describe('lists and computed keys', () => {
  it('matches a list of UIDs', () => {
    expect(studyUids(study({ StudyInstanceUID: '1.2\\3.1\\9.9' }))).toEqual(['1.2', '3.1']);
    expect(studyUids(study({ StudyInstanceUID: ['1.1', '2.1'] }))).toEqual(['1.1', '2.1']);
  });
  it('matches ModalitiesInStudy when any series has one of the values, and answers all modalities', () => {
    const rs = study({ ModalitiesInStudy: 'SR\\US' });
    expect(studyUids(rs)).toEqual(['1.1', '3.1']);
    expect(rs.find((r) => r.StudyInstanceUID === '1.1')?.ModalitiesInStudy).toEqual(['CT', 'SR']);
  });
  it('answers counts', () => {
    const [r] = study({ StudyInstanceUID: '1.1', NumberOfStudyRelatedSeries: '', NumberOfStudyRelatedInstances: '' });
    expect(r).toMatchObject({ NumberOfStudyRelatedSeries: 2, NumberOfStudyRelatedInstances: 3 });
    const [p] = index.find('PATIENT', 'PATIENT', { PatientID: 'P1', NumberOfPatientRelatedStudies: '', NumberOfPatientRelatedSeries: '', NumberOfPatientRelatedInstances: '' });
    expect(p).toMatchObject({ NumberOfPatientRelatedStudies: 2, NumberOfPatientRelatedSeries: 3, NumberOfPatientRelatedInstances: 4 });
  });
  it('matches IssuerOfAccessionNumberSequence items, universal when empty', () => {
    expect(studyUids(study({ IssuerOfAccessionNumberSequence: [{ UniversalEntityID: '1.2.250.1' }] }))).toEqual(['3.1']);
    expect(study({ IssuerOfAccessionNumberSequence: [{ UniversalEntityID: '9.9' }] })).toEqual([]);
    const all = study({ IssuerOfAccessionNumberSequence: [] });
    expect(all).toHaveLength(4);
    expect(all.find((r) => r.StudyInstanceUID === '3.1')?.IssuerOfAccessionNumberSequence).toEqual([{ UniversalEntityID: '1.2.250.1', UniversalEntityIDType: 'ISO' }]);
  });
});

describe('response identifiers', () => {
  it('contains exactly the requested keys, the unique key and the level; empty values for absent attributes', () => {
    const [r] = index.find('STUDY', 'STUDY', { QueryRetrieveLevel: 'STUDY', AccessionNumber: 'A2', PatientName: '', PatientAge: '', StudyDescription: '', Modality: '' });
    expect(r).toEqual({
      QueryRetrieveLevel: 'STUDY', AccessionNumber: 'A2', PatientName: [{ Alphabetic: 'DOE^JOHN' }], PatientAge: '',
      StudyDescription: 'CT head', Modality: '', StudyInstanceUID: '1.2',
    });
  });
  it('adds SpecificCharacterSet ISO_IR 192 only when text is non-ASCII', () => {
    expect(study({ PatientID: 'P2', PatientName: '' })[0]).toMatchObject({ SpecificCharacterSet: 'ISO_IR 192', PatientName: [{ Alphabetic: 'Dvořák^Jiří' }] });
    expect(study({ PatientID: 'P1', PatientName: '' })[0]).not.toHaveProperty('SpecificCharacterSet');
  });
  it('fills RetrieveAETitle and InstanceAvailability from options', () => {
    const [r] = index.find('STUDY', 'STUDY', { StudyInstanceUID: '1.2', RetrieveAETitle: '', InstanceAvailability: '' }, { retrieveAETitle: 'IXH_PACS' });
    expect(r).toMatchObject({ RetrieveAETitle: 'IXH_PACS', InstanceAvailability: 'ONLINE' });
  });
});

describe('hierarchical model rules', () => {
  it('Study Root SERIES level needs a single StudyInstanceUID', () => {
    expect(index.find('STUDY', 'SERIES', { StudyInstanceUID: '1.1', SeriesInstanceUID: '', Modality: 'SR', NumberOfSeriesRelatedInstances: '' }))
      .toEqual([{ QueryRetrieveLevel: 'SERIES', StudyInstanceUID: '1.1', SeriesInstanceUID: '1.1.2', Modality: 'SR', NumberOfSeriesRelatedInstances: 2 }]);
    expect(() => index.find('STUDY', 'SERIES', { Modality: 'SR' })).toThrow(expect.objectContaining({ code: 'missing-unique-key', keyword: 'StudyInstanceUID', status: 0xa900 }));
    expect(() => index.find('STUDY', 'SERIES', { StudyInstanceUID: '1.1\\1.2' })).toThrow(expect.objectContaining({ code: 'unique-key-not-single' }));
    expect(() => index.find('STUDY', 'SERIES', { StudyInstanceUID: '1.*' })).toThrow(expect.objectContaining({ code: 'unique-key-not-single' }));
  });
  it('Patient Root needs PatientID above the PATIENT level; Study Root has no PATIENT level', () => {
    expect(() => index.find('PATIENT', 'STUDY', { StudyInstanceUID: '' })).toThrow(expect.objectContaining({ code: 'missing-unique-key', keyword: 'PatientID' }));
    expect(studyUids(index.find('PATIENT', 'STUDY', { PatientID: 'P1', StudyInstanceUID: '' }))).toEqual(['1.1', '1.2']);
    expect(() => index.find('STUDY', 'PATIENT', { PatientID: 'P1' })).toThrow(expect.objectContaining({ code: 'invalid-level' }));
  });
  it('IMAGE level needs the study and series UIDs', () => {
    const rs = index.find('STUDY', 'IMAGE', { StudyInstanceUID: '1.1', SeriesInstanceUID: '1.1.2', SOPInstanceUID: '', InstanceNumber: '' });
    expect(rs.map((r) => r.SOPInstanceUID).sort()).toEqual(['1.1.2.1', '1.1.2.2']);
    expect(() => index.find('STUDY', 'IMAGE', { StudyInstanceUID: '1.1' })).toThrow(expect.objectContaining({ keyword: 'SeriesInstanceUID' }));
  });
  it('refuses a QueryRetrieveLevel that contradicts the requested level', () => {
    expect(() => index.find('STUDY', 'STUDY', { QueryRetrieveLevel: 'SERIES' })).toThrow(expect.objectContaining({ code: 'level-mismatch' }));
  });
});

describe('upsert and delete', () => {
  it('replaces an instance stored again and moves it to its new series', () => {
    const result = add({ studyUid: '1.2', seriesUid: '1.2.9', sopUid: '1.1.1.1', patientId: 'P1', modality: 'PR' });
    expect(result).toMatchObject({ replaced: true, previousFile: { path: '/data/1.1.1.1.dcm' } });
    expect(index.counts()).toEqual({ patients: 3, studies: 4, series: 5, instances: 6 });
    expect(study({ StudyInstanceUID: '1.1', ModalitiesInStudy: '' })[0]?.ModalitiesInStudy).toEqual(['SR']);
  });
  it('prunes empty parents on remove', () => {
    expect(index.remove('2.1.1.1')).toMatchObject({ path: '/data/2.1.1.1.dcm' });
    expect(index.counts()).toEqual({ patients: 2, studies: 3, series: 4, instances: 5 });
    expect(index.remove('2.1.1.1')).toBeUndefined();
  });
  it('keeps stored attributes a later instance omits', () => {
    add({ studyUid: '1.2', seriesUid: '1.2.1', sopUid: '1.2.1.2', patientId: 'P1' }, { StudyDescription: undefined });
    expect(study({ StudyInstanceUID: '1.2', StudyDescription: '' })[0]?.StudyDescription).toBe('CT head');
  });
});

describe('selectForRetrieve', () => {
  it('selects by study UID list and by pinned series', () => {
    expect(index.selectForRetrieve('STUDY', 'STUDY', { StudyInstanceUID: '1.1\\2.1' }).map((r) => r.sopInstanceUid).sort())
      .toEqual(['1.1.1.1', '1.1.2.1', '1.1.2.2', '2.1.1.1']);
    expect(index.selectForRetrieve('PATIENT', 'IMAGE', { PatientID: 'P1', StudyInstanceUID: '1.1', SeriesInstanceUID: '1.1.2', SOPInstanceUID: '1.1.2.2' }))
      .toEqual([{ sopClassUid: '1.2.840.10008.5.1.4.1.1.7', sopInstanceUid: '1.1.2.2', transferSyntaxUid: '1.2.840.10008.1.2.1', path: '/data/1.1.2.2.dcm', size: 100 }]);
    expect(index.selectForRetrieve('PATIENT', 'PATIENT', { PatientID: 'P2' })).toHaveLength(1);
  });
  it('refuses universal retrieve and missing higher keys', () => {
    expect(() => index.selectForRetrieve('STUDY', 'STUDY', { StudyInstanceUID: '' })).toThrow(expect.objectContaining({ code: 'missing-unique-key' }));
    expect(() => index.selectForRetrieve('STUDY', 'SERIES', { SeriesInstanceUID: '1.1.1' })).toThrow(expect.objectContaining({ keyword: 'StudyInstanceUID' }));
  });
});

describe('insertRecord (the C-STORE path: computed attributes deferred)', () => {
  const record = (keys: SampleKeys, extra: Record<string, unknown> = {}) => recordFromDataset(sampleDataset(keys, extra), file(keys.sopUid));
  const counts = () => study({ StudyInstanceUID: '7.1', NumberOfStudyRelatedSeries: '', NumberOfStudyRelatedInstances: '', ModalitiesInStudy: '' })[0];

  it('answers the same computed attributes as insert(), before and after the deferred refresh ran', async () => {
    index.insertRecord(record({ studyUid: '7.1', seriesUid: '7.1.1', sopUid: '7.1.1.1' }));
    index.insertRecord(record({ studyUid: '7.1', seriesUid: '7.1.1', sopUid: '7.1.1.2' }));
    index.insertRecord(record({ studyUid: '7.1', seriesUid: '7.1.2', sopUid: '7.1.2.1', modality: 'SR' }));
    expect(counts()).toMatchObject({ NumberOfStudyRelatedSeries: 2, NumberOfStudyRelatedInstances: 3, ModalitiesInStudy: ['CT', 'SR'] });
    index.insertRecord(record({ studyUid: '7.1', seriesUid: '7.1.2', sopUid: '7.1.2.2', modality: 'SR' }));
    await new Promise((resolve) => setTimeout(resolve, REFRESH_DELAY_MS + 20));
    expect(counts()).toMatchObject({ NumberOfStudyRelatedSeries: 2, NumberOfStudyRelatedInstances: 4 });
    expect(index.find('STUDY', 'SERIES', { StudyInstanceUID: '7.1', SeriesInstanceUID: '7.1.2', NumberOfSeriesRelatedInstances: '' })).toEqual([
      expect.objectContaining({ NumberOfSeriesRelatedInstances: 2 }),
    ]);
  });

  it('refreshes the stored computed attributes once per burst, without waiting for a read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ixh-index-'));
    const onDisk = createPacsIndex({ path: join(dir, 'index.sqlite') });
    const peek = new Database(join(dir, 'index.sqlite'), { readonly: true });
    const stored = () => peek.prepare('SELECT instance_count AS n FROM studies WHERE StudyInstanceUID = ?').get('8.1') as { n: number | null };
    try {
      for (let i = 1; i <= 3; i++) onDisk.insertRecord(recordFromDataset(sampleDataset({ studyUid: '8.1', seriesUid: '8.1.1', sopUid: `8.1.1.${i}` }), file(`8.1.1.${i}`)));
      await new Promise((resolve) => setImmediate(resolve));
      expect(stored().n ?? 0).toBeLessThan(3); // not yet: one refresh for the whole burst
      await new Promise((resolve) => setTimeout(resolve, REFRESH_DELAY_MS + 30));
      expect(stored().n).toBe(3);
    } finally {
      peek.close();
      onDisk.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rolls back when the work alongside throws, and keeps what earlier inserts left to refresh', () => {
    index.insertRecord(record({ studyUid: '7.1', seriesUid: '7.1.1', sopUid: '7.1.1.1' }));
    expect(() => index.insertRecord(record({ studyUid: '7.1', seriesUid: '7.1.3', sopUid: '7.1.3.1', modality: 'MR' }), () => {
      throw new Error('rename failed');
    })).toThrow('rename failed');
    expect(index.fileOf('7.1.3.1')).toBeUndefined();
    expect(counts()).toMatchObject({ NumberOfStudyRelatedSeries: 1, NumberOfStudyRelatedInstances: 1, ModalitiesInStudy: ['CT'] });
    const again = index.insertRecord(record({ studyUid: '7.1', seriesUid: '7.1.1', sopUid: '7.1.1.1', patientId: 'P9' }));
    expect(again.replaced).toBe(true);
    expect(counts()).toMatchObject({ NumberOfStudyRelatedInstances: 1 });
  });
});
