/**
 * XDS-I.b imaging document metadata (IHE RAD TF-3 4.68.4.1.2.3): DocumentEntry for a KOS
 * manifest and for the study's imaging report, and the SubmissionSet that carries them. Pure:
 * every time and identifier comes from the input.
 */
import { createHash } from 'node:crypto';
import type { PersonName } from '../../fixtures/model.ts';
import {
  REFERENCE_ID_TYPE,
  XDS_UUID,
  type DocumentEntry,
  type SubmissionSet,
  type XdsAuthor,
  type XdsCode,
} from './document-entry.ts';
import { cx, cxTyped, derivedUrnUuid, hl7Escape, xcn, xon } from './hl7-values.ts';
import type { KosManifest } from './kos-manifest.ts';
import type { SourcePatient, SourceStudy } from './manifest-input.ts';
import {
  CONFIDENTIALITY_NORMAL,
  DIAGNOSTIC_IMAGING_STUDY,
  KOS_FORMAT_CODE,
  modalityCode,
  xdsCode,
} from './xds-codes.ts';
import { localToXdsUtc, splitDateTime } from './xds-time.ts';

/** What both document entries of a study share. */
export interface ImagingDocumentContext {
  readonly patient: SourcePatient;
  /**
   * The XDS affinity domain's patient id when it differs from the source one (e.g. a national
   * id under the country's scheme OID). Defaults to the source patient id and issuer OID.
   */
  readonly domainPatientId?: { readonly id: string; readonly oid: string };
  readonly study: SourceStudy;
  /** IANA zone of the site's DICOM clock, e.g. "Europe/Paris". */
  readonly timeZone: string;
  /** RFC 5646, e.g. "fr-FR". */
  readonly languageCode: string;
  readonly institution: { readonly name: string; readonly oid?: string };
  readonly healthcareFacilityTypeCode: XdsCode;
  readonly practiceSettingCode: XdsCode;
  readonly confidentialityCode?: XdsCode;
  readonly repositoryUniqueId?: string;
}

export interface KosEntryOptions {
  readonly classCode?: XdsCode;
  readonly typeCode?: XdsCode;
  readonly title?: string;
  readonly comments?: string;
}

export interface ReportEntryInput {
  /** The report's document unique id (OID). */
  readonly uniqueId: string;
  /** Local `YYYYMMDDHHMMSS` at the site (the world model's Report.dateTime). */
  readonly dateTime: string;
  readonly author: PersonName;
  readonly formatCode: XdsCode;
  /** e.g. "text/xml" for CDA, "application/pdf" for eHDSI ORCD. */
  readonly mimeType: string;
  readonly languageCode?: string;
  readonly title?: string;
  readonly bytes?: Uint8Array;
}

export interface SubmissionSetInput {
  readonly uniqueId: string;
  readonly sourceId: string;
  /** UTC `YYYYMMDDhhmmss`, from the caller's clock. */
  readonly submissionTime: string;
  readonly contentTypeCode: XdsCode;
  /** CX of the affinity domain patient, normally a DocumentEntry's `patientId`. */
  readonly patientId: string;
  readonly authors?: readonly XdsAuthor[];
  readonly title?: string;
  readonly comments?: string;
}

const UTC_DTM = /^\d{14}$/;

/** eventCodeList: the acquisition modalities of the study's series (CID 29, once each, in series order) and its anatomic region (CID 4). */
export function imagingEventCodes(study: SourceStudy): XdsCode[] {
  const codes: XdsCode[] = [];
  for (const series of study.series) {
    const code = modalityCode(series.modality);
    if (code && !codes.some((c) => c.code === code.code && c.codingScheme === code.codingScheme)) codes.push(code);
  }
  if (study.anatomicRegion) codes.push(xdsCode(study.anatomicRegion));
  return codes;
}

/** referenceIdList: accession number under its issuer, and the Study Instance UID. */
export function imagingReferenceIds(study: SourceStudy): string[] {
  return [
    cx(study.accessionNumber, study.accessionIssuer.oid, REFERENCE_ID_TYPE.accession),
    cxTyped(study.studyInstanceUid, REFERENCE_ID_TYPE.studyInstanceUid),
  ];
}

export function documentHash(bytes: Uint8Array): { hash: string; size: number } {
  return { hash: createHash('sha1').update(bytes).digest('hex'), size: bytes.byteLength };
}

