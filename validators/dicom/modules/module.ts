/**
 * Module attribute tables as data (PS3.3 Annex C). Only what a verdict needs is listed: Type 1,
 * 1C, 2 and 2C attributes, and Type 3 sequences whose items carry Type 1 attributes (a Type 3
 * sequence, once sent, must be complete). A condition is kept in words always and as a predicate
 * when it can be decided from the data set; a 1C/2C without a predicate is only checked for
 * emptiness when present.
 */
import { getElement, isEmpty, sequenceItems, tagKey, type DicomDataset } from '../dicom-subject.ts';
import { tagOf } from '../dictionary.ts';

export type AttributeType = '1' | '1C' | '2' | '2C' | '3';

/**
 * What a condition sees: the item (or top-level data set) the attribute sits in, the whole data
 * set, and the SOP Class the IOD table was chosen by (the data set's own, else the meta header's:
 * a condition on the IOD must not misfire when the data set lost its SOP Class UID).
 */
export interface ConditionScope {
  readonly item: DicomDataset;
  readonly root: DicomDataset;
  readonly sopClassUid: string;
}

export interface Condition {
  readonly text: string;
  readonly holds?: (scope: ConditionScope) => boolean;
}

export interface AttributeDef {
  readonly keyword: string;
  readonly tag: string;
  readonly type: AttributeType;
  readonly condition?: Condition;
  /** For sequences: what each item must hold. */
  readonly items?: readonly AttributeDef[];
}

export interface ModuleDef {
  readonly name: string;
  /** e.g. "DICOM PS3.3 C.7.1.1". */
  readonly specRef: string;
  readonly attributes: readonly AttributeDef[];
}

export function attr(keyword: string, type: AttributeType, extra: { condition?: Condition; items?: readonly AttributeDef[] } = {}): AttributeDef {
  return { keyword, tag: tagOf(keyword), type, ...extra };
}

export function module(name: string, section: string, attributes: readonly AttributeDef[]): ModuleDef {
  return { name, specRef: `DICOM PS3.3 ${section}`, attributes };
}

// Predicate helpers over one scope. Tags are keywords, resolved once.
export const has = (keyword: string) => {
  const t = tagOf(keyword);
  return ({ item }: ConditionScope): boolean => item[t] !== undefined;
};
export const hasValue = (keyword: string) => {
  const t = tagOf(keyword);
  return ({ item }: ConditionScope): boolean => item[t] !== undefined && !isEmpty(item[t]!);
};
export const rootValue = (keyword: string) => {
  const t = tagOf(keyword);
  return ({ root }: ConditionScope): string[] => (root[t]?.Value ?? []).map((v) => String(v ?? '').trim());
};
export const not = (p: (s: ConditionScope) => boolean) => (s: ConditionScope): boolean => !p(s);
export const any = (...ps: ((s: ConditionScope) => boolean)[]) => (s: ConditionScope): boolean => ps.some((p) => p(s));

export function items(ds: DicomDataset, keyword: string): DicomDataset[] {
  return sequenceItems(getElement(ds, [{ tag: tagKey(tagOf(keyword)) }]));
}

/** PS3.3 Table 8.8-1 Code Sequence Macro (basic attributes only). */
export const CODE_ITEM: readonly AttributeDef[] = [
  attr('CodeValue', '1C', { condition: { text: 'Required if Long Code Value and URN Code Value are absent', holds: not(any(has('LongCodeValue'), has('URNCodeValue'))) } }),
  attr('CodingSchemeDesignator', '1C', { condition: { text: 'Required if Code Value or Long Code Value is present', holds: any(has('CodeValue'), has('LongCodeValue')) } }),
  attr('CodeMeaning', '1'),
];

/** PS3.3 Table 8.8-1b Code Sequence Macro with Code Meaning optional (e.g. NM/PET orientation, NM radionuclide). */
export const CODE_ITEM_MEANING_OPTIONAL: readonly AttributeDef[] = CODE_ITEM.filter((a) => a.keyword !== 'CodeMeaning');

/** First value of a top-level attribute of the data set, as a trimmed string ('' when absent). */
export const rootFirst = (keyword: string) => {
  const t = tagOf(keyword);
  return ({ root }: ConditionScope): string => String(root[t]?.Value?.[0] ?? '').trim();
};

/** Value `n` (1-based, as PS3.3 counts) of Image Type or Series Type, say. */
export const rootValueN = (keyword: string, n: number) => {
  const values = rootValue(keyword);
  return (s: ConditionScope): string => values(s)[n - 1] ?? '';
};

/** PS3.3 Table 10-17 HL7v2 Hierarchic Designator Macro. */
export const HIERARCHIC_DESIGNATOR_ITEM: readonly AttributeDef[] = [
  attr('LocalNamespaceEntityID', '1C', { condition: { text: 'Required if Universal Entity ID is absent', holds: not(has('UniversalEntityID')) } }),
  attr('UniversalEntityID', '1C', { condition: { text: 'Required if Local Namespace Entity ID is absent', holds: not(has('LocalNamespaceEntityID')) } }),
  attr('UniversalEntityIDType', '1C', { condition: { text: 'Required if Universal Entity ID is present', holds: has('UniversalEntityID') } }),
];

/** PS3.3 Table 10-11 SOP Instance Reference Macro. */
export const SOP_INSTANCE_REFERENCE_ITEM: readonly AttributeDef[] = [attr('ReferencedSOPClassUID', '1'), attr('ReferencedSOPInstanceUID', '1')];
