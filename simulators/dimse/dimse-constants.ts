/** Command fields, status codes and UIDs of the DIMSE-C services (PS3.7 §9, PS3.4 Annex C). */

export const CommandField = {
  CStoreRq: 0x0001,
  CStoreRsp: 0x8001,
  CGetRq: 0x0010,
  CGetRsp: 0x8010,
  CFindRq: 0x0020,
  CFindRsp: 0x8020,
  CMoveRq: 0x0021,
  CMoveRsp: 0x8021,
  CEchoRq: 0x0030,
  CEchoRsp: 0x8030,
  CCancelRq: 0x0fff,
} as const;

const NAMES = new Map<number, string>(Object.entries(CommandField).map(([name, value]) => [value, name]));

/** 'C-STORE-RQ' style name for evidence; unknown fields as hex. */
export function commandName(field: number): string {
  const name = NAMES.get(field);
  if (!name) return `0x${field.toString(16).padStart(4, '0')}`;
  return name.replace(/^C(\w+?)(Rq|Rsp)$/, (_, op: string, kind: string) => `C-${op.toUpperCase()}-${kind.toUpperCase()}`);
}

export const Status = {
  Success: 0x0000,
  Cancel: 0xfe00,
  Pending: 0xff00,
  PendingWarning: 0xff01,
  ProcessingFailure: 0x0110,
  NoSuchSopClass: 0x0118,
  SopClassNotSupported: 0x0122,
  OutOfResources: 0xa700,
  MoveDestinationUnknown: 0xa801,
  IdentifierDoesNotMatch: 0xa900,
  UnableToProcess: 0xc000,
  SubOpsCompleteWithFailures: 0xb000,
} as const;

export type StatusCategory = 'success' | 'pending' | 'cancel' | 'warning' | 'failure';

/** PS3.7 Annex C status classes. */
export function statusCategory(status: number): StatusCategory {
  if (status === 0x0000) return 'success';
  if (status === 0xff00 || status === 0xff01) return 'pending';
  if (status === 0xfe00) return 'cancel';
  if (status === 0x0001 || (status & 0xf000) === 0xb000 || status === 0x0107 || status === 0x0116) return 'warning';
  return 'failure';
}

export const TransferSyntax = {
  ImplicitVrLittleEndian: '1.2.840.10008.1.2',
  ExplicitVrLittleEndian: '1.2.840.10008.1.2.1',
  DeflatedExplicitVrLittleEndian: '1.2.840.10008.1.2.1.99',
  ExplicitVrBigEndian: '1.2.840.10008.1.2.2',
} as const;

export const SopClass = {
  Verification: '1.2.840.10008.1.1',
  CtImageStorage: '1.2.840.10008.5.1.4.1.1.2',
  MrImageStorage: '1.2.840.10008.5.1.4.1.1.4',
  SecondaryCaptureImageStorage: '1.2.840.10008.5.1.4.1.1.7',
  PatientRootFind: '1.2.840.10008.5.1.4.1.2.1.1',
  PatientRootMove: '1.2.840.10008.5.1.4.1.2.1.2',
  PatientRootGet: '1.2.840.10008.5.1.4.1.2.1.3',
  StudyRootFind: '1.2.840.10008.5.1.4.1.2.2.1',
  StudyRootMove: '1.2.840.10008.5.1.4.1.2.2.2',
  StudyRootGet: '1.2.840.10008.5.1.4.1.2.2.3',
} as const;

export type QueryModel = 'PATIENT' | 'STUDY';

export const QUERY_MODELS: Record<QueryModel, { find: string; move: string; get: string }> = {
  PATIENT: { find: SopClass.PatientRootFind, move: SopClass.PatientRootMove, get: SopClass.PatientRootGet },
  STUDY: { find: SopClass.StudyRootFind, move: SopClass.StudyRootMove, get: SopClass.StudyRootGet },
};

// A UUID-derived UID (PS3.5 §B.2) so no organisational root is claimed.
export const IMPLEMENTATION_CLASS_UID = '2.25.12727153344507809019750118600666180973';
export const IMPLEMENTATION_VERSION_NAME = 'IXH_DIMSE_01';
