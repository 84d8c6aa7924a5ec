/**
 * The study-level TID 1600 Image Library a MADO manifest must carry (IHE RAD MADO TF-3 Table
 * 6.X.2.9-1): one Image Library CONTAINER under the root, with the study's modalities (CID 29/32,
 * DCM), its target regions and the number of series, which must match the evidence sequence, so
 * a consumer can list and filter the study (GEN-02, GEN-03, MET-03) without retrieving anything.
 */
import { DCM } from '../codes/coding-schemes.ts';
import { MODALITY_DEFINED_TERMS } from '../codes/modality-defined-terms.ts';
import type { RuleFinding } from '../rule.ts';
import { firstCode, showCode, tagPath, text, type Item } from './dataset-access.ts';
import { datasetRule } from './define-rule.ts';
import { evidenceSeries } from './references.ts';
import { childrenNamed, CONCEPT, itemValue, numUnits, showConcept, type ContentChild } from './sr-items.ts';

/** The Image Library container(s) under the root. */
export function imageLibraries(ds: Item): ContentChild[] {
  return childrenNamed(ds, '', CONCEPT.imageLibrary).filter((c) => text(c.item.ValueType) === 'CONTAINER');
}

/**
 * A CODE item whose value is a DICOM modality; shared with the series-level rule. CID 33 (CID 29 ∪
 * CID 32) is extensible and every current PS3.3 Modality defined term has a DCM code, so any of them is accepted.
 */
export function* modalityProblems(child: ContentChild): Generator<RuleFinding> {
  const code = firstCode(child.item.ConceptCodeSequence);
  if (text(child.item.ValueType) !== 'CODE' || !code) {
    yield { path: child.path, message: 'Modality is not a CODE item with a value', expected: 'CODE from CID 29/33 (DCM)', actual: text(child.item.ValueType) ?? '(no value type)' };
  } else if (code.scheme !== DCM.designator || code.value === undefined || !MODALITY_DEFINED_TERMS.has(code.value)) {
    yield { path: child.path, message: `modality ${showCode(code)} is not a DICOM modality code`, expected: 'a CID 29/33 code, scheme DCM', actual: showCode(code) };
  }
}

export const madoImageLibrary = datasetRule({
  id: 'manifest.mado.image-library',
  title: 'One TID 1600 Image Library with the study modalities (DCM), target regions and the number of study-related series equal to the evidence',
  severity: 'error',
  requirements: ['MET-03', 'GEN-02', 'GEN-03', 'RISK-MISSING'],
  specRef: 'IHE RAD MADO TF-3 6.X.2.9, Table 6.X.2.9-1; DICOM CP-2595 TID 1600',
  profiles: ['mado'],
  *check(ds) {
    const libraries = imageLibraries(ds);
    if (libraries.length !== 1) {
      yield { path: tagPath('ContentSequence'), message: `${libraries.length} Image Library containers under the root`, expected: `exactly one CONTAINS CONTAINER ${showConcept(CONCEPT.imageLibrary)}`, actual: String(libraries.length) };
      return;
    }
    const library = libraries[0]!;
    const modalities = childrenNamed(library.item, library.path, CONCEPT.modality);
    if (modalities.length === 0) yield { path: library.path, message: 'Image Library names no study modality', expected: `≥ 1 ${showConcept(CONCEPT.modality)}`, actual: '0' };
    for (const modality of modalities) yield* modalityProblems(modality);

    const regions = childrenNamed(library.item, library.path, CONCEPT.targetRegion);
    if (regions.length === 0) yield { path: library.path, message: 'Image Library names no target region', expected: `≥ 1 ${showConcept(CONCEPT.targetRegion)}`, actual: '0' };
    for (const region of regions) {
      const code = firstCode(region.item.ConceptCodeSequence);
      if (text(region.item.ValueType) !== 'CODE' || code?.value === undefined || code.scheme === undefined) {
        yield { path: region.path, message: 'Target Region is not a coded value', expected: 'CODE (SNOMED CT, CID IHE-MADO1)', actual: code ? showCode(code) : '(no code)' };
      }
    }

    const counts = childrenNamed(library.item, library.path, CONCEPT.studyRelatedSeries);
    const seriesInEvidence = evidenceSeries(ds).length;
    if (counts.length !== 1) {
      yield { path: library.path, message: `${counts.length} Number of Study Related Series items`, expected: `one NUM ${showConcept(CONCEPT.studyRelatedSeries)}`, actual: String(counts.length) };
    } else {
      const count = counts[0]!;
      const value = itemValue(count.item);
      if (text(count.item.ValueType) !== 'NUM' || value === undefined || Number(value) !== seriesInEvidence) {
        yield { path: count.path, message: 'Number of Study Related Series does not match the series in the evidence sequence', expected: String(seriesInEvidence), actual: value ?? '(no value)' };
      }
      const units = numUnits(count.item);
      if (units?.value !== '{series}' || units.scheme !== 'UCUM') yield { path: count.path, severity: 'warning', message: 'Number of Study Related Series not in UCUM {series}', expected: '({series}, UCUM, "series")', actual: showCode(units) };
    }
  },
});
