/**
 * XDS metadata as plain typed values (ITI TF-3 4.2.3.2 DocumentEntry, 4.2.3.3 SubmissionSet),
 * already in their wire string forms (CX, XCN, XON, DTM) but free of any ebRIM serialisation.
 * docs/imaging-source.md maps every field to its ebRIM slot, classification or external
 * identifier, with the scheme UUIDs below.
 */
import { DocScheme, Node, ObjectType, SubmissionScheme } from '../registry/xds-constants.ts';

/** A coded value as XDS carries it: nodeRepresentation, codingScheme slot, Name. */
export interface XdsCode {
  readonly code: string;
  /** Value of the `codingScheme` slot: an OID (e.g. LOINC 2.16.840.1.113883.6.1) or a registered designator. */
  readonly codingScheme: string;
  readonly displayName: string;
}

/** One author classification (ITI TF-3 4.2.3.1.4): each field is already an HL7 v2 string. */
export interface XdsAuthor {
  /** XCN, e.g. `^Lefèvre^Hélène^^^`. */
  readonly authorPerson?: string;
  /** XON, e.g. `Hôpital Pitié-Salpêtrière^^^^^^^^^1.2.250.99` (identifier in XON.10 when known). */
  readonly authorInstitution: readonly string[];
  readonly authorRole?: readonly string[];
  readonly authorSpecialty?: readonly string[];
}

export interface DocumentEntry {
  /** urn:uuid derived from uniqueId, so a rebuilt entry keeps its id; serializers may replace it with a symbolic id. */
  readonly entryUuid: string;
  /** urn:uuid:7edca82f-… (stable) */
  readonly objectType: string;
  readonly uniqueId: string;
  /** Affinity-domain patient id, CX `id^^^&oid&ISO`. */
  readonly patientId: string;
  /** Patient id in the source system, CX. */
  readonly sourcePatientId: string;
  /** PID-3/5/7/8 lines, e.g. `PID-5|Lefèvre^Hélène`. */
  readonly sourcePatientInfo: readonly string[];
  readonly classCode: XdsCode;
  readonly typeCode: XdsCode;
  readonly formatCode: XdsCode;
  readonly mimeType: string;
  /** UTC, YYYYMMDDhhmmss. */
  readonly creationTime: string;
  readonly languageCode: string;
  readonly confidentialityCode: readonly XdsCode[];
  readonly healthcareFacilityTypeCode: XdsCode;
  readonly practiceSettingCode: XdsCode;
  readonly serviceStartTime?: string;
  readonly serviceStopTime?: string;
  readonly eventCodeList: readonly XdsCode[];
  /** CX values with CX.5 identifier type (urn:ihe:iti:xds:2013:accession, urn:ihe:iti:xds:2016:studyInstanceUID). */
  readonly referenceIdList: readonly string[];
  readonly authors: readonly XdsAuthor[];
  readonly title: string;
  readonly comments?: string;
  /** SHA-1 of the document bytes, lower-case hex; with `size`, present only when bytes were given. */
  readonly hash?: string;
  readonly size?: number;
  readonly repositoryUniqueId?: string;
}

export interface SubmissionSet {
  readonly entryUuid: string;
  readonly uniqueId: string;
  /** OID of the submitting source. */
  readonly sourceId: string;
  /** UTC, YYYYMMDDhhmmss. */
  readonly submissionTime: string;
  readonly contentTypeCode: XdsCode;
  readonly patientId: string;
  readonly authors: readonly XdsAuthor[];
  readonly title?: string;
  readonly comments?: string;
}

/**
 * ITI TF-3 4.2.5: classification schemes, identification schemes and object types, by the names
 * the builders use; the values are the registry's own constants, so the two never disagree.
 */
export const XDS_UUID = {
  documentEntry: {
    objectTypeStable: ObjectType.stableDocument,
    objectTypeOnDemand: ObjectType.onDemandDocument,
    ...DocScheme,
  },
  submissionSet: {
    classificationNode: Node.submissionSet,
    ...SubmissionScheme,
  },
} as const;

/** Code systems as XDS codingScheme OIDs. */
export const CODING_SCHEME = {
  LN: '2.16.840.1.113883.6.1',
  SCT: '2.16.840.1.113883.6.96',
  DCM: '1.2.840.10008.2.16.4',
  DICOM_UID_REGISTRY: '1.2.840.10008.2.6.1',
  CONFIDENTIALITY: '2.16.840.1.113883.5.25',
} as const;

export const REFERENCE_ID_TYPE = {
  accession: 'urn:ihe:iti:xds:2013:accession',
  studyInstanceUid: 'urn:ihe:iti:xds:2016:studyInstanceUID',
} as const;
