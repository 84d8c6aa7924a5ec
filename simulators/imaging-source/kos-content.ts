/**
 * The two reference structures of a Key Object Selection manifest: the TID 2010 content tree
 * (PS3.16) and the Current Requested Procedure Evidence Sequence (PS3.3 C.17.6.2, Hierarchical
 * SOP Instance Reference Macro, Table C.17-3) with the retrieve locations RAD-68 asks for at
 * series level. Pure functions from a `SourceStudy`.
 */
import type { Code } from '../../fixtures/model.ts';
import { codeItem } from '../../fixtures/dicom/values.ts';
import type { ManifestOptions, SourceInstance, SourceStudy } from './manifest-input.ts';

/** CID 7010 document title of an XDS-I manifest. */
export const MANIFEST_TITLE: Code = { code: '113030', scheme: 'DCM', meaning: 'Manifest' };
export const KEY_OBJECT_DESCRIPTION: Code = { code: '113012', scheme: 'DCM', meaning: 'Key Object Description' };
export const KOS_TEMPLATE = { MappingResource: 'DCMR', TemplateIdentifier: '2010' } as const;

export type ReferenceValueType = 'IMAGE' | 'WAVEFORM' | 'COMPOSITE';

const STORAGE = '1.2.840.10008.5.1.4.1.1.';

/**
 * Which TID 2010 row references an instance. Storage SOP classes that are not images (SR, KOS,
 * presentation states, encapsulated documents, registrations, RT plans…) are COMPOSITE; the
 * waveform family is WAVEFORM; everything else under the storage arc is an image.
 */
export function referenceValueType(sopClassUid: string): ReferenceValueType {
  if (!sopClassUid.startsWith(STORAGE)) return 'COMPOSITE';
  const rest = sopClassUid.slice(STORAGE.length);
  const family = rest.split('.')[0] ?? '';
  if (family === '9') return 'WAVEFORM';
  if (['88', '11', '104', '66', '67', '68', '90', '91', '200'].includes(family)) return 'COMPOSITE';
  // RT: only RT Image (481.1) is an image; dose, structure sets, plans and records are not.
  if (family === '481') return rest === '481.1' ? 'IMAGE' : 'COMPOSITE';
  return 'IMAGE';
}

function sopReference(instance: SourceInstance): Record<string, unknown> {
  return { ReferencedSOPClassUID: instance.sopClassUid, ReferencedSOPInstanceUID: instance.sopInstanceUid };
}

/** Every referenced instance in study order (series as given, instances as given). */
export function referencedInstances(study: SourceStudy): SourceInstance[] {
  return study.series.flatMap((s) => s.instances);
}

/** Content Sequence of the root CONTAINER: optional description, then one reference per instance. */
export function kosContentSequence(study: SourceStudy, description?: string): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  if (description !== undefined && description.trim() !== '') {
    items.push({
      RelationshipType: 'CONTAINS',
      ValueType: 'TEXT',
      ConceptNameCodeSequence: [codeItem(KEY_OBJECT_DESCRIPTION)],
      TextValue: description,
    });
  }
  for (const instance of referencedInstances(study)) {
    items.push({
      RelationshipType: 'CONTAINS',
      ValueType: referenceValueType(instance.sopClassUid),
      ReferencedSOPSequence: [sopReference(instance)],
    });
  }
  return items;
}

/** WADO-RS series resource (PS3.18 10.4.1): `{base}/studies/{study}/series/{series}`. */
export function wadoRsSeriesUrl(baseUrl: string, studyUid: string, seriesUid: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/studies/${studyUid}/series/${seriesUid}`;
}

/** Current Requested Procedure Evidence Sequence: one study item, one item per series with its retrieve locations. */
export function evidenceSequence(study: SourceStudy, options: ManifestOptions): Record<string, unknown>[] {
  return [
    {
      StudyInstanceUID: study.studyInstanceUid,
      ReferencedSeriesSequence: study.series.map((series) => ({
        SeriesInstanceUID: series.seriesInstanceUid,
        ...(options.wadoRsBaseUrl !== undefined && { RetrieveURL: wadoRsSeriesUrl(options.wadoRsBaseUrl, study.studyInstanceUid, series.seriesInstanceUid) }),
        RetrieveAETitle: options.retrieveAeTitle,
        RetrieveLocationUID: options.retrieveLocationUid,
        ReferencedSOPSequence: series.instances.map(sopReference),
      })),
    },
  ];
}
