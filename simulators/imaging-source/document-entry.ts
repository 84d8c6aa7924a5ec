/**
 * XDS metadata as plain typed values (ITI TF-3 4.2.3.2 DocumentEntry, 4.2.3.3 SubmissionSet),
 * already in their wire string forms (CX, XCN, XON, DTM) but free of any ebRIM serialisation.
 * docs/imaging-source.md maps every field to its ebRIM slot, classification or external
 * identifier, with the scheme UUIDs below.
 */

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

/** ITI TF-3 4.2.5: classification schemes, identification schemes and object types. */
export const XDS_UUID = {
  documentEntry: {
    objectTypeStable: 'urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1',
    objectTypeOnDemand: 'urn:uuid:34268e47-fdf5-41a6-ba33-82133c465248',
    author: 'urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d',
    classCode: 'urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a',
    confidentialityCode: 'urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f',
    eventCodeList: 'urn:uuid:2c6b8cb7-8b2a-4051-b291-b1ae6a575ef4',
    formatCode: 'urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d',
    healthcareFacilityTypeCode: 'urn:uuid:f33fb8ac-18af-42cc-ae0e-ed0b0bdb91e1',
    practiceSettingCode: 'urn:uuid:cccf5598-8b07-4b77-a05e-ae952c785ead',
    typeCode: 'urn:uuid:f0306f51-975f-434e-a61c-c59651d33983',
    patientId: 'urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427',
    uniqueId: 'urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab',
  },
  submissionSet: {
    classificationNode: 'urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd',
    author: 'urn:uuid:a7058bb9-b4e4-4307-ba5b-e3f0ab85e12d',
    contentTypeCode: 'urn:uuid:aa543740-bdda-424e-8c96-df4873be8500',
    patientId: 'urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446',
    sourceId: 'urn:uuid:554ac39e-e3fe-47fe-b233-965d2a147832',
    uniqueId: 'urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8',
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
