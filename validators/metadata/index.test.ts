import { describe, expect, it } from 'vitest';
import { VALIDATION_PROFILES } from '../rule.ts';
import { metadataFamily, validateSubmission } from './index.ts';
import { imagingSubmission, orcdSubmission } from './test-submissions.ts';
import { unknownRequirementIds } from '../requirements.ts';

const serious = (run: ReturnType<typeof validateSubmission>) => run.findings.filter((f) => f.severity !== 'info');

describe('metadata family', () => {
  it('lists rules with unique ids and real requirement ids', () => {
    const ids = metadataFamily.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(unknownRequirementIds(metadataFamily.rules.flatMap((r) => r.requirements))).toEqual([]);
  });

  it.each(['base', 'xca-i', 'mado'] as const)('the harness XDS-I.b submission (KOS + CDA report) passes under %s', (profile) => {
    const s = imagingSubmission();
    const run = validateSubmission({ objects: s.objects, documents: s.documents }, { subjectName: 'xds-i', profile });
    expect(serious(run)).toEqual([]);
    expect(run.findings).toEqual([]);
    expect(run.harnessErrors).toEqual([]);
    expect(run.rulesRun).toContain('metadata.document.hash-size');
  });

  it.each(['base', 'ehdsi-orcd'] as const)('the harness eHDSI OrCD submission (PDF + PNG) passes under %s', (profile) => {
    const s = orcdSubmission();
    const run = validateSubmission({ objects: s.objects, documents: s.documents }, { subjectName: 'orcd', profile });
    expect(run.findings).toEqual([]);
    expect(run.harnessErrors).toEqual([]);
  });

  it('every rule runs under some profile', () => {
    const ran = new Set(VALIDATION_PROFILES.flatMap((profile) => validateSubmission({ objects: imagingSubmission().objects }, { subjectName: 's', profile }).rulesRun));
    expect([...ran].sort()).toEqual(metadataFamily.rules.map((r) => r.id).sort());
  });
});
