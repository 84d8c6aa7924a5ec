import { beforeAll, describe, expect, it } from 'vitest';
import { DocScheme } from '../../simulators/registry/xds-constants.ts';
import { setSlot, slotValue, slotValues } from '../../simulators/registry/xds-view.ts';
import { unknownRequirementIds } from '../requirements.ts';
import { parseCx, REFERENCE_ID_LIST, type StudyArtifacts } from './artifacts.ts';
import { consistencyFamily, validateConsistency } from './index.ts';
import { buildCtDoseArtifacts, copyOf, type WorldStudyArtifacts } from './test-artifacts.ts';

type Ds = Record<string, unknown>;
type Mutable = { -readonly [K in keyof StudyArtifacts]: StudyArtifacts[K] } & { manifest: Ds; reports: any[]; documentEntries: any[]; instances: Ds[] };

let built: WorldStudyArtifacts;
beforeAll(async () => {
  built = await buildCtDoseArtifacts();
});

const run = (a: StudyArtifacts) => validateConsistency(a, { subjectName: 'ct-dose study' });
const uidOf = (ds: Ds) => ds.SOPInstanceUID as string;
const evidenceRef = (m: Ds, series = 0, k = 0) => ((((m.CurrentRequestedProcedureEvidenceSequence as Ds[])[0]!.ReferencedSeriesSequence as Ds[])[series]!.ReferencedSOPSequence as Ds[])[k]!);

interface Case {
  readonly rule: string;
  readonly what: string;
  readonly mutate: (a: Mutable) => void;
  /** Findings expected from the rule, each path matched as a pattern. */
  readonly paths: (a: Mutable) => (string | RegExp)[];
  readonly severity?: 'error' | 'warning';
}

