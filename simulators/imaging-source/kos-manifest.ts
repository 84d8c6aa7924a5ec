/**
 * XDS-I.b manifest (IHE RAD TF-3 4.68.4.1.2.2): a Key Object Selection Document (PS3.3 A.35.4)
 * titled (113030, DCM, "Manifest") that references every instance of one study, with the
 * retrieve locations at series level. Deterministic: the same input gives the same bytes.
 */
import type { NaturalDataset } from 'dcmjs';
import { compose, type Module } from '../../fixtures/dicom/dataset.ts';
import { encodePart10 } from '../../fixtures/dicom/part10.ts';
import { SopClass } from '../../fixtures/dicom/sop-classes.ts';
import { deriveUid, implementationClassUid } from '../../fixtures/dicom/uids.ts';
import { codeItem, is, lo, pn, sh } from '../../fixtures/dicom/values.ts';
import { evidenceSequence, kosContentSequence, KOS_TEMPLATE, MANIFEST_TITLE, referencedInstances } from './kos-content.ts';
import type { KosManifestInput, SourceStudy } from './manifest-input.ts';

export const KOS_SOP_CLASS_UID = SopClass.KeyObjectSelection;

export interface KosManifest {
  /** Naturalized dcmjs dataset (without file meta). */
  readonly dataset: NaturalDataset;
  /** Part 10 file, Explicit VR Little Endian: the RAD-68 document (`application/dicom`). */
  readonly part10: Uint8Array;
  readonly sopClassUid: string;
  /** Also the DocumentEntry.uniqueId of the manifest (RAD TF-3 4.68.4.1.2.3.2). */
  readonly sopInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly studyInstanceUid: string;
  readonly referencedInstanceCount: number;
}

const DA = /^\d{8}$/;
const TM = /^\d{6}$/;

/** Refuses input that would produce an invalid or misleading manifest instead of papering over it. */
function check({ study, options }: KosManifestInput): void {
  const problems: string[] = [];
  if (study.series.length === 0) problems.push('study has no series');
  for (const s of study.series) if (s.instances.length === 0) problems.push(`series ${s.seriesInstanceUid} has no instances`);
  const uids = referencedInstances(study).map((i) => i.sopInstanceUid);
  const duplicate = uids.find((u, n) => uids.indexOf(u) !== n);
  if (duplicate) problems.push(`SOP Instance ${duplicate} listed twice`);
  if (!/^[\x20-\x7e]{1,16}$/.test(options.retrieveAeTitle) || options.retrieveAeTitle.includes('\\') || options.retrieveAeTitle.trim() === '') {
    problems.push(`retrieve AE title "${options.retrieveAeTitle}" is not a valid AE (1-16 printable characters)`);
  }
  if (options.wadoRsBaseUrl !== undefined && !/^https?:\/\//.test(options.wadoRsBaseUrl)) problems.push(`WADO-RS base URL "${options.wadoRsBaseUrl}" is not http(s)`);
  if (!DA.test(options.contentDate) || !TM.test(options.contentTime)) problems.push('contentDate/contentTime must be YYYYMMDD/HHMMSS');
  if (!DA.test(study.date) || !TM.test(study.time)) problems.push('study date/time must be YYYYMMDD/HHMMSS');
  if (study.accessionNumber.length > 16) problems.push(`accession ${study.accessionNumber} longer than SH allows`);
  if (problems.length > 0) throw new Error(`cannot build KOS manifest for study ${study.studyInstanceUid}: ${problems.join('; ')}`);
}

function patientModule({ patient }: KosManifestInput): Module {
  return {
    PatientName: pn(patient.name),
    PatientID: lo(patient.id),
    ...(patient.issuer.localId ? { IssuerOfPatientID: lo(patient.issuer.localId) } : {}),
    IssuerOfPatientIDQualifiersSequence: [{ UniversalEntityID: patient.issuer.oid, UniversalEntityIDType: 'ISO' }],
    PatientBirthDate: patient.birthDate ?? '',
    PatientSex: patient.sex ?? '',
  };
}

function accessionIssuer(study: SourceStudy): Record<string, unknown>[] {
  const { localId, oid } = study.accessionIssuer;
  return [{ ...(localId ? { LocalNamespaceEntityID: lo(localId) } : {}), UniversalEntityID: oid, UniversalEntityIDType: 'ISO' }];
}

function generalStudyModule({ study }: KosManifestInput): Module {
  return {
    StudyInstanceUID: study.studyInstanceUid,
    StudyDate: study.date,
    StudyTime: study.time,
    ReferringPhysicianName: study.referringPhysician ? pn(study.referringPhysician) : '',
    StudyID: sh(study.studyId ?? ''),
    AccessionNumber: study.accessionNumber,
    IssuerOfAccessionNumberSequence: accessionIssuer(study),
    ...(study.description ? { StudyDescription: lo(study.description) } : {}),
    ...(study.procedure ? { ProcedureCodeSequence: [codeItem(study.procedure)] } : {}),
  };
}

function keyObjectDocumentSeriesModule({ options }: KosManifestInput, seriesInstanceUid: string): Module {
  return {
    Modality: 'KO',
    SeriesInstanceUID: seriesInstanceUid,
    SeriesNumber: is(options.seriesNumber ?? 1),
    SeriesDate: options.contentDate,
    SeriesTime: options.contentTime,
    SeriesDescription: 'XDS-I manifest',
    ReferencedPerformedProcedureStepSequence: [],
  };
}

function generalEquipmentModule({ options }: KosManifestInput): Module {
  return {
    Manufacturer: 'ixh',
    ...(options.institutionName ? { InstitutionName: lo(options.institutionName) } : {}),
    ManufacturerModelName: 'ixh imaging document source',
    SoftwareVersions: '0.1',
  };
}

/** Referenced Request Sequence: the order the study fulfilled, identified by its accession number. */
function referencedRequest({ study }: KosManifestInput): Record<string, unknown> {
  return {
    StudyInstanceUID: study.studyInstanceUid,
    ReferencedStudySequence: [],
    AccessionNumber: study.accessionNumber,
    IssuerOfAccessionNumberSequence: accessionIssuer(study),
    PlacerOrderNumberImagingServiceRequest: '',
    FillerOrderNumberImagingServiceRequest: '',
    RequestedProcedureID: '',
    RequestedProcedureDescription: study.description ? lo(study.description) : '',
    RequestedProcedureCodeSequence: study.procedure ? [codeItem(study.procedure)] : [],
  };
}

function keyObjectDocumentModule(input: KosManifestInput): Module {
  const { options, study } = input;
  return {
    InstanceNumber: is(options.instanceNumber ?? 1),
    ContentDate: options.contentDate,
    ContentTime: options.contentTime,
    ReferencedRequestSequence: [referencedRequest(input)],
    CurrentRequestedProcedureEvidenceSequence: evidenceSequence(study, options),
  };
}

function srDocumentContentModule({ study, options }: KosManifestInput): Module {
  return {
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [codeItem(MANIFEST_TITLE)],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ ...KOS_TEMPLATE }],
    ContentSequence: kosContentSequence(study, options.description),
  };
}

