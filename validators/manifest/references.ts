/**
 * The two places a KOS names the instances it selects: the content tree (IMAGE, COMPOSITE and
 * WAVEFORM items, wherever they sit: at the root per TID 2010, or inside a TID 1600 Image Library
 * per MADO) and the Current Requested Procedure Evidence Sequence (study → series → instance).
 */
import { items, tagPath, text, under, type Item } from './dataset-access.ts';

export const REFERENCE_VALUE_TYPES: ReadonlySet<string> = new Set(['IMAGE', 'COMPOSITE', 'WAVEFORM']);

export interface ContentReference {
  readonly valueType: string;
  readonly sopClassUid: string | undefined;
  readonly sopInstanceUid: string | undefined;
  /** How many items the Referenced SOP Sequence holds (TID 2010 expects exactly one). */
  readonly itemCount: number;
  /** Path of the content item. */
  readonly path: string;
}

/** Walks the whole content tree depth first; the data set itself is the root content item. */
export function contentReferences(ds: Item): ContentReference[] {
  const out: ContentReference[] = [];
  const walk = (node: Item, path: string): void => {
    items(node.ContentSequence).forEach((child, n) => {
      const childPath = under(path, 'ContentSequence', n);
      const valueType = text(child.ValueType) ?? '';
      if (REFERENCE_VALUE_TYPES.has(valueType)) {
        const refs = items(child.ReferencedSOPSequence);
        out.push({
          valueType,
          sopClassUid: text(refs[0]?.ReferencedSOPClassUID),
          sopInstanceUid: text(refs[0]?.ReferencedSOPInstanceUID),
          itemCount: refs.length,
          path: childPath,
        });
      }
      walk(child, childPath);
    });
  };
  walk(ds, '');
  return out;
}

export interface EvidenceInstance {
  readonly studyInstanceUid: string | undefined;
  readonly seriesInstanceUid: string | undefined;
  readonly sopClassUid: string | undefined;
  readonly sopInstanceUid: string | undefined;
  readonly path: string;
}

export interface EvidenceSeries {
  readonly item: Item;
  readonly studyInstanceUid: string | undefined;
  readonly seriesInstanceUid: string | undefined;
  readonly instances: readonly EvidenceInstance[];
  readonly path: string;
}

export interface EvidenceStudy {
  readonly item: Item;
  readonly studyInstanceUid: string | undefined;
  readonly series: readonly EvidenceSeries[];
  readonly path: string;
}

export function evidenceStudies(ds: Item): EvidenceStudy[] {
  return items(ds.CurrentRequestedProcedureEvidenceSequence).map((study, s) => {
    const studyPath = tagPath('CurrentRequestedProcedureEvidenceSequence', s);
    const studyInstanceUid = text(study.StudyInstanceUID);
    return {
      item: study,
      studyInstanceUid,
      path: studyPath,
      series: items(study.ReferencedSeriesSequence).map((series, r) => {
        const seriesPath = under(studyPath, 'ReferencedSeriesSequence', r);
        const seriesInstanceUid = text(series.SeriesInstanceUID);
        return {
          item: series,
          studyInstanceUid,
          seriesInstanceUid,
          path: seriesPath,
          instances: items(series.ReferencedSOPSequence).map((sop, i) => ({
            studyInstanceUid,
            seriesInstanceUid,
            sopClassUid: text(sop.ReferencedSOPClassUID),
            sopInstanceUid: text(sop.ReferencedSOPInstanceUID),
            path: under(seriesPath, 'ReferencedSOPSequence', i),
          })),
        };
      }),
    };
  });
}

export function evidenceSeries(ds: Item): EvidenceSeries[] {
  return evidenceStudies(ds).flatMap((s) => s.series);
}

export function evidenceInstances(ds: Item): EvidenceInstance[] {
  return evidenceSeries(ds).flatMap((s) => s.instances);
}
