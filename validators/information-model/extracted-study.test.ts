import { describe, expect, it } from 'vitest';
import { extractStudy } from './extracted-study.ts';
import { cardinalityHolds, codeListValues, phaseConcept } from './model.ts';

const dcm = (code: string, meaning: string) => [{ CodeValue: code, CodingSchemeDesignator: 'DCM', CodeMeaning: meaning }];
const num = (code: string, meaning: string, value: number) => ({ ValueType: 'NUM', ConceptNameCodeSequence: dcm(code, meaning), MeasuredValueSequence: [{ NumericValue: value }] });

/** A minimal CT Radiation Dose SR (TID 10011): two acquisitions with protocol, CTDIvol and DLP, and an accumulated effective dose. */
const doseSr = {
  SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.67', SOPInstanceUID: '1.2.3.9.1', SeriesInstanceUID: '1.2.3.9', Modality: 'SR', StudyInstanceUID: '1.2.3',
  ConceptNameCodeSequence: dcm('113701', 'X-Ray Radiation Dose Report'),
  ContentSequence: [
    { ValueType: 'CONTAINER', ConceptNameCodeSequence: dcm('113811', 'CT Accumulated Dose Data'), ContentSequence: [num('113813', 'CT Dose Length Product Total', 900), num('113839', 'Effective Dose', 13.5)] },
    ...[['Arterial phase', 400], ['Venous phase', 500]].map(([protocol, dlp]) => ({
      ValueType: 'CONTAINER', ConceptNameCodeSequence: dcm('113819', 'CT Acquisition'),
      ContentSequence: [
        { ValueType: 'TEXT', ConceptNameCodeSequence: dcm('125203', 'Acquisition Protocol'), TextValue: protocol },
        { ValueType: 'CONTAINER', ConceptNameCodeSequence: dcm('113829', 'CT Dose'), ContentSequence: [num('113830', 'Mean CTDIvol', 10), num('113838', 'DLP', dlp as number)] },
      ],
    })),
  ],
};

const ct = { SOPClassUID: '1.2.840.10008.5.1.4.1.1.2', SOPInstanceUID: '1.2.3.1.1', SeriesInstanceUID: '1.2.3.1', Modality: 'CT', StudyInstanceUID: '1.2.3', PatientSex: 'F', PregnancyStatus: 4, AccessionNumber: 'A1', PatientID: 'P1' };

describe('extractStudy', () => {
  it('takes phases and effective dose from a dose SR, pregnancy status from the images', () => {
    const s = extractStudy([ct, doseSr]);
    expect(s.phases).toEqual([{ label: 'Arterial phase', dlpMGyCm: 400, ctdiVolMGy: 10 }, { label: 'Venous phase', dlpMGyCm: 500, ctdiVolMGy: 10 }]);
    expect(s.exposure).toEqual({ effectiveDoseMSv: 13.5, pregnancyStatus: { code: '261665006', scheme: 'SCT', meaning: 'Unknown' }, organDoses: [], source: 'dose-sr' });
    // SR is a series of the study, but not an acquisition modality of it.
    expect(s.series.map((x) => x.modality)).toEqual(['CT', 'SR']);
    expect(s.modalities).toEqual(['CT']);
  });

  it('reads projection X-ray dosage and MG breast thickness', () => {
    const mg = { ...ct, Modality: 'MG', SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.2', BodyPartThickness: '52', OrganDose: '1.4', ImageAndFluoroscopyAreaDoseProduct: '0.05' };
    expect(extractStudy([mg]).series[0]!.instances[0]!.dosage).toEqual({ kapDGyCm2: 0.05, breastThicknessMm: 52, averageBreastDoseMGy: 1.4 });
  });

  it('keeps what is absent absent', () => {
    const s = extractStudy([]);
    expect(s).toEqual({ patient: {}, modalities: [], series: [], phases: [] });
  });
});

describe('information model tables', () => {
  it('holds the seed\'s code lists', () => {
    expect(codeListValues('pregnancyStatus')).toEqual(['77386006', '60001007', '261665006']);
    expect(codeListValues('performerFunction')).toEqual(['CON', 'VRF', 'PRF', 'SPRF', 'REF']);
    expect(codeListValues('studyStatus')).toEqual(['registered', 'available', 'cancelled', 'entered-in-error', 'unknown']);
    expect(codeListValues('acquisitionModality')).toEqual(expect.arrayContaining(['CT', 'MR', 'SC', 'XC']));
    expect(codeListValues('acquisitionModality')).not.toContain('KO');
    expect(codeListValues('tissueType')).toHaveLength(27);
  });

  it('maps phase names to the seed\'s phases', () => {
    expect(phaseConcept('Non-contrast phase')).toBe('without-contrast');
    expect(phaseConcept('Portal venous phase')).toBe('portal');
    expect(phaseConcept('Late arterial phase')).toBe('late-arterial');
    expect(phaseConcept('Scout')).toBeUndefined();
  });

  it('checks cardinalities', () => {
    expect([cardinalityHolds('1', 1), cardinalityHolds('1', 0), cardinalityHolds('0..1', 2), cardinalityHolds('1..*', 3), cardinalityHolds('0..*', 0)]).toEqual([true, false, false, true, true]);
  });
});
