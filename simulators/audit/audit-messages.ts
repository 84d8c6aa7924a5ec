/**
 * Builders of the DICOM PS3.15 A.5 AuditMessage (2017c schema, with IHE PurposeOfUse in
 * EventIdentification) for the cross-border transactions:
 *
 *   queryAudit      ITI-55 / ITI-38, either side   110112 Query, action E
 *   exportAudit     ITI-39 by NCP-A                110106 Export, action R
 *   importAudit     ITI-39 by NCP-B                110107 Import, action C
 *   transferAudit   RAD-75 / RAD-69                110104 DICOM Instances Transferred, R (sender) or C (receiver)
 *
 * Participants follow the IHE transactions' audit sections: Source (110153) and Destination
 * (110152) systems, the human requestor from the HCP assertion (with the ISCO role), the patient
 * (type 1 role 1, id type 2) and the transaction's own objects. Every coded value carries
 * csd-code, codeSystemName and originalText, as the 2017c schema requires.
 */
import type { PurposeOfUse } from '../ncp/gateway-security.ts';
import { el, type XmlOut } from '../soap/xml-write.ts';
import {
  DetailType, EhdsiEventType, EventId, ISCO_SYSTEM, ObjectIdType, ObjectRole, ObjectType, PURPOSE_OF_USE_SYSTEM, RoleId, TransactionCode,
  type AuditedTransaction, type CodedValue,
} from './audit-codes.ts';

/** 0 success, 4 minor failure (partial success), 8 serious failure, 12 major failure. */
export type AuditOutcome = 0 | 4 | 8 | 12;

export interface SystemParticipant {
  /** The endpoint URI (Destination) or wsa:ReplyTo (Source), as the IHE transactions ask. */
  readonly userId: string;
  /** Process id or another name of the system. */
  readonly alternativeUserId?: string;
  /** Host name or IP address of the machine. */
  readonly networkAccessPoint?: string;
}

export interface HumanRequestor {
  /** The HCP assertion's NameID. */
  readonly userId: string;
  /** XSPA subject-id (the HCP's name). */
  readonly userName?: string;
  /** ISCO-08 role code from the assertion. */
  readonly role?: string;
}

export interface AuditCommon {
  readonly when: Date;
  readonly outcome: AuditOutcome;
  readonly outcomeDescription?: string;
  /** Who reports: the NCP's id (AuditSourceIdentification/@AuditSourceID). */
  readonly auditSourceId: string;
  /** The country or organisation of the reporter (AuditEnterpriseSiteID). */
  readonly enterpriseSiteId?: string;
  readonly source: SystemParticipant;
  readonly destination: SystemParticipant;
  readonly human?: HumanRequestor;
  readonly purposeOfUse?: PurposeOfUse;
  /** Patients the transaction is about (CX, `id^^^&oid&ISO`). */
  readonly patientIds: readonly string[];
}

export interface QueryAudit extends AuditCommon {
  readonly transaction: 'ITI-55' | 'ITI-38';
  /** The query message (HL7 v3 PRPA_IN201305UV02 or AdhocQueryRequest) as sent or received. */
  readonly query: string;
  /** ITI-38: the stored query id; ITI-55: the HL7 v3 message id. */
  readonly queryId?: string;
  /** The community queried (ITI-38 AdhocQuery/@home) or answering. */
  readonly homeCommunityId: string;
}

export interface DocumentObject {
  readonly documentUniqueId: string;
  readonly repositoryUniqueId: string;
  readonly homeCommunityId: string;
}

export interface RetrieveAudit extends AuditCommon {
  readonly documents: readonly DocumentObject[];
}

export interface TransferAudit extends AuditCommon {
  readonly transaction: 'RAD-69' | 'RAD-75';
  /** R: the instances left this system (the responder); C: they arrived (the initiator). */
  readonly action: 'R' | 'C';
  readonly studies: readonly { readonly studyInstanceUid: string; readonly instances: number }[];
}

export function queryAudit(a: QueryAudit): XmlOut {
  const queryObject = el(
    'ParticipantObjectIdentification',
    { ParticipantObjectID: a.queryId, ParticipantObjectTypeCode: ObjectType.systemObject, ParticipantObjectTypeCodeRole: ObjectRole.query },
    coded('ParticipantObjectIDTypeCode', TransactionCode[a.transaction]),
    el('ParticipantObjectQuery', undefined, Buffer.from(a.query, 'utf8').toString('base64')),
    a.transaction === 'ITI-38' && detail(DetailType.queryEncoding, 'UTF-8'),
    detail(a.transaction === 'ITI-38' ? DetailType.xcaHomeCommunityId : DetailType.homeCommunityId, a.homeCommunityId),
  );
  return auditMessage(a, a.transaction, EventId.query, 'E', { sourceIsRequestor: true }, [queryObject]);
}

