/**
 * Every rule, table-driven: it speaks on a clean file of the test world after one mutation (with
 * the expected path and severity) and stays silent on the clean file itself.
 */
import { describe, expect, it } from 'vitest';
import { ruleApplies, type ValidationProfile } from '../rule.ts';
import { unknownRequirementIds } from '../requirements.ts';
import { dicomFamily, dicomRules, validateDicomSubject } from './index.ts';
import type { DicomElement } from './dicom-subject.ts';
import { clean, mutate, setText } from './test-support.ts';

type Ds = Record<string, DicomElement>;
const sq = (ds: Ds, tag: string, i = 0): Ds => (ds[tag]!.Value as Ds[])[i]!;

interface Case {
  readonly rule: string;
  readonly on: string;
  readonly profile?: ValidationProfile;
  readonly edit: (ds: Ds) => void;
  readonly path: string;
  readonly severity: 'error' | 'warning' | 'info';
}

const CASES: Case[] = [
  { rule: 'dicom.iod.known-sop-class', on: 'CT', edit: (ds) => setText(ds, '00080016', 'UI', '1.2.840.10008.5.1.4.1.1.481.1'), path: '(0008,0016)', severity: 'info' },
  { rule: 'dicom.module.missing', on: 'CT', edit: (ds) => { delete ds['00200052']; delete ds['00201040']; }, path: '(0020,0052)', severity: 'info' },
  { rule: 'dicom.attribute.type1-missing', on: 'CT', edit: (ds) => { delete ds['0020000D']; }, path: '(0020,000D)', severity: 'error' },
  { rule: 'dicom.attribute.type1-missing', on: 'KO', edit: (ds) => { delete sq(ds, '0040A375')['0020000D']; }, path: '(0040,A375)[0].(0020,000D)', severity: 'error' },
  { rule: 'dicom.attribute.type1-empty', on: 'MR', edit: (ds) => setText(ds, '00080060', 'CS', ''), path: '(0008,0060)', severity: 'error' },
  { rule: 'dicom.attribute.type1-empty', on: 'CT', edit: (ds) => setText(sq(ds, '00082218'), '00080100', 'SH', ''), path: '(0008,2218)[0].(0008,0100)', severity: 'error' },
  { rule: 'dicom.attribute.type2-missing', on: 'CR', edit: (ds) => { delete ds['00080050']; }, path: '(0008,0050)', severity: 'error' },
  { rule: 'dicom.attribute.type2-missing', on: 'CT', edit: (ds) => { delete ds['00185100']; }, path: '(0018,5100)', severity: 'error' },
  { rule: 'dicom.attribute.type1c-missing', on: 'CT', edit: (ds) => { delete sq(ds, '00082218')['00080102']; }, path: '(0008,2218)[0].(0008,0102)', severity: 'error' },
  { rule: 'dicom.attribute.type1c-missing', on: 'US', edit: (ds) => { ds['00280002'] = { vr: 'US', Value: [3] }; }, path: '(0028,0006)', severity: 'error' },
  // PET, NM and XA tables (PS3.3 A.21, A.5, A.14), one case per new module kind.
  { rule: 'dicom.attribute.type1-missing', on: 'PT', edit: (ds) => { delete ds['00541001']; }, path: '(0054,1001)', severity: 'error' },
  { rule: 'dicom.attribute.type1c-missing', on: 'PT', edit: (ds) => { delete sq(sq(ds, '00540016'), '00540300')['00080100']; }, path: '(0054,0016)[0].(0054,0300)[0].(0008,0100)', severity: 'error' },
  { rule: 'dicom.attribute.type1c-missing', on: 'PT', edit: (ds) => { delete ds['00541321']; }, path: '(0054,1321)', severity: 'error' },
  { rule: 'dicom.attribute.type2-missing', on: 'PT', edit: (ds) => { delete ds['00540410']; }, path: '(0054,0410)', severity: 'error' },
  { rule: 'dicom.attribute.type1-missing', on: 'NM', edit: (ds) => { delete ds['00280008']; }, path: '(0028,0008)', severity: 'error' },
  { rule: 'dicom.attribute.type1c-missing', on: 'NM', edit: (ds) => { delete ds['00540010']; }, path: '(0054,0010)', severity: 'error' },
  { rule: 'dicom.attribute.type2-missing', on: 'NM', edit: (ds) => { delete sq(ds, '00540022')['00181181']; }, path: '(0054,0022)[0].(0018,1181)', severity: 'error' },
  { rule: 'dicom.attribute.type2-missing', on: 'NM', edit: (ds) => { delete ds['00180070']; }, path: '(0018,0070)', severity: 'error' },
  { rule: 'dicom.attribute.type2-missing', on: 'XA', edit: (ds) => { delete ds['00180060']; }, path: '(0018,0060)', severity: 'error' },
  { rule: 'dicom.attribute.type1-missing', on: 'XA', edit: (ds) => { delete ds['00181155']; }, path: '(0018,1155)', severity: 'error' },
  { rule: 'dicom.attribute.type2-missing', on: 'XA', edit: (ds) => { delete ds['00181510']; }, path: '(0018,1510)', severity: 'error' },
  { rule: 'dicom.attribute.type1-missing', on: 'XA', edit: (ds) => { delete sq(ds, '00082218')['00080104']; }, path: '(0008,2218)[0].(0008,0104)', severity: 'error' },
  // Laterality 2C (PS3.3 C.7.3.1): a paired body part without Image Laterality needs Laterality.
  { rule: 'dicom.attribute.type2-missing', on: 'MG', edit: (ds) => { delete ds['00200062']; delete ds['00200060']; }, path: '(0020,0060)', severity: 'error' },
  // The data set's own SOP Class UID is judged (the meta header's only picks the table).
  { rule: 'dicom.attribute.type1-missing', on: 'MR', edit: (ds) => { delete ds['00080016']; }, path: '(0008,0016)', severity: 'error' },
  // A composite SOP Class without a table still gets the modules common to all composite IODs.
  { rule: 'dicom.attribute.type1-missing', on: 'CR', edit: (ds) => { setText(ds, '00080016', 'UI', '1.2.840.10008.5.1.4.1.1.481.1'); delete ds['00080018']; }, path: '(0008,0018)', severity: 'error' },
  { rule: 'dicom.attribute.type2-missing', on: 'CR', edit: (ds) => { setText(ds, '00080016', 'UI', '1.2.840.10008.5.1.4.1.1.481.1'); delete ds['00100010']; }, path: '(0010,0010)', severity: 'error' },
  { rule: 'dicom.vr.value', on: 'CT', edit: (ds) => setText(ds, '00080030', 'TM', '256199'), path: '(0008,0030)', severity: 'error' },
  { rule: 'dicom.vr.value', on: 'DX', edit: (ds) => setText(ds, '00180050', 'DS', 'abc'), path: '(0018,0050)', severity: 'error' },
  { rule: 'dicom.vr.value', on: 'MG', edit: (ds) => setText(ds, '00080020', 'DA', '20241332'), path: '(0008,0020)', severity: 'warning' },
  { rule: 'dicom.vr.value', on: 'KO', edit: (ds) => setText(ds, '00080050', 'SH', 'ABCDEFGHIJKLMNOPQ'), path: '(0008,0050)', severity: 'error' },
  { rule: 'dicom.vr.mismatch', on: 'CT', edit: (ds) => { ds['00080060'] = { ...ds['00080060']!, vr: 'LO' }; }, path: '(0008,0060)', severity: 'error' },
  { rule: 'dicom.vr.mismatch', on: 'CT', edit: (ds) => { ds['00181030'] = { ...ds['00181030']!, vr: 'SH' }; }, path: '(0018,1030)', severity: 'warning' },
  { rule: 'dicom.vm.count', on: 'CT', edit: (ds) => setText(ds, '00280030', 'DS', '0.5'), path: '(0028,0030)', severity: 'error' },
  { rule: 'dicom.uid.syntax', on: 'CT', edit: (ds) => setText(ds, '0020000E', 'UI', '1.2.03.4'), path: '(0020,000E)', severity: 'error' },
  { rule: 'dicom.uid.syntax', on: 'KO', edit: (ds) => setText(sq(sq(sq(ds, '0040A375'), '00081115'), '00081199'), '00081155', 'UI', '1.2.3.'), path: '(0040,A375)[0].(0008,1115)[0].(0008,1199)[0].(0008,1155)', severity: 'error' },
  { rule: 'dicom.value.enumerated', on: 'CT', edit: (ds) => setText(ds, '00100040', 'CS', 'X'), path: '(0010,0040)', severity: 'error' },
  { rule: 'dicom.code.modality-defined-term', on: 'CT', edit: (ds) => setText(ds, '00080060', 'CS', 'XX'), path: '(0008,0060)', severity: 'warning' },
  { rule: 'dicom.code.modality-cid29', on: 'CT', profile: 'xca-i', edit: (ds) => setText(ds, '00080060', 'CS', 'OT'), path: '(0008,0060)', severity: 'error' },
  { rule: 'dicom.code.body-part-defined-term', on: 'CT', edit: (ds) => setText(ds, '00180015', 'CS', 'HEADX'), path: '(0018,0015)', severity: 'warning' },
  { rule: 'dicom.series.body-part-present', on: 'CT', profile: 'mado', edit: (ds) => { delete ds['00180015']; delete ds['00082218']; }, path: '(0018,0015)', severity: 'error' },
  { rule: 'dicom.code.anatomic-region-cid4', on: 'CT', profile: 'ehdsi-orcd', edit: (ds) => setText(sq(ds, '00082218'), '00080102', 'SH', 'SRT'), path: '(0008,2218)[0].(0008,0102)', severity: 'error' },
  { rule: 'dicom.code.anatomic-region-cid4', on: 'CT', profile: 'xca-i', edit: (ds) => setText(sq(ds, '00082218'), '00080100', 'SH', '69536006'), path: '(0008,2218)[0].(0008,0100)', severity: 'error' },
  { rule: 'dicom.study.accession-present', on: 'CT', profile: 'xca-i', edit: (ds) => setText(ds, '00080050', 'SH', ''), path: '(0008,0050)', severity: 'error' },
  { rule: 'dicom.datetime.study-after-birth', on: 'MR', edit: (ds) => setText(ds, '00100030', 'DA', '20300101'), path: '(0008,0020)', severity: 'warning' },
];

