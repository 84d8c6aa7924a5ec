/**
 * PRPA_IN201306UV02, the XCPD Cross Gateway Patient Discovery response (IHE ITI TF-2 §3.55.4.2;
 * eHDSI XCPD profile): acknowledgement of the request's message id, one subject per matched
 * patient with the responding community as custodian, queryAck, the query echoed, and the issues
 * placed as detected-issues.ts explains.
 */
import { randomUUID } from 'node:crypto';
import { NS } from '../../soap/namespaces.ts';
import { attr, type XmlElement } from '../../soap/xml-tree.ts';
import { el, type XmlOut } from '../../soap/xml-write.ts';
import { acknowledgementDetails, readIssues, reasonsOf, type PatientDiscoveryIssue } from './detected-issues.ts';
import { all, at, bareOid, codeOf, deviceElement, hl7Now, ii, need, readInstanceId, text, urnOid, valueOf, XcpdMessageError, type MessageDevice } from './hl7v3-parts.ts';
import { queryByParameter, type PatientDiscoveryQuery } from './patient-discovery-query.ts';
import { CodeSystem, INTERACTION_ROOT } from './xcpd-constants.ts';

export interface DiscoveredPatient {
  readonly ids: readonly { readonly root: string; readonly extension: string }[];
  readonly name: { readonly family: string; readonly given: string };
  /** M, F or UN. */
  readonly gender?: string;
  /** YYYYMMDD */
  readonly birthDate?: string;
  /** `urn:oid:…` of the community holding the patient's data. */
  readonly custodian?: { readonly homeCommunityId: string };
}

export interface PatientDiscoveryAnswer {
  /** acknowledgement/typeCode: AA accepted, AE application error, AR rejected. */
  readonly acknowledgement: 'AA' | 'AE' | 'AR';
  /** queryAck/queryResponseCode: OK found, NF not found, AE application error, QE query parameter error. */
  readonly queryResponseCode: 'OK' | 'NF' | 'AE' | 'QE';
  readonly patients: readonly DiscoveredPatient[];
  readonly issues: readonly PatientDiscoveryIssue[];
}

export interface ResponderDevice {
  readonly deviceOid: string;
  /** `urn:oid:…` */
  readonly homeCommunityId: string;
}

