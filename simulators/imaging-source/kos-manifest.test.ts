import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { testWorld } from '../../fixtures/dicom/test-world.ts';
import { buildKosManifest, KOS_SOP_CLASS_UID } from './kos-manifest.ts';
import { manifestInput, REPOSITORY_UID, testWorldStudies } from './test-inputs.ts';

const root = testWorld.uidRoot;
const mrStudy = testWorldStudies.find((w) => w.study.accessionNumber === 'FR0002')!; // MR + SR series

type Item = Record<string, any>;

describe('buildKosManifest', () => {
  const kos = buildKosManifest(manifestInput(mrStudy, root, { description: 'Étude partagée' }));
  const ds = kos.dataset as Item;

  it('is a KOS titled (113030, DCM, "Manifest") following TID 2010', () => {
    expect(ds.SOPClassUID).toBe(KOS_SOP_CLASS_UID);
    expect(ds.Modality).toBe('KO');
    expect(ds.SpecificCharacterSet).toBe('ISO_IR 192');
    expect(ds.ValueType).toBe('CONTAINER');
    expect(ds.ConceptNameCodeSequence).toEqual([{ CodeValue: '113030', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Manifest' }]);
    expect(ds.ContentTemplateSequence).toEqual([{ MappingResource: 'DCMR', TemplateIdentifier: '2010' }]);
    expect(ds.StudyInstanceUID).toBe(mrStudy.study.studyInstanceUid);
    expect(ds.AccessionNumber).toBe('FR0002');
    expect(ds.IssuerOfAccessionNumberSequence[0].UniversalEntityID).toBe(mrStudy.facility.accessionIssuerOid);
    expect(ds.IssuerOfPatientIDQualifiersSequence[0].UniversalEntityID).toBe('1.2.250.1.213.1.4.8');
  });

  it('references every instance in the content tree: IMAGE for images, COMPOSITE for SR, after the description', () => {
    const [first, ...refs] = ds.ContentSequence as Item[];
    expect(first).toMatchObject({ ValueType: 'TEXT', TextValue: 'Étude partagée', ConceptNameCodeSequence: [{ CodeValue: '113012' }] });
    const expected = mrStudy.study.series.flatMap((s) => s.instances);
    expect(refs.map((r) => r.ReferencedSOPSequence[0].ReferencedSOPInstanceUID)).toEqual(expected.map((i) => i.sopInstanceUid));
    expect(refs.map((r) => r.ValueType)).toEqual(['IMAGE', 'IMAGE', 'IMAGE', 'COMPOSITE']);
    expect(refs.every((r) => r.RelationshipType === 'CONTAINS')).toBe(true);
    expect(kos.referencedInstanceCount).toBe(4);
  });

  it('lists study → series → instances in the evidence sequence exactly as the input', () => {
    const evidence = ds.CurrentRequestedProcedureEvidenceSequence as Item[];
    expect(evidence).toHaveLength(1);
    expect(evidence[0]!.StudyInstanceUID).toBe(mrStudy.study.studyInstanceUid);
    const series = evidence[0]!.ReferencedSeriesSequence as Item[];
    expect(series.map((s) => ({
      seriesInstanceUid: s.SeriesInstanceUID,
      instances: s.ReferencedSOPSequence.map((i: Item) => ({ sopClassUid: i.ReferencedSOPClassUID, sopInstanceUid: i.ReferencedSOPInstanceUID })),
    }))).toEqual(mrStudy.study.series.map((s) => ({ seriesInstanceUid: s.seriesInstanceUid, instances: s.instances })));
  });

  it('puts Retrieve AE Title, Retrieve Location UID and the WADO-RS series URL at series level only', () => {
    const study = (ds.CurrentRequestedProcedureEvidenceSequence as Item[])[0]!;
    expect(study).not.toHaveProperty('RetrieveAETitle');
    expect(study).not.toHaveProperty('RetrieveURL');
    for (const s of study.ReferencedSeriesSequence as Item[]) {
      expect(s.RetrieveAETitle).toBe('PITIE_PACS');
      expect(s.RetrieveLocationUID).toBe(REPOSITORY_UID);
      expect(s.RetrieveURL).toBe(`http://127.0.0.1:8042/dicom-web/studies/${study.StudyInstanceUID}/series/${s.SeriesInstanceUID}`);
      for (const i of s.ReferencedSOPSequence as Item[]) expect(Object.keys(i).sort()).toEqual(['ReferencedSOPClassUID', 'ReferencedSOPInstanceUID']);
    }
    expect(ds).not.toHaveProperty('RetrieveAETitle');
  });

  it('carries the accession in the Referenced Request Sequence', () => {
    expect((ds.ReferencedRequestSequence as Item[])[0]).toMatchObject({ StudyInstanceUID: mrStudy.study.studyInstanceUid, AccessionNumber: 'FR0002' });
  });

  it('gives the same bytes for the same input, and a new instance UID when content time or references change', () => {
    const again = buildKosManifest(manifestInput(mrStudy, root, { description: 'Étude partagée' }));
    expect(Buffer.from(again.part10).equals(Buffer.from(kos.part10))).toBe(true);
    const later = buildKosManifest(manifestInput(mrStudy, root, { contentTime: '120001' }));
    expect(later.sopInstanceUid).not.toBe(kos.sopInstanceUid);
    expect(later.seriesInstanceUid).toBe(kos.seriesInstanceUid);
    const fewer = { ...mrStudy, study: { ...mrStudy.study, series: mrStudy.study.series.slice(0, 1) } };
    expect(buildKosManifest(manifestInput(fewer, root)).sopInstanceUid).not.toBe(buildKosManifest(manifestInput(mrStudy, root)).sopInstanceUid);
  });

  it('encodes a Part 10 file dcmjs reads back with the same identity', () => {
    const copy = kos.part10.buffer.slice(kos.part10.byteOffset, kos.part10.byteOffset + kos.part10.byteLength) as ArrayBuffer;
    const read = dcmjs.data.DicomMessage.readFile(copy);
    const natural = dcmjs.data.DicomMetaDictionary.naturalizeDataset(read.dict) as Item;
    expect(natural.SOPInstanceUID).toBe(kos.sopInstanceUid);
    expect(natural.PatientName[0].Alphabetic).toBe('Lefèvre^Hélène');
    expect(read.meta['00020002']).toMatchObject({ Value: [KOS_SOP_CLASS_UID] });
  });

  it('refuses input it cannot describe faithfully', () => {
    const empty = { ...mrStudy, study: { ...mrStudy.study, series: [] } };
    expect(() => buildKosManifest(manifestInput(empty, root))).toThrow(/no series/);
    expect(() => buildKosManifest(manifestInput(mrStudy, root, { retrieveAeTitle: 'A_VERY_LONG_AE_TITLE' }))).toThrow(/AE title/);
    expect(() => buildKosManifest(manifestInput(mrStudy, root, { contentTime: '12:00' }))).toThrow(/contentTime/);
    const dup = { ...mrStudy, study: { ...mrStudy.study, series: [mrStudy.study.series[0]!, mrStudy.study.series[0]!] } };
    expect(() => buildKosManifest(manifestInput(dup, root))).toThrow(/listed twice/);
  });
});
