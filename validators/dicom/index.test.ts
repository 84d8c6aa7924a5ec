/**
 * Acceptance: the clean files of every modality the fixture writers make (test world, and the
 * seed-7 world of write-fixtures) and the KOS manifests of the imaging source pass dciodvfy with
 * zero errors today, so they must give no error-level finding here, under any profile.
 */
import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../fixtures/world/build-world.ts';
import { testWorld } from '../../fixtures/dicom/test-world.ts';
import { VALIDATION_PROFILES } from '../rule.ts';
import { validateDicom, validateDicomSubject } from './index.ts';
import { cleanImageFiles, cleanKosFiles, read } from './test-support.ts';

const files = [...cleanImageFiles(testWorld), ...cleanImageFiles(buildWorld({ seed: 7, patients: 1 }), true), ...cleanKosFiles()];

describe('clean fixtures', () => {
  it('cover every modality the writers make, and the KOS', () => {
    expect(new Set(files.map((f) => f.modality))).toEqual(new Set(['CT', 'MR', 'CR', 'DX', 'MG', 'US', 'PT', 'NM', 'XA', 'KO']));
  });

  it.each(VALIDATION_PROFILES)('give no error-level finding and no harness error under %s', (profile) => {
    const problems = files.flatMap((f) => {
      const run = validateDicomSubject(read(f.bytes), { subjectName: f.name, profile });
      return [...run.harnessErrors.map((h) => `${f.name}: harness ${h.ruleId} ${h.message}`), ...run.findings.filter((x) => x.severity === 'error').map((x) => `${f.name}: ${x.ruleId} ${x.path} ${x.message}`)];
    });
    expect(problems).toEqual([]);
  });

  it.each(['PT', 'NM', 'XA'])('judge %s against its own IOD table (no "no table" notice)', (modality) => {
    const file = files.find((f) => f.modality === modality)!;
    const run = validateDicom(file.bytes, { subjectName: file.name });
    expect(run.findings.filter((f) => f.ruleId === 'dicom.iod.known-sop-class')).toEqual([]);
  });
});

describe('validateDicom', () => {
  it('turns an unreadable file into one error finding, not an exception', () => {
    const run = validateDicom(new Uint8Array([1, 2, 3]), { subjectName: 'junk.dcm' });
    expect(run.findings).toEqual([expect.objectContaining({ ruleId: 'dicom.file.unreadable', severity: 'error', subject: 'junk.dcm' })]);
    expect(run.harnessErrors).toEqual([]);
  });
});
