/**
 * BI-RADS assessment categories: DICOM PS3.16 CID 6027 "Assessment from BI-RADS"
 * (1.2.840.10008.6.1.357), SNOMED CT for 0–5 and the ACR BI-RADS lexicon (designator BI) for
 * 4A/4B/4C/6, as the value of the DCM 111005 "Assessment Category" concept.
 */

/** DCM 111005 "Assessment Category": the concept of a BI-RADS assessment entry. */
export const BIRADS_CONCEPT = '111005';

/** CID 6027 code → BI-RADS category. */
export const BIRADS_CATEGORY_BY_CODE: Readonly<Record<string, string>> = {
  '397138000': '0', '397140005': '1', '397141009': '2', '397143007': '3', '397144001': '4', '397145000': '5',
  'MA.II.A.5.4A': '4A', 'MA.II.A.5.4B': '4B', 'MA.II.A.5.4C': '4C', 'MA.II.A.5.6': '6',
};

export function biradsCategory(code: string): string | undefined {
  return Object.hasOwn(BIRADS_CATEGORY_BY_CODE, code) ? BIRADS_CATEGORY_BY_CODE[code] : undefined;
}

/** `{ category }` when the code is a CID 6027 category, `{}` otherwise: for spreading into an extracted value. */
export function biradsCategoryField(code: string): { readonly category?: string } {
  const category = biradsCategory(code);
  return category === undefined ? {} : { category };
}