function patientIds(ctx: ImagingDocumentContext): { patientId: string; sourcePatientId: string; sourcePatientInfo: string[] } {
  const { patient } = ctx;
  const sourcePatientId = cx(patient.id, patient.issuer.oid);
  const domain = ctx.domainPatientId ?? { id: patient.id, oid: patient.issuer.oid };
  const info = [`PID-3|${sourcePatientId}`, `PID-5|${hl7Escape(patient.name.family)}^${hl7Escape(patient.name.given)}`];
  if (patient.birthDate) info.push(`PID-7|${patient.birthDate}`);
  if (patient.sex) info.push(`PID-8|${patient.sex}`);
  return { patientId: cx(domain.id, domain.oid), sourcePatientId, sourcePatientInfo: info };
}

function commonFields(ctx: ImagingDocumentContext) {
  return {
    objectType: XDS_UUID.documentEntry.objectTypeStable,
    ...patientIds(ctx),
    languageCode: ctx.languageCode,
    confidentialityCode: [ctx.confidentialityCode ?? CONFIDENTIALITY_NORMAL],
    healthcareFacilityTypeCode: ctx.healthcareFacilityTypeCode,
    practiceSettingCode: ctx.practiceSettingCode,
    serviceStartTime: localToXdsUtc(ctx.study.date, ctx.study.time, ctx.timeZone),
    eventCodeList: imagingEventCodes(ctx.study),
    referenceIdList: imagingReferenceIds(ctx.study),
    ...(ctx.repositoryUniqueId ? { repositoryUniqueId: ctx.repositoryUniqueId } : {}),
  };
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`KOS dataset lacks ${what}`);
  return value;
}

/** DocumentEntry of a KOS manifest: uniqueId = its SOP Instance UID, mimeType application/dicom, formatCode the KOS SOP class. */
export function kosDocumentEntry(ctx: ImagingDocumentContext, manifest: KosManifest, options: KosEntryOptions = {}): DocumentEntry {
  if (manifest.studyInstanceUid !== ctx.study.studyInstanceUid) {
    throw new Error(`manifest is for study ${manifest.studyInstanceUid}, context for ${ctx.study.studyInstanceUid}`);
  }
  const contentDate = text(manifest.dataset.ContentDate, 'ContentDate');
  const contentTime = text(manifest.dataset.ContentTime, 'ContentTime');
  return {
    entryUuid: derivedUrnUuid('document-entry', manifest.sopInstanceUid),
    uniqueId: manifest.sopInstanceUid,
    ...commonFields(ctx),
    classCode: options.classCode ?? DIAGNOSTIC_IMAGING_STUDY,
    typeCode: options.typeCode ?? DIAGNOSTIC_IMAGING_STUDY,
    formatCode: KOS_FORMAT_CODE,
    mimeType: 'application/dicom',
    creationTime: localToXdsUtc(contentDate, contentTime, ctx.timeZone),
    authors: [{ authorInstitution: [xon(ctx.institution.name, ctx.institution.oid)] }],
    title: options.title ?? ctx.study.description ?? 'Imaging study manifest',
    ...(options.comments ? { comments: options.comments } : {}),
    ...documentHash(manifest.part10),
  };
}

/** DocumentEntry of the study's imaging report: class and type LOINC 18748-4, formatCode as given. */
export function reportDocumentEntry(ctx: ImagingDocumentContext, report: ReportEntryInput): DocumentEntry {
  const { date, time } = splitDateTime(report.dateTime);
  return {
    entryUuid: derivedUrnUuid('document-entry', report.uniqueId),
    uniqueId: report.uniqueId,
    ...commonFields(ctx),
    ...(report.languageCode ? { languageCode: report.languageCode } : {}),
    classCode: DIAGNOSTIC_IMAGING_STUDY,
    typeCode: DIAGNOSTIC_IMAGING_STUDY,
    formatCode: report.formatCode,
    mimeType: report.mimeType,
    creationTime: localToXdsUtc(date, time, ctx.timeZone),
    authors: [{ authorPerson: xcn(report.author), authorInstitution: [xon(ctx.institution.name, ctx.institution.oid)] }],
    title: report.title ?? ctx.study.description ?? 'Imaging report',
    ...(report.bytes ? documentHash(report.bytes) : {}),
  };
}

export function buildSubmissionSet(input: SubmissionSetInput): SubmissionSet {
  if (!UTC_DTM.test(input.submissionTime)) throw new Error(`submissionTime must be UTC YYYYMMDDhhmmss, got "${input.submissionTime}"`);
  return {
    entryUuid: derivedUrnUuid('submission-set', input.uniqueId),
    uniqueId: input.uniqueId,
    sourceId: input.sourceId,
    submissionTime: input.submissionTime,
    contentTypeCode: input.contentTypeCode,
    patientId: input.patientId,
    authors: input.authors ?? [],
    ...(input.title ? { title: input.title } : {}),
    ...(input.comments ? { comments: input.comments } : {}),
  };
}