const CASES: Case[] = [
  {
    rule: 'consistency.study.accession', what: 'accession changed in the KOS only',
    mutate: (a) => { a.manifest.AccessionNumber = 'OTHER-ACC'; },
    paths: (a) => [`manifest:(0008,0050) ≠ instance ${uidOf(a.instances[0]!)}:(0008,0050)`],
  },
  {
    rule: 'consistency.patient.id', what: 'patient id changed in one instance',
    mutate: (a) => { a.instances[5]!.PatientID = '0000000000'; },
    paths: (a) => [`instance ${uidOf(a.instances[5]!)}:(0010,0020) ≠ instance ${uidOf(a.instances[0]!)}:(0010,0020)`],
  },
  {
    rule: 'consistency.patient.issuer', what: 'patient id issuer changed in the report',
    mutate: (a) => { a.reports[0].patient = { ...a.reports[0].patient, value: { ...a.reports[0].patient.value, issuerOid: '1.2.3.4' } }; },
    paths: () => [/^report [\d.]+:\/ClinicalDocument\/recordTarget\/patientRole\/id ≠ instance [\d.]+:\(0010,0024\)\[0\]\.\(0040,0032\)$/],
  },
  {
    rule: 'consistency.study.uid', what: 'Study Instance UID changed in the report\'s DocumentEntry referenceIdList',
    mutate: (a) => {
      const e = a.documentEntries[1];
      setSlot(e, REFERENCE_ID_LIST, slotValues(e, REFERENCE_ID_LIST).map((v: string) => (v.includes('studyInstanceUID') ? v.replace(/^[^^]+/, '1.2.3.999') : v)));
    },
    paths: () => [/^document-entry [\d.]+:referenceIdList\[1\] ≠ instance [\d.]+:\(0020,000D\)$/],
  },
  {
    rule: 'consistency.study.accession-issuer', what: 'accession issuer changed in the KOS request sequence',
    mutate: (a) => { (((a.manifest.ReferencedRequestSequence as Ds[])[0]!.IssuerOfAccessionNumberSequence as Ds[])[0]!).UniversalEntityID = '1.2.3.4'; },
    paths: () => [/^manifest:\(0040,A370\)\[0\]\.\(0008,0051\)\[0\]\.\(0040,0032\) ≠ instance /],
  },
  {
    rule: 'consistency.manifest.references', what: 'the KOS points at a SOP class the instance does not have',
    mutate: (a) => { evidenceRef(a.manifest).ReferencedSOPClassUID = '1.2.840.10008.5.1.4.1.1.4'; },
    paths: () => [/^manifest:\(0040,A375\)\[0\]\.\(0008,1115\)\[0\]\.\(0008,1199\)\[0\]\.\(0008,1150\) ≠ instance [\d.]+:\(0008,0016\)$/],
  },
  {
    rule: 'consistency.manifest.complete', what: 'an instance left out of the KOS', severity: 'warning',
    mutate: (a) => { ((((a.manifest.CurrentRequestedProcedureEvidenceSequence as Ds[])[0]!.ReferencedSeriesSequence as Ds[])[0]!).ReferencedSOPSequence as Ds[]).pop(); },
    paths: () => [/^instance [\d.]+:\(0008,0018\) ∉ manifest:\(0040,A375\)$/],
  },
  {
    rule: 'consistency.report.references', what: 'the report catalog names an instance the study lacks',
    mutate: (a) => { a.reports[0].series[0].instances[0] = { ...a.reports[0].series[0].instances[0], uid: '1.2.3.4.5' }; },
    paths: () => [/^report [\d.]+:series\[0\]\.instances\[0\]\.\(0008,1155\) ∉ instances:\(0008,0018\)$/],
  },
  {
    rule: 'consistency.study.modality', what: 'the KOS DocumentEntry eventCodeList says MR for a CT study',
    mutate: (a) => {
      const c = a.documentEntries[0].classifications.find((x: any) => x.classificationScheme === DocScheme.eventCodeList && x.nodeRepresentation === 'CT');
      c.nodeRepresentation = 'MR';
    },
    paths: () => [/^document-entry [\d.]+:eventCodeList ≠ instances:\(0008,0060\)$/],
  },
  {
    rule: 'consistency.study.body-part', what: 'the report names the brain for an abdomen CT',
    mutate: (a) => { a.reports[0].bodyPart = { ...a.reports[0].bodyPart, value: { code: '12738006', system: '2.16.840.1.113883.6.96' } }; },
    paths: () => [/^report [\d.]+:\/ClinicalDocument\/documentationOf\/serviceEvent\/code\/translation ≠ instances:\(0008,2218\)$/],
  },
  {
    rule: 'consistency.study.date', what: 'serviceStartTime one hour off in the report\'s DocumentEntry',
    mutate: (a) => {
      const e = a.documentEntries[1];
      const v = slotValue(e, 'serviceStartTime')!;
      setSlot(e, 'serviceStartTime', [`${v.slice(0, 8)}${String((+v.slice(8, 10) + 1) % 24).padStart(2, '0')}${v.slice(10)}`]);
    },
    paths: () => [/^document-entry [\d.]+:serviceStartTime ≠ instance [\d.]+:\(0008,0020\)\+\(0008,0030\)$/],
  },
];

