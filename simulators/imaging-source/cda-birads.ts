/**
 * BI-RADS assessment as a coded entry of the impression (UC-545): concept name DCM 111005
 * "Assessment Category" (TID 4200 family), value from DICOM CID 6027 "Assessment from BI-RADS",
 * which codes categories 0–5 in SNOMED CT and 4A/4B/4C/6 in the ACR BI-RADS lexicon (scheme BI).
 * Both the CDA and the FHIR renderer take their codes from this table, and the validators read
 * the category back through `biradsCategoryOf`.
 */
import type { BiradsCategory } from '../../fixtures/model.ts';
import { el, type XmlOut } from '../soap/xml-write.ts';
import { CODING_SCHEME } from './document-entry.ts';
import { codeAttrs, codeElement, dcm, type CdaCode } from './cda-values.ts';

/** DICOM coding scheme BI (ACR BI-RADS lexicon), PS3.16 Table 8-1. */
export const BI_RADS_SCHEME_OID = '1.2.840.10008.2.16.5';

export const BIRADS_ASSESSMENT_CONCEPT = dcm('111005', 'Assessment Category');

const sct = (code: string, displayName: string): CdaCode => ({ code, codeSystem: CODING_SCHEME.SCT, codeSystemName: 'SNOMED CT', displayName });
const bi = (code: string, displayName: string): CdaCode => ({ code, codeSystem: BI_RADS_SCHEME_OID, codeSystemName: 'BI', displayName });

export const BIRADS_CODE: Readonly<Record<BiradsCategory, CdaCode>> = {
  '0': sct('397138000', 'Mammography assessment (Category 0) - Need additional imaging evaluation'),
  '1': sct('397140005', 'Mammography assessment (Category 1) - Negative'),
  '2': sct('397141009', 'Mammography assessment (Category 2) - Benign finding'),
  '3': sct('397143007', 'Mammography assessment (Category 3) - Probably benign finding'),
  '4': sct('397144001', 'Mammography assessment (Category 4) - Suspicious abnormality'),
  '4A': bi('MA.II.A.5.4A', '4A - Low suspicion'),
  '4B': bi('MA.II.A.5.4B', '4B - Intermediate suspicion'),
  '4C': bi('MA.II.A.5.4C', '4C - Moderate suspicion'),
  '5': sct('397145000', 'Mammography assessment (Category 5) - Highly suggestive of malignancy'),
  '6': bi('MA.II.A.5.6', '6 - Known biopsy proven malignancy'),
};

/** The category a code stands for, matching on the code alone (systems differ between CDA OIDs and FHIR URIs). */
export function biradsCategoryOf(code: string): BiradsCategory | undefined {
  return (Object.entries(BIRADS_CODE) as [BiradsCategory, CdaCode][]).find(([, c]) => c.code === code)?.[0];
}

/** `<observation>` of the impression section stating the category. */
export function biradsObservation(category: BiradsCategory): XmlOut {
  return el('observation', { classCode: 'OBS', moodCode: 'EVN' },
    codeElement('code', BIRADS_ASSESSMENT_CONCEPT),
    el('statusCode', { code: 'completed' }),
    el('value', { 'xsi:type': 'CD', ...codeAttrs(BIRADS_CODE[category]) }));
}
