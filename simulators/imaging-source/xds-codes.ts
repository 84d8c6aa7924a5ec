/**
 * Code values for imaging document metadata: DICOM modality codes (CID 29) and the mapping of
 * DICOM coding scheme designators to the OIDs XDS carries in its `codingScheme` slot.
 */
import type { Code } from '../../fixtures/model.ts';
import { CODING_SCHEME, type XdsCode } from './document-entry.ts';

/** CID 29 Acquisition Modality (PS3.16), the subset a radiology PACS commonly holds. */
const ACQUISITION_MODALITY: Readonly<Record<string, string>> = {
  BMD: 'Bone Mineral Densitometry',
  CR: 'Computed Radiography',
  CT: 'Computed Tomography',
  DX: 'Digital Radiography',
  ES: 'Endoscopy',
  IO: 'Intra-oral Radiography',
  MG: 'Mammography',
  MR: 'Magnetic Resonance',
  NM: 'Nuclear Medicine',
  OP: 'Ophthalmic Photography',
  PT: 'Positron emission tomography',
  PX: 'Panoramic X-Ray',
  RF: 'Radio Fluoroscopy',
  SM: 'Slide Microscopy',
  US: 'Ultrasound',
  XA: 'X-Ray Angiography',
  XC: 'External-camera Photography',
};

/**
 * Modalities of derived or non-image objects (CID 33 but not CID 29). They are left out of the
 * eventCodeList on purpose: RAD TF-3 asks for the acquisition modalities of the study.
 */
const NOT_ACQUISITION = new Set(['SR', 'KO', 'PR', 'DOC', 'REG', 'SEG', 'RWV', 'FID', 'PLAN', 'OT', 'AU', 'ECG', 'HD']);

/** The CID 29 code of a modality; undefined for a non-acquisition modality; throws for one this table does not know. */
export function modalityCode(modality: string): XdsCode | undefined {
  if (NOT_ACQUISITION.has(modality)) return undefined;
  const meaning = ACQUISITION_MODALITY[modality];
  if (!meaning) throw new Error(`modality "${modality}" has no CID 29 code in this table; add it to xds-codes.ts`);
  return { code: modality, codingScheme: CODING_SCHEME.DCM, displayName: meaning };
}

const SCHEME_OID: Readonly<Record<string, string>> = {
  LN: CODING_SCHEME.LN,
  SCT: CODING_SCHEME.SCT,
  DCM: CODING_SCHEME.DCM,
};

/** A model `Code` (DICOM designator) as an XDS code (OID coding scheme). Unknown designators throw rather than leak through. */
export function xdsCode(code: Code): XdsCode {
  const scheme = SCHEME_OID[code.scheme];
  if (!scheme) throw new Error(`coding scheme designator "${code.scheme}" (code ${code.code}) has no known OID`);
  return { code: code.code, codingScheme: scheme, displayName: code.meaning };
}

/** RAD TF-3 4.68.4.1.2.3.2: the formatCode of a DICOM KOS manifest. */
export const KOS_FORMAT_CODE: XdsCode = {
  code: '1.2.840.10008.5.1.4.1.1.88.59',
  codingScheme: CODING_SCHEME.DICOM_UID_REGISTRY,
  displayName: 'Key Object Selection Document',
};

/** IHE XDS-I.b imaging report with structured headings (RAD TF-3 4.68.4.1.2.3.2). */
export const IHE_IMAGING_REPORT_FORMAT_CODE: XdsCode = {
  code: 'urn:ihe:rad:CDA:ImagingReportStructuredHeadings:2013',
  codingScheme: '1.3.6.1.4.1.19376.1.2.3',
  displayName: 'Imaging Report with Structured Headings',
};

export const DIAGNOSTIC_IMAGING_STUDY: XdsCode = { code: '18748-4', codingScheme: CODING_SCHEME.LN, displayName: 'Diagnostic imaging study' };

/** HL7 Confidentiality N (normal), the default of a shared imaging document. */
export const CONFIDENTIALITY_NORMAL: XdsCode = { code: 'N', codingScheme: CODING_SCHEME.CONFIDENTIALITY, displayName: 'normal' };

export const HOSPITAL_FACILITY_TYPE: XdsCode = { code: '22232009', codingScheme: CODING_SCHEME.SCT, displayName: 'Hospital' };
export const RADIOLOGY_PRACTICE_SETTING: XdsCode = { code: '394914008', codingScheme: CODING_SCHEME.SCT, displayName: 'Radiology' };
