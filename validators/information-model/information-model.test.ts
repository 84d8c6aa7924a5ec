import { beforeAll, describe, expect, it } from 'vitest';
import { unknownRequirementIds } from '../requirements.ts';
import { buildCtDoseArtifacts, copyOf, type WorldStudyArtifacts } from '../consistency/test-artifacts.ts';
import type { ExtractedReport, ExtractedSection } from '../report/extracted-report.ts';
import { extractStudy, type ExtractedStudy } from './extracted-study.ts';
import { informationModelFamily, validateInformationModel, type InformationModelSubject } from './index.ts';

type M<T> = { -readonly [K in keyof T]: M<T[K]> };
type Study = M<ExtractedStudy>;
type Report = M<ExtractedReport>;

let built: WorldStudyArtifacts;
let base: InformationModelSubject;
beforeAll(async () => {
  built = await buildCtDoseArtifacts();
  base = { study: extractStudy(built.artifacts.instances, { exposure: built.exposure }), report: built.artifacts.reports[0]! };
});

const run = (s: InformationModelSubject) => validateInformationModel(s, { subjectName: 'ct-dose study' });

interface Case {
  readonly rule: string;
  readonly what: string;
  readonly mutate: (study: Study, report: Report) => void;
  readonly path: string | RegExp;
  readonly severity?: 'error' | 'warning';
}

const section = (kind: ExtractedSection['kind'], text: string, path: string): ExtractedSection => ({ kind, text, path, subsections: [] });

const CASES: Case[] = [
  { rule: 'im.study.required-elements', what: 'no accession number', mutate: (s) => { delete s.accessionNumber; }, path: 'DICOMStudyMetadata.AccessionNumber (0008,0050)' },
  { rule: 'im.study.status', what: 'status outside ImagingStudyStatus', mutate: (s) => { s.status = 'final'; }, path: 'DICOMStudyMetadata.Status' },
  { rule: 'im.study.modality-code', what: 'a study modality that is not an acquisition modality', mutate: (s) => { s.modalities.push('XYZ'); }, path: 'DICOMStudyMetadata.Modality[1]' },
  { rule: 'im.study.counts', what: 'fewer series declared than present', mutate: (s) => { s.numberOfSeries = 1; }, path: 'DICOMStudyMetadata.NumberOfSeries (0020,1206)' },
  { rule: 'im.series.required-elements', what: 'a series without modality', mutate: (s) => { delete s.series[1]!.modality; }, path: /^ImagingSeries\[[\d.]+\]\.SeriesModality \(0008,0060\)$/ },
  { rule: 'im.series.modality-code', what: 'a series modality outside the DICOM list', mutate: (s) => { s.series[0]!.modality = 'CAT'; s.modalities = ['CT']; }, path: /^ImagingSeries\[[\d.]+\]\.SeriesModality \(0008,0060\)$/ },
  { rule: 'im.series.instance-count', what: 'a series declaring fewer instances than it holds', mutate: (s) => { s.series[0]!.instanceCount = 2; }, path: /^ImagingSeries\[[\d.]+\]\.NumberOfInstances \(0020,1209\)$/ },
  { rule: 'im.series.performer-function', what: 'a performer function outside CON/VRF/PRF/SPRF/REF', mutate: (s) => { s.series[0]!.performers.push({ name: 'Huber^Anna', function: 'AUT' }); }, path: /^ImagingSeries\[[\d.]+\]\.Performer\[0\]\.PerformerFunction$/ },
  { rule: 'im.instance.required-elements', what: 'an instance without SOP class', mutate: (s) => { delete s.series[0]!.instances[0]!.sopClassUid; }, path: /^ImagingSeries\[[\d.]+\]\.Instance\[[\d.]+\]\.InstanceClass \(0008,0016\)$/ },
  { rule: 'im.instance.class', what: 'a SOP class that is not a storage class', mutate: (s) => { s.series[0]!.instances[0]!.sopClassUid = '1.2.840.10008.1.1'; }, path: /\.InstanceClass \(0008,0016\)$/ },
  {
    rule: 'im.instance.dosage-information', what: 'a breast dose without breast thickness',
    mutate: (s) => { s.series[0]!.instances[0]!.dosage = { averageBreastDoseMGy: 1.2 }; },
    path: /\.DosageInformation\.BreastThickness \(0018,11A0\)$/,
  },
  { rule: 'im.phase.code', what: 'a phase with no code and no name', mutate: (s) => { s.phases[1] = { dlpMGyCm: 100 }; }, path: 'StudyPhase[1].PhaseCode' },
  { rule: 'im.phase.dlp', what: 'a CT phase without DLP', mutate: (s) => { delete s.phases[0]!.dlpMGyCm; }, path: 'StudyPhase[0].DosageInformation (DLP)' },
  {
    rule: 'im.phase.ct-study', what: 'phases on a study without CT', severity: 'warning',
    mutate: (s) => { s.series = s.series.map((x) => ({ ...x, modality: 'MR' })); s.modalities = ['MR']; },
    path: 'StudyPhase',
  },
  { rule: 'im.exposure.pregnancy-status-required', what: 'a female CT patient without pregnancy status', mutate: (s) => { delete s.exposure!.pregnancyStatus; }, path: 'Exposure.PregnancyStatus (0010,21C0)' },
  { rule: 'im.exposure.pregnancy-status-code', what: 'DICOM "possibly pregnant", which the seed list lacks', mutate: (s) => { s.exposure!.pregnancyStatus = { code: '102874004', scheme: 'SCT' }; }, path: 'Exposure.PregnancyStatus' },
  { rule: 'im.exposure.gestational-age', what: 'a gestational age for a patient not pregnant', mutate: (s) => { s.exposure!.gestationalAge = { value: 12, unit: 'wk' }; }, path: 'Exposure.GestationalAge' },
  { rule: 'im.exposure.effective-dose', what: 'a negative effective dose', mutate: (s) => { s.exposure!.effectiveDoseMSv = -1; }, path: 'Exposure.EffectiveDose' },
  { rule: 'im.exposure.equivalent-dose', what: 'an organ dose on a tissue outside the list', mutate: (s) => { s.exposure!.organDoses.push({ tissue: { code: '999999' }, doseMSv: 1 }); }, path: 'Exposure.EquivalentDose[0].TissueType' },
  { rule: 'im.report.result-text', what: 'a report without findings', mutate: (_, r) => { r.sections = r.sections.filter((x) => x.kind !== 'findings'); }, path: 'ExaminationReport.Results' },
  { rule: 'im.report.imaging-study-type', what: 'a report without study type', mutate: (_, r) => { delete r.procedureCode; }, path: 'ExaminationReport.ImagingStudyType' },
  { rule: 'im.report.modality-code', what: 'a report modality outside the DICOM list', mutate: (_, r) => { r.modalities = ['CAT']; }, path: 'ExaminationReport.Modality[0]' },
  {
    rule: 'im.report.conclusion-cardinality', what: 'two conclusions',
    mutate: (_, r) => { r.sections.push(section('conclusion', 'Nochmals.', '/ClinicalDocument/component[99]') as M<ExtractedSection>); },
    path: '/ClinicalDocument/component[99]',
  },
];

