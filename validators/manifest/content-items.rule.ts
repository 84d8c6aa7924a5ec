/**
 * The children of the root CONTAINER are what TID 2010 allows (PS3.16; with the TID 1600 Image
 * Library that DICOM CP-2595 adds for MADO), and every reference item names exactly one instance.
 * An unexpected item (a nested report, a measurement) means the object is not a plain selection
 * and a consumer may drop or misread it.
 */
import { codeEquals, firstCode, items, showCode, tagPath, text, under } from './dataset-access.ts';
import { datasetRule } from './define-rule.ts';
import { contentReferences, REFERENCE_VALUE_TYPES } from './references.ts';

export const KEY_OBJECT_DESCRIPTION = { value: '113012', scheme: 'DCM' } as const;
export const IMAGE_LIBRARY = { value: '111028', scheme: 'DCM' } as const;
const LANGUAGE = { value: '121049', scheme: 'DCM' } as const;
const PROCEDURE_CODE = { value: '121023', scheme: 'DCM' } as const;

/** Why a root child is allowed, or undefined when TID 2010 has no row for it. */
function allowedRow(relationship: string | undefined, valueType: string | undefined, concept: ReturnType<typeof firstCode>): string | undefined {
  if (relationship === 'HAS OBS CONTEXT') return 'TID 1002 observer context';
  if (relationship === 'HAS CONCEPT MOD' && valueType === 'CODE' && (codeEquals(concept, LANGUAGE.value, LANGUAGE.scheme) || codeEquals(concept, PROCEDURE_CODE.value, PROCEDURE_CODE.scheme))) return 'language / procedure code';
  if (relationship !== 'CONTAINS') return undefined;
  if (valueType !== undefined && REFERENCE_VALUE_TYPES.has(valueType)) return 'selected instance';
  if (valueType === 'TEXT' && codeEquals(concept, KEY_OBJECT_DESCRIPTION.value, KEY_OBJECT_DESCRIPTION.scheme)) return 'Key Object Description';
  if (valueType === 'CONTAINER' && codeEquals(concept, IMAGE_LIBRARY.value, IMAGE_LIBRARY.scheme)) return 'TID 1600 Image Library';
  return undefined;
}

export const contentItemsTid2010 = datasetRule({
  id: 'manifest.content.items',
  title: 'Root content items are those TID 2010 allows; at least one instance is selected; each reference names one instance',
  severity: 'error',
  requirements: ['MET-07', 'RISK-MISSING'],
  specRef: 'DICOM PS3.16 TID 2010 (with CP-2595 TID 1600); PS3.3 C.17.3.2.5',
  *check(ds) {
    for (const [n, child] of items(ds.ContentSequence).entries()) {
      const relationship = text(child.RelationshipType);
      const valueType = text(child.ValueType);
      const concept = firstCode(child.ConceptNameCodeSequence);
      if (allowedRow(relationship, valueType, concept) !== undefined) continue;
      const actual = `${relationship ?? '?'} ${valueType ?? '?'} ${concept ? showCode(concept) : ''}`.trim();
      yield { path: tagPath('ContentSequence', n), message: `root content item ${actual} is not a TID 2010 row`, expected: 'CONTAINS IMAGE/COMPOSITE/WAVEFORM, CONTAINS TEXT (113012, DCM), observer context, or the TID 1600 Image Library', actual };
    }
    const refs = contentReferences(ds);
    if (refs.length === 0) yield { path: '(0040,A730)', message: 'the content tree selects no instance (no IMAGE, COMPOSITE or WAVEFORM item)', expected: '≥ 1 reference', actual: '0' };
    for (const ref of refs) {
      if (ref.itemCount !== 1) {
        yield { path: under(ref.path, 'ReferencedSOPSequence'), message: `${ref.valueType} item has ${ref.itemCount} Referenced SOP Sequence items`, expected: '1', actual: String(ref.itemCount) };
      } else if (ref.sopClassUid === undefined || ref.sopInstanceUid === undefined) {
        yield { path: under(ref.path, 'ReferencedSOPSequence', 0), message: `${ref.valueType} item lacks its Referenced SOP Class or Instance UID`, expected: 'both UIDs', actual: `class ${ref.sopClassUid ?? '(absent)'}, instance ${ref.sopInstanceUid ?? '(absent)'}` };
      }
    }
  },
});