describe('the family', () => {
  it('names only known requirement ids and unique rule ids', () => {
    expect(unknownRequirementIds(dicomRules.flatMap((r) => r.requirements))).toEqual([]);
    expect(new Set(dicomRules.map((r) => r.id)).size).toBe(dicomRules.length);
    expect(dicomFamily.rules).toBe(dicomRules);
  });

  it('has a failing case here for every rule', () => {
    expect(new Set(CASES.map((c) => c.rule))).toEqual(new Set(dicomRules.map((r) => r.id)));
  });
});

describe.each(CASES)('$rule on $on ($path)', (c) => {
  const profile = c.profile ?? 'base';
  const rule = dicomRules.find((r) => r.id === c.rule)!;

  it('fails on the mutated file', () => {
    const run = validateDicomSubject(mutate(clean(c.on), c.edit), { subjectName: 'mutated', profile });
    expect(run.harnessErrors).toEqual([]);
    expect(run.findings).toContainEqual(expect.objectContaining({ ruleId: c.rule, path: c.path, severity: c.severity }));
  });

  it('passes on the clean file', () => {
    const run = validateDicomSubject(clean(c.on), { subjectName: 'clean', profile });
    expect(run.rulesRun).toContain(c.rule);
    expect(run.findings.filter((f) => f.ruleId === c.rule)).toEqual([]);
  });

  it('runs only under its profiles', () => {
    expect(ruleApplies(rule, profile)).toBe(true);
    if (rule.profiles) expect(ruleApplies(rule, 'base')).toBe(false);
  });
});

