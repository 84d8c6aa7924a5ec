/**
 * Pregnancy status as SNOMED CT findings. DICOM carries it as Pregnancy Status (0010,21C0), an
 * enumerated value (PS3.3 C.7.1.3: 1 not pregnant, 2 possibly pregnant, 3 definitely pregnant,
 * 4 unknown); reports and the seed's information model (Annex III §10.7 PregnancyStatusCodelist)
 * code it in SNOMED CT.
 */

export interface PregnancyCode {
  readonly code: string;
  readonly scheme: 'SCT';
  readonly meaning: string;
}

export const PREGNANT = '77386006';
export const NOT_PREGNANT = '60001007';
export const POSSIBLE_PREGNANCY = '102874004';
export const PREGNANCY_UNKNOWN = '261665006';

/** Pregnancy Status (0010,21C0) enumerated value → SNOMED CT. */
export const PREGNANCY_STATUS_BY_DICOM_VALUE: Readonly<Record<number, PregnancyCode>> = {
  1: { code: NOT_PREGNANT, scheme: 'SCT', meaning: 'Not pregnant' },
  2: { code: POSSIBLE_PREGNANCY, scheme: 'SCT', meaning: 'Possible pregnancy' },
  3: { code: PREGNANT, scheme: 'SCT', meaning: 'Pregnant' },
  4: { code: PREGNANCY_UNKNOWN, scheme: 'SCT', meaning: 'Unknown' },
};

/**
 * The seed's PregnancyStatusCodelist (Annex III §10.7). It has no "possible pregnancy": DICOM value 2
 * maps to 102874004, which the seed's list does not admit, and the information-model rule says so.
 */
export const SEED_PREGNANCY_STATUS: readonly { readonly code: string; readonly meaning: string }[] = [
  { code: PREGNANT, meaning: 'Pregnant' },
  { code: NOT_PREGNANT, meaning: 'Not pregnant' },
  { code: PREGNANCY_UNKNOWN, meaning: 'Unknown' },
];