describe('information-model family', () => {
  it('lists every rule once, with known requirement ids, and tests each one', () => {
    const ids = informationModelFamily.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(unknownRequirementIds(informationModelFamily.rules.flatMap((r) => r.requirements))).toEqual([]);
    expect(new Set(CASES.map((c) => c.rule))).toEqual(new Set(ids));
  });

  it('passes the harness\'s own ct-dose study (Part 10 files + dose record) with its CDA report', () => {
    const result = run(base);
    expect(result.harnessErrors).toEqual([]);
    expect(result.findings).toEqual([]);
    expect(result.rulesRun).toEqual(informationModelFamily.rules.map((r) => r.id));
    // The conditional rules had something to judge: a woman, a CT, two phases with DLP.
    expect(base.study.patient.sex).toBe('F');
    expect(base.study.phases).toHaveLength(2);
    expect(base.study.exposure?.pregnancyStatus?.code).toBe('60001007');
  });

  it.each(CASES)('$rule fails on a mutated copy: $what', (c) => {
    const study = copyOf(base.study) as Study;
    const report = copyOf(base.report!) as Report;
    c.mutate(study, report);
    const result = run({ study: study as ExtractedStudy, report: report as ExtractedReport });
    expect(result.harnessErrors).toEqual([]);
    expect(result.findings.map((f) => f.ruleId)).toEqual([c.rule]);
    const [f] = result.findings;
    expect(f).toEqual(expect.objectContaining({ ruleId: c.rule, severity: c.severity ?? 'error' }));
    if (typeof c.path === 'string') expect(f!.path).toBe(c.path);
    else expect(f!.path).toMatch(c.path);
  });

  it('accepts a pregnant patient with a gestational age, and a man without pregnancy status', () => {
    const pregnant = copyOf(base.study) as Study;
    pregnant.exposure!.pregnancyStatus = { code: '77386006', scheme: 'SCT' };
    pregnant.exposure!.gestationalAge = { value: 10, unit: 'wk' };
    expect(run({ study: pregnant as ExtractedStudy }).findings).toEqual([]);
    const man = copyOf(base.study) as Study;
    man.patient.sex = 'M';
    delete man.exposure!.pregnancyStatus;
    expect(run({ study: man as ExtractedStudy }).findings).toEqual([]);
  });

  it('reads pregnancy status from the images when the study has no dose record', () => {
    const s = extractStudy(built.artifacts.instances);
    expect(s.exposure).toEqual({ pregnancyStatus: { code: '60001007', scheme: 'SCT', meaning: 'Not pregnant' }, organDoses: [], source: 'images' });
    const stripped = built.artifacts.instances.map((ds) => ({ ...ds, PregnancyStatus: undefined }));
    expect(run({ study: extractStudy(stripped) }).findings.map((f) => f.ruleId)).toEqual(['im.exposure.pregnancy-status-required']);
  });

  it('warns about a projection X-ray instance without dose, not about MR', () => {
    const dx = copyOf(base.study) as Study;
    dx.series = [{ ...dx.series[0]!, modality: 'DX' }];
    dx.modalities = ['DX'];
    dx.phases = [];
    expect(run({ study: dx as ExtractedStudy }).findings.every((f) => f.ruleId === 'im.instance.dosage-information' && f.severity === 'warning')).toBe(true);
    dx.series[0]!.instances = dx.series[0]!.instances.map((i) => ({ ...i, dosage: { kapDGyCm2: 0.4 } }));
    expect(run({ study: dx as ExtractedStudy }).findings).toEqual([]);
  });

  // The model's own modality lists had drifted from PS3.3/PS3.16: the study list took OT, SMR, STAIN and IOL (CID 32)
  // as acquisitions and lacked CFM, DMS, EEG, PA, POS, …; the report list lacked 17 current defined terms.
  it('judges study modalities by CID 29 (plus the seed\'s SC), as the DICOM and metadata families do', () => {
    const study = (modalities: string[]) => { const s = copyOf(base.study) as Study; s.modalities = modalities; return run({ study: s as ExtractedStudy }).findings.filter((f) => f.ruleId === 'im.study.modality-code'); };
    expect(study(['CT', 'CFM', 'DMS', 'EEG', 'PA', 'POS', 'SC'])).toEqual([]);
    expect(study(['CT', 'OT', 'STAIN']).map((f) => f.path)).toEqual(['DICOMStudyMetadata.Modality[1]', 'DICOMStudyMetadata.Modality[2]']);
  });

  it('accepts every current PS3.3 Modality defined term in a report', () => {
    const report = copyOf(base.report!) as Report;
    report.modalities = ['CT', 'PA', 'DMS', 'CTPROTOCOL', 'ANN'];
    expect(run({ study: base.study, report: report as ExtractedReport }).findings.filter((f) => f.ruleId === 'im.report.modality-code')).toEqual([]);
  });

  it('leaves non-acquisition objects (OT, KO) out of the study\'s acquisition modalities', () => {
    const ot = { ...built.artifacts.instances[0]!, Modality: 'OT', SeriesInstanceUID: '1.2.3.999', SOPInstanceUID: '1.2.3.999.1' };
    expect(extractStudy([...built.artifacts.instances, ot]).modalities).toEqual(extractStudy(built.artifacts.instances).modalities);
  });

  it('says nothing about the report when the study travels without one (GEN-07)', () => {
    expect(run({ study: base.study }).findings).toEqual([]);
  });

  it('never throws on an empty or malformed study', () => {
    const result = run({ study: extractStudy([{}, null as unknown as Record<string, unknown>]) });
    expect(result.harnessErrors).toEqual([]);
    expect(result.findings.map((f) => f.path)).toEqual(expect.arrayContaining(['DICOMStudyMetadata.StudyInstanceUID (0020,000D)', 'DICOMStudyMetadata.Subject (0010,0020)']));
  });
});