describe('finding format (compared with dciodvfy by tag)', () => {
  it('starts attribute paths with the tag and names the keyword in the message', () => {
    const run = validateDicomSubject(mutate(clean('CT'), (ds) => { delete ds['0020000D']; }), { subjectName: 'x' });
    const f = run.findings.find((x) => x.ruleId === 'dicom.attribute.type1-missing')!;
    expect(f.path).toMatch(/^\([0-9A-F]{4},[0-9A-F]{4}\)/);
    expect(f.message).toContain('StudyInstanceUID');
    expect(f.requirements).toEqual(expect.arrayContaining(['RISK-MISSING', 'MET-01', 'IM-STUDY']));
    expect(f.specRef).toBe('DICOM PS3.3 C.7.2.1');
  });

  it('judges a data set without SOP Class UID by the meta header\'s table, and only SOP Common fails', () => {
    const run = validateDicomSubject(mutate(clean('MR'), (ds) => { delete ds['00080016']; }), { subjectName: 'x' });
    expect(run.findings.filter((f) => f.severity === 'error').map((f) => f.path)).toEqual(['(0008,0016)']);
    expect(run.findings.filter((f) => f.ruleId === 'dicom.iod.known-sop-class')).toEqual([]);
  });

  it('checks only the common composite modules when the SOP Class has no table, and says so', () => {
    const run = validateDicomSubject(mutate(clean('CR'), (ds) => setText(ds, '00080016', 'UI', '1.2.840.10008.5.1.4.1.1.481.1')), { subjectName: 'x' });
    expect(run.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(run.findings).toContainEqual(expect.objectContaining({ ruleId: 'dicom.iod.known-sop-class', severity: 'info', message: expect.stringMatching(/not evaluated/) }));
  });

  it('checks SR IODs against their own tables (a KOS relabelled Comprehensive SR lacks the SR flags)', () => {
    const sr = mutate(clean('KO'), (ds) => setText(ds, '00080016', 'UI', '1.2.840.10008.5.1.4.1.1.88.33'));
    const paths = validateDicomSubject(sr, { subjectName: 'sr' }).findings.filter((f) => f.ruleId === 'dicom.attribute.type1-missing').map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['(0040,A491)', '(0040,A493)']));
  });
});

