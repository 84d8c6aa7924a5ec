/**
 * Test inputs of the manifest family: the harness's own XDS-I.b KOS (the seed-7 NL world's
 * multi-series MR study), a MADO manifest built from it the way the MADO supplement describes,
 * and helpers to mutate copies and run the family. Used by the tests beside it only.
 */
import { expect } from 'vitest';
import { buildKosManifest, type KosManifest } from '../../simulators/imaging-source/kos-manifest.ts';
import { manifestInput, msFollowUpStudy } from '../../simulators/imaging-source/test-inputs.ts';
import type { WorldStudy } from '../../simulators/imaging-source/study-from-world.ts';
import type { Finding } from '../finding.ts';
import type { ValidationProfile } from '../rule.ts';
import type { RuleRun } from '../run-rules.ts';
import { readManifestSubject, validateManifest } from './index.ts';

export type Item = Record<string, any>;

let cached: { kos: KosManifest; ws: WorldStudy } | undefined;

/** The harness's KOS for the ms-follow-up study, built once. */
export function harnessKos(): { kos: KosManifest; ws: WorldStudy } {
  if (!cached) {
    const { ws, uidRoot } = msFollowUpStudy();
    cached = { kos: buildKosManifest(manifestInput(ws, uidRoot)), ws };
  }
  return cached;
}

/**
 * A fresh naturalized copy of the harness KOS, read back from its Part 10 bytes as a consumer
 * would, then made plain (dcmjs hands out proxied arrays that do not take a push reliably), so
 * tests mutate ordinary objects. The bytes path itself is tested in index.test.ts.
 */
let readBack: string | undefined;

export function xdsiManifest(): Item {
  if (readBack === undefined) {
    const read = readManifestSubject(harnessKos().kos.part10);
    if (!read.ds) throw new Error(`harness KOS unreadable: ${read.readProblem}`);
    readBack = JSON.stringify(read.ds);
  }
  return JSON.parse(readBack) as Item;
}

const code = (value: string, scheme: string, meaning: string): Item[] => [{ CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning }];

const acq = (valueType: string, concept: Item[], value: Item): Item => ({ RelationshipType: 'HAS ACQ CONTEXT', ValueType: valueType, ConceptNameCodeSequence: concept, ...value });

const num = (n: number, unit: string): Item => ({
  MeasuredValueSequence: [{ NumericValue: String(n), MeasurementUnitsCodeSequence: code(unit, 'UCUM', unit.replace(/[{}]/g, '')) }],
});

const MADO = {
  title: code('MADOTEMP001', '99IHE', 'Manifest with Description'),
  library: code('111028', 'DCM', 'Image Library'),
  group: code('126200', 'DCM', 'Image Library Group'),
  modality: code('121139', 'DCM', 'Modality'),
  region: code('123014', 'DCM', 'Target Region'),
  seriesUid: code('112002', 'DCM', 'Series Instance UID'),
  seriesNumber: code('113607', 'DCM', 'Series Number'),
  seriesDescription: code('MADOTEMP002', '99IHE', 'Series Description'),
  seriesDate: code('MADOTEMP003', '99IHE', 'Series Date'),
  seriesTime: code('MADOTEMP004', '99IHE', 'Series Time'),
  seriesInstances: code('MADOTEMP007', '99IHE', 'Number of Series Related Instances'),
  studySeries: code('MADOTEMP009', '99IHE', 'Number of Study Related Series'),
};

const BRAIN = code('12738006', 'SCT', 'Brain');
const HEAD_AND_NECK = code('774007', 'SCT', 'Head and neck');

/**
 * The harness KOS turned into a MADO manifest (IHE RAD MADO TF-3 6.X.2): MADO title, the header
 * attributes MADO makes R+, and a TID 1600 Image Library with one group per series holding that
 * series' instance entries (moved from the root).
 */