export function exportAudit(a: RetrieveAudit): XmlOut {
  return auditMessage(a, 'ITI-39', EventId.export, 'R', { sourceIsRequestor: false }, a.documents.map(documentObject));
}

export function importAudit(a: RetrieveAudit): XmlOut {
  return auditMessage(a, 'ITI-39', EventId.import, 'C', { sourceIsRequestor: false }, a.documents.map(documentObject));
}

export function transferAudit(a: TransferAudit): XmlOut {
  const studies = a.studies.map((s) =>
    el(
      'ParticipantObjectIdentification',
      { ParticipantObjectID: s.studyInstanceUid, ParticipantObjectTypeCode: ObjectType.systemObject, ParticipantObjectTypeCodeRole: ObjectRole.report },
      coded('ParticipantObjectIDTypeCode', ObjectIdType.studyInstanceUid),
      el('ParticipantObjectDescription', undefined, el('SOPClass', { NumberOfInstances: s.instances })),
    ),
  );
  return auditMessage(a, a.transaction, EventId.instancesTransferred, a.action, { sourceIsRequestor: false }, studies);
}

function documentObject(d: DocumentObject): XmlOut {
  return el(
    'ParticipantObjectIdentification',
    { ParticipantObjectID: d.documentUniqueId, ParticipantObjectTypeCode: ObjectType.systemObject, ParticipantObjectTypeCodeRole: ObjectRole.report },
    coded('ParticipantObjectIDTypeCode', ObjectIdType.reportNumber),
    detail(DetailType.repositoryUniqueId, d.repositoryUniqueId),
    detail(DetailType.homeCommunityId, d.homeCommunityId),
  );
}

function auditMessage(a: AuditCommon, transaction: AuditedTransaction, eventId: CodedValue, action: string, roles: { sourceIsRequestor: boolean }, objects: readonly XmlOut[]): XmlOut {
  const ehdsi = EhdsiEventType[transaction];
  const event = el(
    'EventIdentification',
    { EventActionCode: action, EventDateTime: a.when.toISOString(), EventOutcomeIndicator: a.outcome },
    coded('EventID', eventId),
    coded('EventTypeCode', TransactionCode[transaction]),
    ehdsi && coded('EventTypeCode', ehdsi),
    a.outcomeDescription !== undefined && el('EventOutcomeDescription', undefined, a.outcomeDescription),
    a.purposeOfUse && coded('PurposeOfUse', { code: a.purposeOfUse, codeSystemName: PURPOSE_OF_USE_SYSTEM, originalText: a.purposeOfUse }),
  );
  // The requestor of an export/import is the far side (the initiating gateway asked), so the human is named beside it.
  const participants = [
    system(a.source, RoleId.source, roles.sourceIsRequestor),
    a.human && el(
      'ActiveParticipant',
      { UserID: a.human.userId, UserName: a.human.userName, UserIsRequestor: 'true' },
      a.human.role && coded('RoleIDCode', { code: a.human.role, codeSystemName: ISCO_SYSTEM, originalText: `ISCO-08 ${a.human.role}` }),
    ),
    system(a.destination, RoleId.destination, !roles.sourceIsRequestor),
  ];
  const source = el('AuditSourceIdentification', { AuditEnterpriseSiteID: a.enterpriseSiteId, AuditSourceID: a.auditSourceId }, el('AuditSourceTypeCode', { 'csd-code': '4', codeSystemName: 'DCM', originalText: 'Application Server process or thread' }));
  const patients = [...new Set(a.patientIds)].map((id) =>
    el(
      'ParticipantObjectIdentification',
      { ParticipantObjectID: id, ParticipantObjectTypeCode: ObjectType.person, ParticipantObjectTypeCodeRole: ObjectRole.patient },
      coded('ParticipantObjectIDTypeCode', ObjectIdType.patientNumber),
    ),
  );
  return el('AuditMessage', undefined, event, participants, source, patients, objects);
}

function system(p: SystemParticipant, role: CodedValue, requestor: boolean): XmlOut {
  return el(
    'ActiveParticipant',
    {
      UserID: p.userId,
      AlternativeUserID: p.alternativeUserId,
      UserIsRequestor: String(requestor),
      NetworkAccessPointID: p.networkAccessPoint,
      NetworkAccessPointTypeCode: p.networkAccessPoint === undefined ? undefined : /^[\d.:]+$/.test(p.networkAccessPoint) ? '2' : '1',
    },
    coded('RoleIDCode', role),
  );
}

function coded(name: string, c: CodedValue): XmlOut {
  return el(name, { 'csd-code': c.code, codeSystemName: c.codeSystemName, originalText: c.originalText });
}

function detail(type: string, value: string): XmlOut {
  return el('ParticipantObjectDetail', { type, value: Buffer.from(value, 'utf8').toString('base64') });
}