describe('shared value sets (validators/codes)', () => {
  const findingsOf = (ruleId: string, on: string, edit: (ds: Ds) => void, profile: ValidationProfile = 'xca-i') =>
    validateDicomSubject(mutate(clean(on), edit), { subjectName: 'x', profile }).findings.filter((f) => f.ruleId === ruleId);

  // This family's CID 29 copy lacked CFM, DMS, EEG, EMG and EOG, all in PS3.16 CID 29 (EEG/EMG/EOG through CID 34).
  it.each(['CFM', 'DMS', 'EEG', 'EMG', 'EOG', 'RTIMAGE'])('accepts Modality %s as a CID 29 acquisition modality', (m) => {
    expect(findingsOf('dicom.code.modality-cid29', 'CT', (ds) => setText(ds, '00080060', 'CS', m))).toEqual([]);
    expect(findingsOf('dicom.code.modality-defined-term', 'CT', (ds) => setText(ds, '00080060', 'CS', m), 'base')).toEqual([]);
  });

  it('warns about a retired Modality defined term', () => {
    expect(findingsOf('dicom.code.modality-defined-term', 'CT', (ds) => setText(ds, '00080060', 'CS', 'VF'), 'base'))
      .toEqual([expect.objectContaining({ path: '(0008,0060)', severity: 'warning', actual: 'VF' })]);
  });

  // Laterality's 2C condition counted FIBULA, TMJ, LACRIMAL and BRACHIALPLEXUS as Annex L terms the defined-term rule did not know.
  it.each(['FIBULA', 'TMJ', 'LACRIMAL', 'BRACHIALPLEXUS'])('knows the paired Annex L term %s', (term) => {
    expect(findingsOf('dicom.code.body-part-defined-term', 'CT', (ds) => setText(ds, '00180015', 'CS', term), 'base')).toEqual([]);
  });
});