export function madoManifest(): Item {
  const ds = xdsiManifest();
  const { ws } = harnessKos();
  ds.ConceptNameCodeSequence = MADO.title;
  ds.TimezoneOffsetFromUTC = '+0100';
  ds.OtherPatientIDsSequence = [{ PatientID: ds.PatientID, IssuerOfPatientIDQualifiersSequence: structuredClone(ds.IssuerOfPatientIDQualifiersSequence) }];
  const request = ds.ReferencedRequestSequence[0];
  request.PlacerOrderNumberImagingServiceRequest = 'PO-2016-1';
  request.OrderPlacerIdentifierSequence = [{ UniversalEntityID: '2.25.1234', UniversalEntityIDType: 'ISO' }];
  const seriesItems: Item[] = ds.CurrentRequestedProcedureEvidenceSequence[0].ReferencedSeriesSequence;
  const refs: Item[] = ds.ContentSequence.filter((i: Item) => ['IMAGE', 'COMPOSITE', 'WAVEFORM'].includes(i.ValueType));
  const groups = seriesItems.map((series, n) => {
    const modality = ws.study.series.find((s) => s.seriesInstanceUid === series.SeriesInstanceUID)!.modality;
    const uids = new Set(series.ReferencedSOPSequence.map((i: Item) => i.ReferencedSOPInstanceUID));
    return {
      RelationshipType: 'CONTAINS', ValueType: 'CONTAINER', ContinuityOfContent: 'SEPARATE', ConceptNameCodeSequence: MADO.group,
      ContentSequence: [
        acq('CODE', MADO.modality, { ConceptCodeSequence: code(modality, 'DCM', modality) }),
        acq('DATE', MADO.seriesDate, { Date: ds.StudyDate }),
        acq('TIME', MADO.seriesTime, { Time: ds.StudyTime }),
        acq('TEXT', MADO.seriesDescription, { TextValue: `Series ${n + 1}` }),
        acq('TEXT', MADO.seriesNumber, { TextValue: String(n + 1) }),
        acq('UIDREF', MADO.seriesUid, { UID: series.SeriesInstanceUID }),
        acq('CODE', MADO.region, { ConceptCodeSequence: BRAIN }),
        acq('NUM', MADO.seriesInstances, num(series.ReferencedSOPSequence.length, '{instances}')),
        ...refs.filter((r) => uids.has(r.ReferencedSOPSequence[0].ReferencedSOPInstanceUID)),
      ],
    };
  });
  const modalities = [...new Set(ws.study.series.map((s) => s.modality))];
  ds.ContentSequence = [
    ...ds.ContentSequence.filter((i: Item) => !refs.includes(i)),
    {
      RelationshipType: 'CONTAINS', ValueType: 'CONTAINER', ContinuityOfContent: 'SEPARATE', ConceptNameCodeSequence: MADO.library,
      ContentSequence: [
        ...modalities.map((m) => acq('CODE', MADO.modality, { ConceptCodeSequence: code(m, 'DCM', m) })),
        acq('CODE', MADO.region, { ConceptCodeSequence: HEAD_AND_NECK }),
        acq('NUM', MADO.studySeries, num(seriesItems.length, '{series}')),
        ...groups,
      ],
    },
  ];
  return ds;
}

export function run(ds: Item | Uint8Array, profile: ValidationProfile = 'base'): RuleRun {
  return validateManifest(ds, { subjectName: 'test manifest', profile });
}

/** Findings of one rule; the rule must have run (a skipped rule proves nothing). */
export function findingsOf(r: RuleRun, ruleId: string): Finding[] {
  expect(r.harnessErrors).toEqual([]);
  expect(r.rulesRun).toContain(ruleId);
  return r.findings.filter((f) => f.ruleId === ruleId);
}

/** Convenience: the library container and its groups of a MADO manifest built above. */
export function madoLibrary(ds: Item): Item {
  return ds.ContentSequence.find((i: Item) => i.ConceptNameCodeSequence?.[0]?.CodeValue === '111028');
}

export function madoGroups(ds: Item): Item[] {
  return madoLibrary(ds).ContentSequence.filter((i: Item) => i.ConceptNameCodeSequence?.[0]?.CodeValue === '126200');
}

export function childOf(container: Item, codeValue: string): Item {
  return container.ContentSequence.find((i: Item) => i.ConceptNameCodeSequence?.[0]?.CodeValue === codeValue);
}

export function withoutChild(container: Item, codeValue: string): void {
  container.ContentSequence = container.ContentSequence.filter((i: Item) => i.ConceptNameCodeSequence?.[0]?.CodeValue !== codeValue);
}

export interface MutationCase {
  readonly name: string;
  readonly profile: ValidationProfile;
  /** Which valid manifest to start from. */
  readonly from: 'xds-i' | 'mado';
  readonly mutate: (ds: Item) => void;
  /** What the rule must report (fields matched with objectContaining). */
  readonly expected: readonly Partial<Finding>[];
}

/** Runs mutation cases of one rule: the unmutated start passes the rule, the mutated copy gets exactly `expected`. */
export function checkMutations(ruleId: string, cases: readonly MutationCase[]): void {
  for (const c of cases) {
    const start = c.from === 'mado' ? madoManifest() : xdsiManifest();
    expect(findingsOf(run(start, c.profile), ruleId), `${c.name}: unmutated`).toEqual([]);
    c.mutate(start);
    expect(findingsOf(run(start, c.profile), ruleId), c.name).toEqual(c.expected.map((e) => expect.objectContaining(e)));
  }
}
