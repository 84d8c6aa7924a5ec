/**
 * The study description the imaging document source publishes from. Deliberately minimal and
 * explicit so that it can be filled from the fixtures world (`studyFromWorld`) or from a PACS
 * index row set alike; builders never walk the world or read a clock themselves.
 */
import type { Code, PersonName, Sex } from '../../fixtures/model.ts';

/** An assigning authority in its DICOM and HL7 forms: a local name (IssuerOfPatientID / HD.1) and an ISO OID. */
export interface AssigningAuthority {
  readonly localId?: string;
  readonly oid: string;
}

export interface SourcePatient {
  /** PatientID (0010,0020): the national identifier in the fixtures world. */
  readonly id: string;
  /** IssuerOfPatientID (0010,0021) is `issuer.localId`; the OID goes to the qualifiers sequence and to CX.4. */
  readonly issuer: AssigningAuthority;
  readonly name: PersonName;
  /** YYYYMMDD, empty or absent when unknown. */
  readonly birthDate?: string;
  readonly sex?: Sex;
}

export interface SourceInstance {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
}

export interface SourceSeries {
  readonly seriesInstanceUid: string;
  /** DICOM Modality (0008,0060) of the series, e.g. "MR". */
  readonly modality: string;
  readonly instances: readonly SourceInstance[];
}

export interface SourceStudy {
  readonly studyInstanceUid: string;
  readonly accessionNumber: string;
  /** Issuer of Accession Number: the facility's namespace id and OID. */
  readonly accessionIssuer: AssigningAuthority;
  /** YYYYMMDD / HHMMSS, local time of the acquiring facility. */
  readonly date: string;
  readonly time: string;
  readonly description?: string;
  readonly studyId?: string;
  readonly referringPhysician?: PersonName;
  /** LOINC procedure code of the study (RequestedProcedureCodeSequence). */
  readonly procedure?: Code;
  /** SNOMED CT anatomic region (CID 4); feeds the eventCodeList. */
  readonly anatomicRegion?: Code;
  readonly series: readonly SourceSeries[];
}

/** What a KOS manifest needs beyond the study: where the images are retrieved from, and who made it. */
export interface ManifestOptions {
  /** Retrieve AE Title (0008,0054) of the PACS serving the study (DIMSE C-MOVE/C-GET). */
  readonly retrieveAeTitle: string;
  /** Retrieve Location UID (0040,E011): the Imaging Document Source's repositoryUniqueId for RAD-69. */
  readonly retrieveLocationUid: string;
  /** WADO-RS service base URL, e.g. "http://127.0.0.1:8042/dicom-web"; without it the series carry no RetrieveURL (a source with no WADO-RS must not advertise one). */
  readonly wadoRsBaseUrl?: string;
  /** Root under which the manifest's own UIDs (series, instance) are derived. */
  readonly uidRoot: string;
  /** ContentDate/ContentTime (YYYYMMDD, HHMMSS): the caller's clock, so output stays deterministic. */
  readonly contentDate: string;
  readonly contentTime: string;
  /** Optional Key Object Description (113012, DCM) text. */
  readonly description?: string;
  readonly institutionName?: string;
  /** Defaults 1 and 1; the KO series is separate from the image series. */
  readonly seriesNumber?: number;
  readonly instanceNumber?: number;
}

export interface KosManifestInput {
  readonly patient: SourcePatient;
  readonly study: SourceStudy;
  readonly options: ManifestOptions;
}
