/**
 * Per-series Image Library Groups of a MADO manifest (IHE RAD MADO TF-3 Table 6.X.2.9-2, DICOM
 * CP-2595 TID 1602): each series of the evidence sequence has exactly one group that names its
 * Series Instance UID, its modality and its number of instances (equal to the evidence), and the
 * entries inside a group belong to that series. The RC+ descriptors (date, time, description,
 * number, target region) are required when the series has them, which the manifest alone cannot
 * show, so their absence is a warning: it is what GEN-03 lists on screen.
 */
import { firstCode, showCode, text, type Item } from './dataset-access.ts';
import { datasetRule } from './define-rule.ts';
import { imageLibraries, modalityProblems } from './mado-image-library.rule.ts';
import { contentReferences, evidenceSeries, type EvidenceSeries } from './references.ts';
import { childrenNamed, CONCEPT, itemValue, numUnits, showConcept, type ContentChild } from './sr-items.ts';

interface Group extends ContentChild {
  readonly seriesUid: string | undefined;
}

function groups(ds: Item): Group[] {
  return imageLibraries(ds).flatMap((library) => childrenNamed(library.item, library.path, CONCEPT.imageLibraryGroup))
    .filter((g) => text(g.item.ValueType) === 'CONTAINER')
    .map((g) => ({ ...g, seriesUid: itemValue(childrenNamed(g.item, g.path, CONCEPT.seriesInstanceUid)[0]?.item ?? {}) }));
}

export const madoSeriesGroups = datasetRule({
  id: 'manifest.mado.series-groups',
  title: 'One Image Library Group per evidence series with its Series Instance UID, modality and number of instances matching the evidence',
  severity: 'error',
  requirements: ['MET-03', 'MET-07', 'GEN-02', 'RISK-MISSING'],
  specRef: 'IHE RAD MADO TF-3 6.X.2.9, Table 6.X.2.9-2; DICOM CP-2595 TID 1602',
  profiles: ['mado'],
  *check(ds) {
    if (imageLibraries(ds).length === 0) return; // manifest.mado.image-library reports the missing library once
    const bySeries = new Map<string, EvidenceSeries>();
    for (const s of evidenceSeries(ds)) if (s.seriesInstanceUid !== undefined) bySeries.set(s.seriesInstanceUid, s);
    const seriesOfInstance = new Map<string, string>();
    for (const s of bySeries.values()) for (const i of s.instances) if (i.sopInstanceUid !== undefined) seriesOfInstance.set(i.sopInstanceUid, s.seriesInstanceUid!);

    const grouped = new Map<string, string>();
    for (const group of groups(ds)) {
      if (group.seriesUid === undefined) {
        yield { path: group.path, message: 'Image Library Group without Series Instance UID', expected: `UIDREF ${showConcept(CONCEPT.seriesInstanceUid)}`, actual: '(absent)' };
        continue;
      }
      const series = bySeries.get(group.seriesUid);
      if (!series) {
        yield { path: group.path, message: `Image Library Group for series ${group.seriesUid}, which the evidence sequence does not list`, expected: 'a series of (0040,A375)', actual: group.seriesUid };
        continue;
      }
      const earlier = grouped.get(group.seriesUid);
      if (earlier !== undefined) yield { path: group.path, message: `second Image Library Group for series ${group.seriesUid}`, expected: 'one group per series', actual: `also at ${earlier}` };
      grouped.set(group.seriesUid, group.path);

      const modalities = childrenNamed(group.item, group.path, CONCEPT.modality);
      if (modalities.length !== 1) yield { path: group.path, message: `${modalities.length} Modality items in the group of series ${group.seriesUid}`, expected: `one ${showConcept(CONCEPT.modality)}`, actual: String(modalities.length) };
      for (const modality of modalities) yield* modalityProblems(modality);

      const counts = childrenNamed(group.item, group.path, CONCEPT.seriesRelatedInstances);
      const value = counts.length === 1 ? itemValue(counts[0]!.item) : undefined;
      if (counts.length !== 1 || value === undefined || Number(value) !== series.instances.length) {
        yield { path: counts[0]?.path ?? group.path, message: `Number of Series Related Instances of series ${group.seriesUid} does not match the evidence`, expected: String(series.instances.length), actual: counts.length === 1 ? value ?? '(no value)' : `${counts.length} items` };
      } else {
        const units = numUnits(counts[0]!.item);
        if (units?.value !== '{instances}' || units.scheme !== 'UCUM') yield { path: counts[0]!.path, severity: 'warning', message: 'Number of Series Related Instances not in UCUM {instances}', expected: '({instances}, UCUM, "instances")', actual: showCode(units) };
      }

      for (const entry of contentReferences(group.item)) {
        const owner = entry.sopInstanceUid === undefined ? undefined : seriesOfInstance.get(entry.sopInstanceUid);
        if (owner !== undefined && owner !== group.seriesUid) {
          yield { path: `${group.path}.${entry.path}`, message: `entry ${entry.sopInstanceUid} sits in the group of series ${group.seriesUid} but belongs to series ${owner}`, expected: group.seriesUid, actual: owner };
        }
      }
    }
    for (const [uid, series] of bySeries) {
      if (!grouped.has(uid)) yield { path: series.path, message: `series ${uid} has no Image Library Group`, expected: `a ${showConcept(CONCEPT.imageLibraryGroup)} naming it`, actual: '(none)' };
    }
  },
});

const DESCRIPTORS = [
  { concept: CONCEPT.seriesDate, valueType: 'DATE' },
  { concept: CONCEPT.seriesTime, valueType: 'TIME' },
  { concept: CONCEPT.seriesDescription, valueType: 'TEXT' },
  { concept: CONCEPT.seriesNumber, valueType: 'TEXT' },
  { concept: CONCEPT.targetRegion, valueType: 'CODE' },
] as const;

export const madoSeriesDescriptors = datasetRule({
  id: 'manifest.mado.series-descriptors',
  title: 'Each Image Library Group gives series date, time, description, number and target region (RC+), each with a value of the right type',
  severity: 'warning',
  requirements: ['GEN-03', 'IM-SERIES', 'MET-03'],
  specRef: 'IHE RAD MADO TF-3 Table 6.X.2.9-2; DICOM CP-2595 TID 1602',
  profiles: ['mado'],
  *check(ds) {
    for (const group of groups(ds)) {
      for (const { concept, valueType } of DESCRIPTORS) {
        const found = childrenNamed(group.item, group.path, concept)[0];
        if (!found) {
          yield { path: group.path, message: `group of series ${group.seriesUid ?? '?'} lacks ${concept.meaning}`, expected: `${valueType} ${showConcept(concept)}`, actual: '(absent)' };
        } else if (text(found.item.ValueType) !== valueType || itemValue(found.item) === undefined) {
          const actual = `${text(found.item.ValueType) ?? '?'} ${valueType === 'CODE' ? showCode(firstCode(found.item.ConceptCodeSequence)) : itemValue(found.item) ?? '(empty)'}`;
          yield { path: found.path, severity: 'error', message: `${concept.meaning} of series ${group.seriesUid ?? '?'} is not a ${valueType} with a value`, expected: valueType, actual };
        }
      }
    }
  },
});
