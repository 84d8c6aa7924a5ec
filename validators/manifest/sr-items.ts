/**
 * Reading SR content items of the TID 1600 Image Library (DICOM CP-2595 as profiled by IHE RAD
 * MADO): finding a child by its concept name and reading its value by value type. MADO's trial
 * codes use the temporary scheme 99IHE (MADOTEMPnnn) while CP-2595 names placeholders dddnnn in
 * DCM; both are accepted so a manifest made before or after the final codes is judged alike.
 */
import { codeEquals, firstCode, items, text, under, type CodeValue, type Item } from './dataset-access.ts';

export interface Concept {
  readonly value: string;
  readonly scheme: string;
  readonly meaning: string;
  /** The CP-2595 placeholder for a MADO trial code. */
  readonly placeholder?: string;
}

const mado = (n: string, meaning: string): Concept => ({ value: `MADOTEMP${n}`, scheme: '99IHE', meaning, placeholder: `ddd${n}` });

export const CONCEPT = {
  imageLibrary: { value: '111028', scheme: 'DCM', meaning: 'Image Library' },
  imageLibraryGroup: { value: '126200', scheme: 'DCM', meaning: 'Image Library Group' },
  modality: { value: '121139', scheme: 'DCM', meaning: 'Modality' },
  targetRegion: { value: '123014', scheme: 'DCM', meaning: 'Target Region' },
  seriesInstanceUid: { value: '112002', scheme: 'DCM', meaning: 'Series Instance UID' },
  seriesNumber: { value: '113607', scheme: 'DCM', meaning: 'Series Number' },
  seriesDescription: mado('002', 'Series Description'),
  seriesDate: mado('003', 'Series Date'),
  seriesTime: mado('004', 'Series Time'),
  seriesRelatedInstances: mado('007', 'Number of Series Related Instances'),
  studyRelatedSeries: mado('009', 'Number of Study Related Series'),
} as const satisfies Record<string, Concept>;

export function isConcept(code: CodeValue | undefined, concept: Concept): boolean {
  return codeEquals(code, concept.value, concept.scheme) || (concept.placeholder !== undefined && codeEquals(code, concept.placeholder, 'DCM'));
}

export function showConcept(concept: Concept): string {
  return `(${concept.value}, ${concept.scheme}, "${concept.meaning}")`;
}

export interface ContentChild {
  readonly item: Item;
  readonly path: string;
}

/** Children of a content item whose concept name is `concept`. */
export function childrenNamed(parent: Item, parentPath: string, concept: Concept): ContentChild[] {
  const out: ContentChild[] = [];
  items(parent.ContentSequence).forEach((item, n) => {
    if (isConcept(firstCode(item.ConceptNameCodeSequence), concept)) out.push({ item, path: under(parentPath, 'ContentSequence', n) });
  });
  return out;
}

/** The value an item carries for its value type, as text; undefined when empty or of another type. */
export function itemValue(item: Item): string | undefined {
  switch (text(item.ValueType)) {
    case 'CODE': return firstCode(item.ConceptCodeSequence)?.value;
    case 'TEXT': return text(item.TextValue);
    case 'UIDREF': return text(item.UID);
    case 'DATE': return text(item.Date);
    case 'TIME': return text(item.Time);
    case 'NUM': return text(items(item.MeasuredValueSequence)[0]?.NumericValue);
    default: return undefined;
  }
}

export function numUnits(item: Item): CodeValue | undefined {
  return firstCode(items(item.MeasuredValueSequence)[0]?.MeasurementUnitsCodeSequence);
}
