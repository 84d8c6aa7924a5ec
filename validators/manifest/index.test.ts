import { describe, expect, it } from 'vitest';
import { encodePart10 } from '../../fixtures/dicom/part10.ts';
import { unknownRequirementIds } from '../requirements.ts';
import { classifyKos, manifestFamily, validateManifest } from './index.ts';
import { buildKosManifest } from '../../simulators/imaging-source/kos-manifest.ts';
import { manifestInput, testWorldStudies } from '../../simulators/imaging-source/test-inputs.ts';
import { testWorld } from '../../fixtures/dicom/test-world.ts';
import { harnessKos, madoManifest, run, xdsiManifest, type Item } from './test-manifests.ts';

const profileRules = (profile: string) => manifestFamily.rules.filter((r) => r.profiles?.includes(profile as never));

describe('manifest family', () => {
  it('lists each rule once, with catalogue requirement ids, a spec reference and a dotted manifest.* id', () => {
    const ids = manifestFamily.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(unknownRequirementIds(manifestFamily.rules.flatMap((r) => r.requirements))).toEqual([]);
    for (const rule of manifestFamily.rules) {
      expect(rule.id).toMatch(/^manifest\.[a-z0-9-]+\.[a-z0-9-]+$/);
      expect(rule.requirements.length).toBeGreaterThan(0);
      expect(rule.specRef).not.toBe('');
    }
  });

  it("passes the harness's own KOS under base and xca-i: no finding at all, every applicable rule ran", () => {
    for (const profile of ['base', 'xca-i'] as const) {
      const r = run(harnessKos().kos.part10, profile);
      expect(r.findings).toEqual([]);
      expect(r.harnessErrors).toEqual([]);
      expect(r.rulesRun).toEqual(manifestFamily.rules.filter((rule) => !rule.profiles || rule.profiles.includes(profile as never)).map((rule) => rule.id));
    }
  });

  it('passes the KOS of every fixtures test-world study under xca-i (COMPOSITE references for SR included)', () => {
    for (const ws of testWorldStudies) {
      const kos = buildKosManifest(manifestInput(ws, testWorld.uidRoot, { description: 'shared study' }));
      expect(run(kos.part10, 'xca-i').findings, ws.study.accessionNumber).toEqual([]);
    }
  });

  it('passes the MADO example built in the test under mado (the Retrieve URL rule included) and classifies it', () => {
    const mado = madoManifest();
    expect(classifyKos(mado)).toBe('mado-manifest');
    const r = run(mado, 'mado');
    expect(r.findings).toEqual([]);
    expect(r.rulesRun).toEqual(expect.arrayContaining(profileRules('mado').map((rule) => rule.id)));
  });

  it('judges the same MADO manifest after a dcmjs round trip through Part 10 bytes', () => {
    const bytes = encodePart10(madoManifest(), '2.25.1');
    expect(run(bytes, 'mado').findings).toEqual([]);
  });

  it('fails the harness XDS-I.b KOS under mado: it lacks what MADO adds', () => {
    const failed = new Set(run(xdsiManifest(), 'mado').findings.filter((f) => f.severity === 'error').map((f) => f.ruleId));
    expect([...failed].sort()).toEqual(['manifest.mado.image-library', 'manifest.mado.patient-identity', 'manifest.mado.referenced-request', 'manifest.mado.study-attributes', 'manifest.mado.title']);
  });

  it('classifies by document title: XDS-I manifest, key-image note, other KOS', () => {
    const ds = xdsiManifest();
    expect(classifyKos(ds)).toBe('xds-i-manifest');
    ds.ConceptNameCodeSequence = [{ CodeValue: '113000', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Of Interest' }];
    expect(classifyKos(ds)).toBe('key-image-note');
    ds.ConceptNameCodeSequence = [{ CodeValue: '113001', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Rejected for Quality Reasons' }];
    expect(classifyKos(ds)).toBe('other-kos');
    delete ds.ConceptNameCodeSequence;
    expect(classifyKos(ds)).toBe('other-kos');
  });

  it('turns unreadable bytes into one finding and runs no other rule', () => {
    for (const bytes of [new Uint8Array(10), new Uint8Array(200), (() => { const b = new Uint8Array(300); b.set([68, 73, 67, 77], 128); b.fill(0xff, 132); return b; })()]) {
      const r = validateManifest(bytes, { subjectName: 'junk.dcm', profile: 'xca-i' });
      expect(r.harnessErrors).toEqual([]);
      expect(r.rulesRun).toEqual(['manifest.subject.readable']);
      expect(r.findings).toEqual([expect.objectContaining({ ruleId: 'manifest.subject.readable', severity: 'error', subject: 'junk.dcm' })]);
    }
  });

  it('never throws on a data set of the wrong shapes: every rule runs, errors are findings', () => {
    const weird: Item = { SOPClassUID: 42, ConceptNameCodeSequence: 'x', ContentSequence: [null, 7, { ValueType: ['IMAGE'], ReferencedSOPSequence: {} }], CurrentRequestedProcedureEvidenceSequence: { ReferencedSeriesSequence: 'no' } };
    for (const profile of ['base', 'xca-i', 'mado'] as const) {
      const r = run(weird, profile);
      expect(r.harnessErrors).toEqual([]);
      expect(r.findings.length).toBeGreaterThan(0);
    }
  });
});
