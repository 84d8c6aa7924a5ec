/**
 * Format codes the imaging metadata rules judge against. Kept here, apart from the simulators'
 * own tables (simulators/imaging-source/xds-codes.ts, orcd-metadata.ts), so a mistake in what the
 * harness emits cannot also make the validator agree with it. Modality, scheme and LOINC value
 * sets shared with the other families live in validators/codes.
 */

import { DCM, DCMUID, LN, SCT } from '../codes/coding-schemes.ts';

/** codingScheme OIDs as XDS carries them in the `codingScheme` slot (the DICOM ones from validators/codes). */
export const SCHEME = {
  LOINC: LN.oid,
  SNOMED_CT: SCT.oid,
  DCM: DCM.oid,
  DICOM_UID_REGISTRY: DCMUID.oid,
  /** IHE format codes (ITI TF-3 / RAD TF-3 formatCode tables). */
  IHE_FORMAT_CODES: '1.3.6.1.4.1.19376.1.2.3',
  EHDSI_FORMAT_CODES: 'eHDSI formatCodes',
} as const;

export type FormatFamily = 'xds-i' | 'mado' | 'ehdsi';

export interface KnownFormat {
  readonly code: string;
  readonly codingScheme: string;
  readonly mimeTypes: readonly string[];
  readonly family: FormatFamily;
  /** A DICOM manifest (KOS/MADO) rather than a report or image: its uniqueId is a SOP Instance UID. */
  readonly manifest: boolean;
  readonly source: string;
}

export const KNOWN_FORMATS: readonly KnownFormat[] = [
  { code: '1.2.840.10008.5.1.4.1.1.88.59', codingScheme: SCHEME.DICOM_UID_REGISTRY, mimeTypes: ['application/dicom'], family: 'xds-i', manifest: true, source: 'RAD TF-3 4.68.4.1.2.3.2 (KOS manifest; also the DICOM MADO manifest)' },
  { code: 'urn:ihe:rad:TEXT', codingScheme: SCHEME.IHE_FORMAT_CODES, mimeTypes: ['text/plain'], family: 'xds-i', manifest: false, source: 'RAD TF-3 4.68.4.1.2.3.2 (plain text report)' },
  { code: 'urn:ihe:rad:PDF', codingScheme: SCHEME.IHE_FORMAT_CODES, mimeTypes: ['application/pdf'], family: 'xds-i', manifest: false, source: 'RAD TF-3 4.68.4.1.2.3.2 (PDF report)' },
  { code: 'urn:ihe:rad:CDA:ImagingReportStructuredHeadings:2013', codingScheme: SCHEME.IHE_FORMAT_CODES, mimeTypes: ['text/xml'], family: 'xds-i', manifest: false, source: 'RAD TF-3 4.68.4.1.2.3.2 / IHE RAD XRR-WD (CDA imaging report)' },
  // Marked "pending" in the IHE RAD MADO IG sources (IHE/RAD.MADO DocumentReference examples).
  { code: 'urn:ihe:rad:MADO:fhir-manifest:2026', codingScheme: SCHEME.IHE_FORMAT_CODES, mimeTypes: ['application/fhir+json', 'application/fhir+xml'], family: 'mado', manifest: true, source: 'IHE RAD MADO (FHIR manifest, format code pending)' },
  { code: 'urn:eHDSI:orcd:pdf:2021', codingScheme: SCHEME.EHDSI_FORMAT_CODES, mimeTypes: ['application/pdf'], family: 'ehdsi', manifest: false, source: 'eHDSI OrCD (PDF)' },
  { code: 'urn:eHDSI:orcd:jpeg:2021', codingScheme: SCHEME.EHDSI_FORMAT_CODES, mimeTypes: ['image/jpeg'], family: 'ehdsi', manifest: false, source: 'eHDSI OrCD (JPEG image)' },
  { code: 'urn:eHDSI:orcd:png:2021', codingScheme: SCHEME.EHDSI_FORMAT_CODES, mimeTypes: ['image/png'], family: 'ehdsi', manifest: false, source: 'eHDSI OrCD (PNG image)' },
];

export function knownFormat(code: string): KnownFormat | undefined {
  return KNOWN_FORMATS.find((f) => f.code === code);
}
