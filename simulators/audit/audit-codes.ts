/**
 * The codes of the audit messages the NCPs write and the audit rules expect, each with where it
 * comes from. One table shared by the builders (audit-messages.ts) and the rules
 * (validators/audit/), so the two cannot drift apart.
 */

export interface CodedValue {
  readonly code: string;
  readonly codeSystemName: string;
  /** DICOM PS3.15 A.5 calls the Code Meaning `originalText`; the 2017c schema requires it. */
  readonly originalText: string;
}

const dcm = (code: string, originalText: string): CodedValue => ({ code, codeSystemName: 'DCM', originalText });
const ihe = (code: string, originalText: string): CodedValue => ({ code, codeSystemName: 'IHE Transactions', originalText });
const rfc3881 = (code: string, originalText: string): CodedValue => ({ code, codeSystemName: 'RFC-3881', originalText });

/** DICOM PS3.16 CID 400 Audit Event ID. */
export const EventId = {
  instancesTransferred: dcm('110104', 'DICOM Instances Transferred'),
  export: dcm('110106', 'Export'),
  import: dcm('110107', 'Import'),
  query: dcm('110112', 'Query'),
} as const;

/** DICOM PS3.16 CID 402 Audit Active Participant Role ID. */
export const RoleId = {
  source: dcm('110153', 'Source Role ID'),
  destination: dcm('110152', 'Destination Role ID'),
} as const;

/** The transactions audited, as IHE names them in EventTypeCode (ITI TF-2 3.55.5, 3.38.4.1.4, 3.39.4.1.4; RAD TF-3 4.69, 4.75). */
export const TransactionCode = {
  'ITI-55': ihe('ITI-55', 'Cross Gateway Patient Discovery'),
  'ITI-38': ihe('ITI-38', 'Cross Gateway Query'),
  'ITI-39': ihe('ITI-39', 'Cross Gateway Retrieve'),
  'RAD-69': ihe('RAD-69', 'Retrieve Imaging Document Set'),
  'RAD-75': ihe('RAD-75', 'Cross Gateway Retrieve Imaging Document Set'),
} as const;
export type AuditedTransaction = keyof typeof TransactionCode;
export const AUDITED_TRANSACTIONS = Object.keys(TransactionCode) as AuditedTransaction[];

/**
 * eHDSI audit event types, as OpenNCP's audit manager names them (EventType: EHDSI-11 identification
 * service / ITI-55, EHDSI-61 and -62 the Original Clinical Data list and retrieve over ITI-38/39,
 * which is how imaging studies and reports travel in eHDSI). Written as a second EventTypeCode
 * beside the IHE one. XCA-I (RAD-75) has no eHDSI event type.
 */
export const EHDSI_EVENT_TYPE_SYSTEM = 'eHDSI Audit Event Type';
const ehdsi = (code: string, originalText: string): CodedValue => ({ code, codeSystemName: EHDSI_EVENT_TYPE_SYSTEM, originalText });
export const EhdsiEventType: Readonly<Partial<Record<AuditedTransaction, CodedValue>>> = {
  'ITI-55': ehdsi('EHDSI-11', 'Identification Service: Find Identity By Traits'),
  'ITI-38': ehdsi('EHDSI-61', 'Original Clinical Data Service: List'),
  'ITI-39': ehdsi('EHDSI-62', 'Original Clinical Data Service: Retrieve'),
};

/** ParticipantObjectIDTypeCode values: RFC 3881 §5.5.4 and DICOM PS3.16 CID 404. */
export const ObjectIdType = {
  patientNumber: rfc3881('2', 'Patient Number'),
  reportNumber: rfc3881('9', 'Report Number'),
  studyInstanceUid: dcm('110180', 'Study Instance UID'),
} as const;

/** ParticipantObjectTypeCode / ParticipantObjectTypeCodeRole values (PS3.15 A.5.1). */
export const ObjectType = { person: '1', systemObject: '2' } as const;
export const ObjectRole = { patient: '1', report: '3', query: '24' } as const;

/** ParticipantObjectDetail types named by the IHE transactions. */
export const DetailType = {
  /** ITI-38 (ITI TF-2 3.38.4.1.4). */
  xcaHomeCommunityId: 'urn:ihe:iti:xca:2010:homeCommunityId',
  /** ITI-55 query and ITI-39 documents. */
  homeCommunityId: 'ihe:homeCommunityID',
  repositoryUniqueId: 'Repository Unique Id',
  queryEncoding: 'QueryEncoding',
} as const;

/** The eHDSI XSPA purpose of use (the code system of the SAML assertions, saml-names.ts). */
export const PURPOSE_OF_USE_SYSTEM = 'eHDSI XSPA PurposeOfUse';
export const PURPOSE_OF_USE_CODES = ['TREATMENT', 'EMERGENCY'] as const;

/** ISCO-08, the code system of the eHDSI HCP role (the human requestor's RoleIDCode). */
export const ISCO_SYSTEM = 'ISCO';
