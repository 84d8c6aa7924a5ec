/**
 * Series and instance references (MET-07): what the manifest's evidence and the report's object
 * catalog point at must exist among the study's instances, in the same series and SOP class; and
 * the manifest should point at every instance that travels with it.
 */
import type { Rule, RuleFinding } from '../rule.ts';
import { datasets, instancePlace, items, MANIFEST, manifestOf, reportPlace, text, type StudyArtifacts } from './artifacts.ts';

interface Held {
  readonly place: string;
  readonly seriesUid?: string;
  readonly sopClassUid?: string;
}

function heldInstances(a: StudyArtifacts): Map<string, Held> {
  const held = new Map<string, Held>();
  datasets(a).forEach((ds, i) => {
    const uid = text(ds, 'SOPInstanceUID');
    if (uid === undefined || held.has(uid)) return;
    const seriesUid = text(ds, 'SeriesInstanceUID');
    const sopClassUid = text(ds, 'SOPClassUID');
    held.set(uid, { place: instancePlace(ds, i), ...(seriesUid && { seriesUid }), ...(sopClassUid && { sopClassUid }) });
  });
  return held;
}

interface Reference {
  readonly place: string;
  readonly where: string;
  readonly seriesUid?: string;
  readonly sopClassUid?: string;
  readonly sopInstanceUid?: string;
}

function manifestReferences(manifest: Record<string, unknown>): Reference[] {
  return items(manifest, 'CurrentRequestedProcedureEvidenceSequence').flatMap((study, s) =>
    items(study, 'ReferencedSeriesSequence').flatMap((series, r) => {
      const seriesUid = text(series, 'SeriesInstanceUID');
      return items(series, 'ReferencedSOPSequence').map((ref, k): Reference => {
        const sopClassUid = text(ref, 'ReferencedSOPClassUID');
        const sopInstanceUid = text(ref, 'ReferencedSOPInstanceUID');
        return {
          place: MANIFEST, where: `(0040,A375)[${s}].(0008,1115)[${r}].(0008,1199)[${k}]`,
          ...(seriesUid && { seriesUid }), ...(sopClassUid && { sopClassUid }), ...(sopInstanceUid && { sopInstanceUid }),
        };
      });
    }));
}

function* checkReferences(refs: readonly Reference[], held: Map<string, Held>): Generator<RuleFinding> {
  for (const ref of refs) {
    const here = `${ref.place}:${ref.where}`;
    if (ref.sopInstanceUid === undefined) continue; // an empty reference is the manifest family's finding
    const inst = held.get(ref.sopInstanceUid);
    if (!inst) {
      yield { path: `${here}.(0008,1155) ∉ instances:(0008,0018)`, message: `${ref.place} references instance ${ref.sopInstanceUid}, which is not among the study's instances`, expected: 'a SOP Instance UID of the study', actual: ref.sopInstanceUid };
      continue;
    }
    if (ref.seriesUid !== undefined && inst.seriesUid !== undefined && ref.seriesUid !== inst.seriesUid) {
      yield { path: `${here} series ≠ ${inst.place}:(0020,000E)`, message: `${ref.place} puts instance ${ref.sopInstanceUid} in series ${ref.seriesUid}, the instance says ${inst.seriesUid}`, expected: inst.seriesUid, actual: ref.seriesUid };
    }
    if (ref.sopClassUid !== undefined && inst.sopClassUid !== undefined && ref.sopClassUid !== inst.sopClassUid) {
      yield { path: `${here}.(0008,1150) ≠ ${inst.place}:(0008,0016)`, message: `${ref.place} gives instance ${ref.sopInstanceUid} SOP class ${ref.sopClassUid}, the instance says ${inst.sopClassUid}`, expected: inst.sopClassUid, actual: ref.sopClassUid };
    }
  }
}

export const manifestReferencesExist: Rule<StudyArtifacts> = {
  id: 'consistency.manifest.references',
  title: 'Every instance the manifest references is one of the study\'s instances, in the same series and SOP class',
  severity: 'error',
  requirements: ['MET-07'],
  specRef: 'DICOM PS3.3 C.17.6.2 (Hierarchical SOP Instance Reference); IHE RAD TF-3 4.68.4.1.2.2',
  check: (a) => {
    const manifest = manifestOf(a);
    return manifest ? checkReferences(manifestReferences(manifest), heldInstances(a)) : [];
  },
};

export const manifestComplete: Rule<StudyArtifacts> = {
  id: 'consistency.manifest.complete',
  title: 'The manifest references every instance of the study that travels with it',
  severity: 'warning',
  requirements: ['MET-07', 'RISK-MISSING'],
  specRef: 'IHE RAD TF-3 4.68.4.1.2.2 (manifest of the shared study)',
  *check(a) {
    const manifest = manifestOf(a);
    if (!manifest) return;
    const referenced = new Set(manifestReferences(manifest).map((r) => r.sopInstanceUid));
    // A receiver retrieves what the manifest lists: an unlisted instance is one it never sees.
    for (const [uid, inst] of heldInstances(a)) {
      if (!referenced.has(uid)) yield { path: `${inst.place}:(0008,0018) ∉ ${MANIFEST}:(0040,A375)`, message: `instance ${uid} is not referenced by the manifest`, expected: 'referenced', actual: 'absent' };
    }
  },
};

export const reportReferencesExist: Rule<StudyArtifacts> = {
  id: 'consistency.report.references',
  title: 'Every series and instance a report references is one of the study\'s',
  severity: 'error',
  requirements: ['MET-07', 'MET-05'],
  specRef: 'DICOM PS3.20 9.2 (DICOM Object Catalog); HL7 EU Imaging Report ImagingStudy',
  *check(a) {
    const held = heldInstances(a);
    for (const [i, report] of (a.reports ?? []).entries()) {
      const refs = report.series.flatMap((s, si) => s.instances.map((inst, k): Reference => ({
        place: reportPlace(report, i), where: `series[${si}].instances[${k}]`,
        seriesUid: s.uid, ...(inst.sopClassUid && { sopClassUid: inst.sopClassUid }), sopInstanceUid: inst.uid,
      })));
      yield* checkReferences(refs, held);
    }
  },
};

export const referenceRules = [manifestReferencesExist, manifestComplete, reportReferencesExist] as const;
