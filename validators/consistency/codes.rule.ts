/**
 * Codes that describe the study (MET-07, MET-03): the acquisition modalities and the anatomic
 * region. The instances are the truth; the metadata's eventCodeList and the report must say the
 * same set of modalities, and any region they name must be one the instances name.
 */
import { DocScheme } from '../../simulators/registry/xds-constants.ts';
import { codes } from '../../simulators/registry/xds-view.ts';
import { regionOfBodyPart } from '../codes/body-part-examined.ts';
import { NON_ACQUISITION_MODALITIES } from '../codes/cid32-non-acquisition-modality.ts';
import { DCM, namesScheme, SCT } from '../codes/coding-schemes.ts';
import type { Rule } from '../rule.ts';
import { datasets, entryPlace, items, reportPlace, text, type StudyArtifacts } from './artifacts.ts';

const setText = (s: ReadonlySet<string>): string => [...s].sort().join(',') || '(none)';
const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x));

function instanceModalities(a: StudyArtifacts): Set<string> {
  return new Set(datasets(a).map((ds) => text(ds, 'Modality')).filter((m): m is string => m !== undefined && !NON_ACQUISITION_MODALITIES.has(m)));
}

export const modalitiesAgree: Rule<StudyArtifacts> = {
  id: 'consistency.study.modality',
  title: 'The metadata eventCodeList and the reports name the acquisition modalities the instances have',
  severity: 'error',
  requirements: ['MET-07', 'MET-03'],
  specRef: 'IHE RAD TF-3 4.68.4.1.2.3.2 (eventCodeList, CID 29); DICOM PS3.3 C.7.3.1 (0008,0060)',
  *check(a) {
    const truth = instanceModalities(a);
    if (truth.size === 0) return;
    const claims: { place: string; where: string; set: Set<string> }[] = [
      ...(a.documentEntries ?? []).map((e) => ({
        place: entryPlace(e), where: 'eventCodeList',
        set: new Set(codes(e, DocScheme.eventCodeList).filter((c) => namesScheme(DCM, c.codingScheme)).map((c) => c.code)),
      })),
      ...(a.reports ?? []).map((r, i) => ({ place: reportPlace(r, i), where: 'modalities', set: new Set(r.modalities.filter((m) => !NON_ACQUISITION_MODALITIES.has(m))) })),
    ];
    for (const c of claims) {
      // A report that names no modality is the report family's concern, not a contradiction.
      if (c.set.size === 0 && c.place.startsWith('report ')) continue;
      if (!sameSet(c.set, truth)) {
        yield { path: `${c.place}:${c.where} ≠ instances:(0008,0060)`, message: `${c.place} names modalities ${setText(c.set)}, the instances have ${setText(truth)}`, expected: setText(truth), actual: setText(c.set) };
      }
    }
  },
};

/** SNOMED CT region codes of the instances: the Anatomic Region Sequence, else Body Part Examined mapped per PS3.16 Annex L. */
function instanceRegions(a: StudyArtifacts): Set<string> {
  const out = new Set<string>();
  for (const ds of datasets(a)) {
    const region = items(ds, 'AnatomicRegionSequence')[0];
    const code = region ? text(region, 'CodeValue') : undefined;
    if (code !== undefined) out.add(code);
    else {
      const term = text(ds, 'BodyPartExamined');
      const mapped = term === undefined ? undefined : regionOfBodyPart(term);
      if (mapped !== undefined) out.add(mapped);
    }
  }
  return out;
}

export const bodyPartAgrees: Rule<StudyArtifacts> = {
  id: 'consistency.study.body-part',
  title: 'Anatomic regions in the metadata and the reports are regions the instances were acquired of',
  severity: 'error',
  requirements: ['MET-07', 'MET-03'],
  specRef: 'IHE RAD TF-3 4.68.4.1.2.3.2 (eventCodeList, CID 4); DICOM PS3.3 C.7.3.1 (0018,0015), (0008,2218)',
  *check(a) {
    const truth = instanceRegions(a);
    if (truth.size === 0) return;
    const claims: { place: string; where: string; codes: string[] }[] = [
      ...(a.documentEntries ?? []).map((e) => ({
        place: entryPlace(e), where: 'eventCodeList',
        codes: codes(e, DocScheme.eventCodeList).filter((c) => namesScheme(SCT, c.codingScheme)).map((c) => c.code),
      })),
      ...(a.reports ?? []).map((r, i) => ({ place: reportPlace(r, i), where: r.bodyPart?.path ?? 'bodyPart', codes: r.bodyPart ? [r.bodyPart.value.code] : [] })),
    ];
    for (const c of claims) {
      const foreign = c.codes.filter((code) => !truth.has(code));
      if (foreign.length > 0) {
        yield { path: `${c.place}:${c.where} ≠ instances:(0008,2218)`, message: `${c.place} names region ${foreign.join(',')}, the instances were acquired of ${setText(truth)}`, expected: setText(truth), actual: foreign.join(',') };
      }
    }
  },
};

export const codeRules = [modalitiesAgree, bodyPartAgrees] as const;