describe('consistency family', () => {
  it('lists every rule once, with known requirement ids', () => {
    const ids = consistencyFamily.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(unknownRequirementIds(consistencyFamily.rules.flatMap((r) => r.requirements))).toEqual([]);
    expect(new Set(CASES.map((c) => c.rule))).toEqual(new Set(ids));
  });

  it('passes the harness\'s own artifacts of the ct-dose study (instances, KOS, CDA report, DocumentEntries)', () => {
    const result = run(built.artifacts);
    expect(result.harnessErrors).toEqual([]);
    expect(result.findings).toEqual([]);
    expect(result.rulesRun).toEqual(consistencyFamily.rules.map((r) => r.id));
    // The pass means something only if every artifact took part.
    expect(built.artifacts.instances.length).toBeGreaterThan(10);
    expect(built.artifacts.reports[0]!.studyInstanceUid?.value).toBe(built.ws.study.studyInstanceUid);
    expect(built.artifacts.documentEntries).toHaveLength(2);
  });

  it.each(CASES)('$rule fails on a mutated copy: $what', (c) => {
    const a = copyOf(built.artifacts) as unknown as Mutable;
    c.mutate(a);
    const result = run(a);
    expect(result.harnessErrors).toEqual([]);
    const mine = result.findings.filter((f) => f.ruleId === c.rule);
    const expected = c.paths(a);
    expect(mine).toHaveLength(expected.length);
    expected.forEach((p, i) => {
      expect(mine[i]).toEqual(expect.objectContaining({ ruleId: c.rule, severity: c.severity ?? 'error', subject: 'ct-dose study' }));
      if (typeof p === 'string') expect(mine[i]!.path).toBe(p);
      else expect(mine[i]!.path).toMatch(p);
      expect(mine[i]!.expected).toBeDefined();
      expect(mine[i]!.actual).toBeDefined();
    });
    // One mismatch, one finding: no other rule speaks about it.
    expect(result.findings.filter((f) => f.ruleId !== c.rule)).toEqual([]);
  });

  // The rule used to map Body Part Examined through the world generator's anatomy table (15 terms, what the harness
  // emits); it now reads the validators' own Annex L table, so a term the generator never uses is still understood.
  it('maps Body Part Examined to its region by the validators\' own Annex L table', () => {
    const a = copyOf(built.artifacts) as unknown as Mutable;
    a.instances = a.instances.map((ds) => ({ ...ds, AnatomicRegionSequence: undefined, BodyPartExamined: 'LIVER' }));
    const mine = run(a).findings.filter((f) => f.ruleId === 'consistency.study.body-part');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((f) => f.expected === '10200004')).toBe(true);
  });

  it('names the KOS accession mismatch with both values', () => {
    const a = copyOf(built.artifacts) as unknown as Mutable;
    a.manifest.AccessionNumber = 'OTHER-ACC';
    const [f] = run(a).findings;
    expect(f).toEqual(expect.objectContaining({ expected: built.ws.study.accessionNumber, actual: 'OTHER-ACC', requirements: expect.arrayContaining(['MET-07', 'MET-02']) }));
  });

  it('a manifest reference to an unknown instance is one dangling reference (plus the instance it displaced going unreferenced)', () => {
    const a = copyOf(built.artifacts) as unknown as Mutable;
    evidenceRef(a.manifest).ReferencedSOPInstanceUID = '1.2.3.4.5.6';
    const ids = run(a).findings.map((f) => f.ruleId);
    expect(ids).toEqual(['consistency.manifest.references', 'consistency.manifest.complete']);
  });

  it('a local time of unknown zone is compared within ±14 h, a known zone exactly', () => {
    const a = copyOf(built.artifacts) as unknown as Mutable;
    CASES.find((c) => c.rule === 'consistency.study.date')!.mutate(a);
    const { timeZone: _zone, ...withoutZone } = a;
    expect(run(withoutZone).findings).toEqual([]);
    const b = copyOf(built.artifacts) as unknown as Mutable;
    const e = b.documentEntries[1];
    setSlot(e, 'serviceStartTime', [`${String(+slotValue(e, 'serviceStartTime')!.slice(0, 4) - 1)}${slotValue(e, 'serviceStartTime')!.slice(4)}`]);
    const { timeZone: _z, ...bWithoutZone } = b;
    expect(run(bWithoutZone).findings.map((f) => f.ruleId)).toEqual(['consistency.study.date']);
  });

  it('never throws on malformed artifacts', () => {
    const junk = { instances: [{}, { PatientID: 7, StudyDate: 'yesterday' }, null as unknown as Ds], manifest: { CurrentRequestedProcedureEvidenceSequence: 'nope' }, reports: [], documentEntries: [] };
    const result = run(junk);
    expect(result.harnessErrors).toEqual([]);
    expect(result.rulesRun).toHaveLength(consistencyFamily.rules.length);
  });
});

describe('parseCx', () => {
  it('reads id, authority OID and type, undoing HL7 escapes', () => {
    expect(parseCx('A\\S\\1^^^&1.2.3&ISO^urn:ihe:iti:xds:2013:accession')).toEqual({ id: 'A^1', authorityOid: '1.2.3', type: 'urn:ihe:iti:xds:2013:accession' });
    expect(parseCx('1.2.3^^^^urn:ihe:iti:xds:2016:studyInstanceUID')).toEqual({ id: '1.2.3', type: 'urn:ihe:iti:xds:2016:studyInstanceUID' });
    expect(parseCx('^^^&1.2&ISO')).toBeUndefined();
  });
});