function sopCommonModule({ options }: KosManifestInput, sopInstanceUid: string): Module {
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: KOS_SOP_CLASS_UID,
    SOPInstanceUID: sopInstanceUid,
    InstanceCreationDate: options.contentDate,
    InstanceCreationTime: options.contentTime,
  };
}

/**
 * The manifest's UIDs are hashes of what it says: one KO series per study, and an instance UID
 * that changes whenever the referenced set or the content time does (a replacement manifest,
 * RAD-68 RAD68-006, therefore gets a new UID).
 */
export function manifestUids(input: KosManifestInput): { seriesInstanceUid: string; sopInstanceUid: string } {
  const { study, options } = input;
  const refs = referencedInstances(study).map((i) => i.sopInstanceUid).sort();
  return {
    seriesInstanceUid: deriveUid(options.uidRoot, 'kos-series', study.studyInstanceUid),
    sopInstanceUid: deriveUid(options.uidRoot, 'kos-instance', study.studyInstanceUid, options.contentDate, options.contentTime, ...refs),
  };
}

export function buildKosManifest(input: KosManifestInput): KosManifest {
  check(input);
  const { seriesInstanceUid, sopInstanceUid } = manifestUids(input);
  const dataset = compose(
    sopCommonModule(input, sopInstanceUid),
    patientModule(input),
    generalStudyModule(input),
    keyObjectDocumentSeriesModule(input, seriesInstanceUid),
    generalEquipmentModule(input),
    keyObjectDocumentModule(input),
    srDocumentContentModule(input),
  );
  return {
    dataset,
    part10: encodePart10(dataset, implementationClassUid(input.options.uidRoot)),
    sopClassUid: KOS_SOP_CLASS_UID,
    sopInstanceUid,
    seriesInstanceUid,
    studyInstanceUid: input.study.studyInstanceUid,
    referencedInstanceCount: referencedInstances(input.study).length,
  };
}
