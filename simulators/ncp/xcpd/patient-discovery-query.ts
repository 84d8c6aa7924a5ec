/**
 * PRPA_IN201305UV02, the XCPD Cross Gateway Patient Discovery request (IHE ITI TF-2 §3.55.4.1;
 * eHDSI XCPD profile: identification by national/shared patient id, demographics as traits).
 */
import { NS } from '../../soap/namespaces.ts';
import { attr, type XmlElement } from '../../soap/xml-tree.ts';
import { el, type XmlOut } from '../../soap/xml-write.ts';
import { all, at, codeOf, deviceElement, ii, need, readDevice, readInstanceId, text, valueOf, XcpdMessageError, type InstanceId, type MessageDevice } from './hl7v3-parts.ts';
import { INTERACTION_ROOT } from './xcpd-constants.ts';

export type AdministrativeGender = 'M' | 'F' | 'UN';

export interface PatientDiscoveryQuery {
  readonly messageId: InstanceId;
  /** HL7 TS, e.g. 20240401120000. */
  readonly creationTime: string;
  readonly sender: MessageDevice;
  readonly receiver: MessageDevice;
  /** National / shared patient identifiers: root = assigning authority OID. */
  readonly livingSubjectIds: readonly { readonly root: string; readonly extension: string }[];
  readonly name?: { readonly family?: string; readonly given?: string };
  /** YYYYMMDD */
  readonly birthDate?: string;
  readonly gender?: AdministrativeGender;
  /** queryByParameter/queryId; the message id when absent. The response echoes it in queryAck. */
  readonly queryId?: InstanceId;
}

export function buildPatientDiscoveryQuery(q: PatientDiscoveryQuery): XmlOut {
  return el(
    'PRPA_IN201305UV02',
    { xmlns: NS.hl7, ITSVersion: 'XML_1.0' },
    ii('id', q.messageId),
    el('creationTime', { value: q.creationTime }),
    el('interactionId', { root: INTERACTION_ROOT, extension: 'PRPA_IN201305UV02' }),
    el('processingCode', { code: 'P' }),
    el('processingModeCode', { code: 'T' }),
    el('acceptAckCode', { code: 'AL' }),
    deviceElement('receiver', q.receiver),
    deviceElement('sender', q.sender),
    el('controlActProcess', { classCode: 'CACT', moodCode: 'EVN' }, el('code', { code: 'PRPA_TE201305UV02', codeSystem: INTERACTION_ROOT }), queryByParameter(q)),
  );
}

/** The queryByParameter element; the response echoes it unchanged (ITI TF-2 §3.55.4.2.2). */
export function queryByParameter(q: PatientDiscoveryQuery): XmlOut {
  return el(
    'queryByParameter',
    undefined,
    ii('queryId', q.queryId ?? q.messageId),
    el('statusCode', { code: 'new' }),
    el('responseModalityCode', { code: 'R' }),
    el('responsePriorityCode', { code: 'I' }),
    el(
      'parameterList',
      undefined,
      // Element order is the schema's (PRPA_MT201306UV02.ParameterList), not the brief's.
      q.gender !== undefined && el('livingSubjectAdministrativeGender', undefined, el('value', { code: q.gender }), el('semanticsText', undefined, 'LivingSubject.administrativeGender')),
      q.birthDate !== undefined && el('livingSubjectBirthTime', undefined, el('value', { value: q.birthDate }), el('semanticsText', undefined, 'LivingSubject.birthTime')),
      q.livingSubjectIds.map((id) => el('livingSubjectId', undefined, ii('value', id), el('semanticsText', undefined, 'LivingSubject.id'))),
      q.name !== undefined &&
        el(
          'livingSubjectName',
          undefined,
          el('value', undefined, q.name.given !== undefined && el('given', undefined, q.name.given), q.name.family !== undefined && el('family', undefined, q.name.family)),
          el('semanticsText', undefined, 'LivingSubject.name'),
        ),
    ),
  );
}

/** Reads a PRPA_IN201305UV02 (the env:Body child); throws `XcpdMessageError` naming what is missing. */
export function readPatientDiscoveryQuery(root: XmlElement): PatientDiscoveryQuery {
  if (root.ns !== NS.hl7 || root.local !== 'PRPA_IN201305UV02') throw new XcpdMessageError(`expected {${NS.hl7}}PRPA_IN201305UV02, got {${root.ns}}${root.local}`);
  const where = 'PRPA_IN201305UV02';
  const messageId = readInstanceId(need(root, where, 'id'), `${where}/id`);
  const creationTime = valueOf(need(root, where, 'creationTime')) ?? '';
  const query = need(root, where, 'controlActProcess', 'queryByParameter');
  const params = need(query, `${where}/controlActProcess/queryByParameter`, 'parameterList');
  const queryIdEl = at(query, 'queryId');
  const livingSubjectIds = all(params, 'livingSubjectId').flatMap((p) =>
    all(p, 'value').map((v) => {
      const id = readInstanceId(v, 'livingSubjectId/value');
      if (!id.extension) throw new XcpdMessageError(`livingSubjectId/value with root ${id.root} has no @extension`);
      return { root: id.root, extension: id.extension };
    }),
  );
  const nameValue = at(params, 'livingSubjectName', 'value');
  const family = text(at(nameValue, 'family'));
  const given = text(at(nameValue, 'given'));
  const birthDate = valueOf(at(params, 'livingSubjectBirthTime', 'value'));
  const gender = codeOf(at(params, 'livingSubjectAdministrativeGender', 'value'));
  if (gender !== undefined && gender !== 'M' && gender !== 'F' && gender !== 'UN') throw new XcpdMessageError(`livingSubjectAdministrativeGender code "${gender}" is not M, F or UN`);
  return {
    messageId,
    creationTime,
    sender: readDevice(root, 'sender'),
    receiver: readDevice(root, 'receiver'),
    livingSubjectIds,
    ...(nameValue && { name: { ...(family !== undefined && { family }), ...(given !== undefined && { given }) } }),
    ...(birthDate !== undefined && { birthDate }),
    ...(gender !== undefined && { gender }),
    ...(queryIdEl && attr(queryIdEl, 'root') !== undefined && { queryId: readInstanceId(queryIdEl, 'queryByParameter/queryId') }),
  };
}
