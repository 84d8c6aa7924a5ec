/**
 * DocumentEntry metadata of eHDSI Original Clinical Documents (OrCD, MyHealth@EU "ehdsi-orcd"
 * profile) for imaging: the report as PDF and the study's images as PNG/JPEG. Built on
 * `reportDocumentEntry`, so patient ids, times, event codes, reference ids, hash and size follow
 * exactly the rules of the XDS-I report entry; only the OrCD codes differ.
 *
 * Codes, as the eHDSI reference implementation (OpenNCP) writes them:
 * - classCode = typeCode (eHDSI rule): LOINC 18748-4 "Diagnostic imaging study" for the report,
 *   "x-clinical-image" "Medical Images" for images. "x-clinical-image" is an eHDSI pseudo-code,
 *   not a LOINC code, but OpenNCP sends it with the LOINC OID as codingScheme; we do the same so
 *   that an OpenNCP consumer finds the images by classCode.
 * - formatCode: urn:eHDSI:orcd:pdf:2021 / urn:eHDSI:orcd:jpeg:2021 / urn:eHDSI:orcd:png:2021,
 *   codingScheme "eHDSI formatCodes". The display names are ours (OpenNCP's could not be checked).
 * - eventCodeList: the imaging modalities and anatomic region, as for XDS-I. (OpenNCP fills it
 *   with the reason of hospitalisation for discharge reports; imaging has no such field.)
 */
import type { PersonName } from '../../fixtures/model.ts';
import { documentHash, reportDocumentEntry, type ImagingDocumentContext } from './document-metadata.ts';
import { CODING_SCHEME, type DocumentEntry, type XdsCode } from './document-entry.ts';
import { xon } from './hl7-values.ts';
import { DIAGNOSTIC_IMAGING_STUDY } from './xds-codes.ts';

export const EHDSI_FORMAT_CODES = 'eHDSI formatCodes';

export const ORCD_FORMAT_CODE = {
  pdf: { code: 'urn:eHDSI:orcd:pdf:2021', codingScheme: EHDSI_FORMAT_CODES, displayName: 'eHDSI OrCD PDF document' },
  jpeg: { code: 'urn:eHDSI:orcd:jpeg:2021', codingScheme: EHDSI_FORMAT_CODES, displayName: 'eHDSI OrCD JPEG image' },
  png: { code: 'urn:eHDSI:orcd:png:2021', codingScheme: EHDSI_FORMAT_CODES, displayName: 'eHDSI OrCD PNG image' },
} as const satisfies Record<string, XdsCode>;

/** classCode = typeCode of OrCD medical images. */
export const ORCD_MEDICAL_IMAGES: XdsCode = { code: 'x-clinical-image', codingScheme: CODING_SCHEME.LN, displayName: 'Medical Images' };

/** classCode = typeCode of an OrCD imaging report (the XDS-I report's code). */
export const ORCD_IMAGING_REPORT: XdsCode = DIAGNOSTIC_IMAGING_STUDY;

const IMAGE_FORMAT: Readonly<Record<OrcdImageMimeType, XdsCode>> = { 'image/png': ORCD_FORMAT_CODE.png, 'image/jpeg': ORCD_FORMAT_CODE.jpeg };

export type OrcdImageMimeType = 'image/png' | 'image/jpeg';

export interface OrcdReportInput {
  /** The PDF's own uniqueId (e.g. `PdfReport.uniqueId`), not the CDA's. */
  readonly uniqueId: string;
  readonly bytes: Uint8Array;
  /** Local `YYYYMMDDHHMMSS` of the report at the site. */
  readonly dateTime: string;
  readonly author: PersonName;
  readonly languageCode?: string;
  readonly title?: string;
}

export interface OrcdImageInput {
  readonly uniqueId: string;
  readonly bytes: Uint8Array;
  readonly mimeType: OrcdImageMimeType;
  /** Local `YYYYMMDDHHMMSS` the image was made (content/acquisition time, or the rendering time). */
  readonly dateTime: string;
  /** The radiologist, when a person selected the image; else only the institution authors it. */
  readonly author?: PersonName;
  readonly title?: string;
  readonly comments?: string;
}

function requireBytes(bytes: Uint8Array, what: string): void {
  if (bytes.byteLength === 0) throw new Error(`${what}: document bytes are empty`);
}

/** OrCD imaging report (PDF): classCode = typeCode 18748-4, formatCode urn:eHDSI:orcd:pdf:2021, hash/size of the PDF. */
export function orcdReportEntry(ctx: ImagingDocumentContext, pdf: OrcdReportInput): DocumentEntry {
  requireBytes(pdf.bytes, `OrCD report ${pdf.uniqueId}`);
  return reportDocumentEntry(ctx, { ...pdf, formatCode: ORCD_FORMAT_CODE.pdf, mimeType: 'application/pdf' });
}

/** OrCD medical image (PNG/JPEG): classCode = typeCode "x-clinical-image", formatCode by MIME type, hash/size of the image. */
export function orcdImageEntry(ctx: ImagingDocumentContext, image: OrcdImageInput): DocumentEntry {
  requireBytes(image.bytes, `OrCD image ${image.uniqueId}`);
  const formatCode = IMAGE_FORMAT[image.mimeType];
  if (!formatCode) throw new Error(`OrCD image ${image.uniqueId}: MIME type "${String(image.mimeType)}" has no eHDSI format code`);
  const base = reportDocumentEntry(ctx, {
    uniqueId: image.uniqueId,
    dateTime: image.dateTime,
    author: image.author ?? { family: '', given: '' },
    formatCode,
    mimeType: image.mimeType,
    ...(image.title ? { title: image.title } : {}),
    bytes: image.bytes,
  });
  const institution = [xon(ctx.institution.name, ctx.institution.oid)];
  return {
    ...base,
    classCode: ORCD_MEDICAL_IMAGES,
    typeCode: ORCD_MEDICAL_IMAGES,
    authors: image.author ? base.authors : [{ authorInstitution: institution }],
    ...(image.comments ? { comments: image.comments } : {}),
    ...documentHash(image.bytes),
  };
}