export function buildPatientDiscoveryResponse(query: PatientDiscoveryQuery, answer: PatientDiscoveryAnswer, responder: ResponderDevice): XmlOut {
  return el(
    'PRPA_IN201306UV02',
    { xmlns: NS.hl7, 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', ITSVersion: 'XML_1.0' },
    el('id', { root: randomUUID() }),
    el('creationTime', { value: hl7Now() }),
    el('interactionId', { root: INTERACTION_ROOT, extension: 'PRPA_IN201306UV02' }),
    el('processingCode', { code: 'P' }),
    el('processingModeCode', { code: 'T' }),
    el('acceptAckCode', { code: 'NE' }),
    deviceElement('receiver', query.sender),
    deviceElement('sender', responder satisfies MessageDevice),
    el('acknowledgement', undefined, el('typeCode', { code: answer.acknowledgement }), el('targetMessage', undefined, ii('id', query.messageId)), acknowledgementDetails(answer.issues)),
    el(
      'controlActProcess',
      { classCode: 'CACT', moodCode: 'EVN' },
      el('code', { code: 'PRPA_TE201306UV02', codeSystem: INTERACTION_ROOT }),
      answer.patients.map((p) => subject(p, responder.homeCommunityId)),
      reasonsOf(answer.issues),
      el(
        'queryAck',
        undefined,
        ii('queryId', query.queryId ?? query.messageId),
        el('statusCode', { code: 'deliveredResponse' }),
        el('queryResponseCode', { code: answer.queryResponseCode }),
        el('resultTotalQuantity', { value: answer.patients.length }),
        el('resultCurrentQuantity', { value: answer.patients.length }),
        el('resultRemainingQuantity', { value: 0 }),
      ),
      queryByParameter(query),
    ),
  );
}

function subject(p: DiscoveredPatient, responderCommunity: string): XmlOut {
  const custodian = p.custodian?.homeCommunityId ?? responderCommunity;
  return el(
    'subject',
    { typeCode: 'SUBJ' },
    el(
      'registrationEvent',
      { classCode: 'REG', moodCode: 'EVN' },
      el('id', { nullFlavor: 'NA' }),
      el('statusCode', { code: 'active' }),
      el(
        'subject1',
        { typeCode: 'SBJ' },
        el(
          'patient',
          { classCode: 'PAT' },
          p.ids.map((id) => ii('id', id)),
          el('statusCode', { code: 'active' }),
          el(
            'patientPerson',
            { classCode: 'PSN', determinerCode: 'INSTANCE' },
            el('name', undefined, el('given', undefined, p.name.given), el('family', undefined, p.name.family)),
            p.gender !== undefined && el('administrativeGenderCode', { code: p.gender, codeSystem: '2.16.840.1.113883.5.1' }),
            p.birthDate !== undefined && el('birthTime', { value: p.birthDate }),
          ),
          el(
            'subjectOf1',
            undefined,
            el('queryMatchObservation', { classCode: 'COND', moodCode: 'EVN' }, el('code', { code: 'IHE_PDQ' }), el('value', { 'xsi:type': 'INT', value: 100 })),
          ),
        ),
      ),
      el(
        'custodian',
        { typeCode: 'CST' },
        el('assignedEntity', { classCode: 'ASSIGNED' }, el('id', { root: bareOid(custodian) }), el('code', { code: 'NotHealthDataLocator', codeSystem: CodeSystem.iheHealthDataLocator })),
      ),
    ),
  );
}

const ACKS = new Set(['AA', 'AE', 'AR']);
const RESPONSE_CODES = new Set(['OK', 'NF', 'AE', 'QE']);

/** Reads a PRPA_IN201306UV02 (the env:Body child); throws `XcpdMessageError` naming what is missing or wrong. */
export function readPatientDiscoveryResponse(root: XmlElement): PatientDiscoveryAnswer {
  if (root.ns !== NS.hl7 || root.local !== 'PRPA_IN201306UV02') throw new XcpdMessageError(`expected {${NS.hl7}}PRPA_IN201306UV02, got {${root.ns}}${root.local}`);
  const where = 'PRPA_IN201306UV02';
  const acknowledgementEl = need(root, where, 'acknowledgement');
  const acknowledgement = codeOf(need(acknowledgementEl, `${where}/acknowledgement`, 'typeCode')) ?? '';
  if (!ACKS.has(acknowledgement)) throw new XcpdMessageError(`acknowledgement/typeCode "${acknowledgement}" is not AA, AE or AR`);
  const cap = need(root, where, 'controlActProcess');
  const queryResponseCode = codeOf(need(cap, `${where}/controlActProcess`, 'queryAck', 'queryResponseCode')) ?? '';
  if (!RESPONSE_CODES.has(queryResponseCode)) throw new XcpdMessageError(`queryAck/queryResponseCode "${queryResponseCode}" is not OK, NF, AE or QE`);
  return {
    acknowledgement: acknowledgement as PatientDiscoveryAnswer['acknowledgement'],
    queryResponseCode: queryResponseCode as PatientDiscoveryAnswer['queryResponseCode'],
    patients: all(cap, 'subject').map(readSubject),
    issues: readIssues(acknowledgementEl, cap),
  };
}

function readSubject(subjectEl: XmlElement, index: number): DiscoveredPatient {
  const where = `controlActProcess/subject[${index + 1}]`;
  const event = need(subjectEl, where, 'registrationEvent');
  const patient = need(event, `${where}/registrationEvent`, 'subject1', 'patient');
  const ids = all(patient, 'id').map((e) => {
    const id = readInstanceId(e, `${where}/…/patient/id`);
    return { root: id.root, extension: id.extension ?? '' };
  });
  if (ids.length === 0) throw new XcpdMessageError(`${where}/registrationEvent/subject1/patient/id is missing`);
  const person = at(patient, 'patientPerson');
  const name = at(person, 'name');
  const gender = codeOf(at(person, 'administrativeGenderCode'));
  const birthDate = valueOf(at(person, 'birthTime'));
  const custodianId = at(event, 'custodian', 'assignedEntity', 'id');
  const custodian = custodianId && attr(custodianId, 'root');
  return {
    ids,
    name: { family: text(at(name, 'family')) ?? '', given: text(at(name, 'given')) ?? '' },
    ...(gender !== undefined && { gender }),
    ...(birthDate !== undefined && { birthDate }),
    ...(custodian && { custodian: { homeCommunityId: urnOid(custodian) } }),
  };
}
