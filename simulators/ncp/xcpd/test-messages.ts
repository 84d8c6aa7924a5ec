/** Test helpers: a typical eHDSI XCPD query and answers, and a parse of built XML. */
import { parseXmlSafely } from '../../soap/safe-xml.ts';
import type { XmlElement } from '../../soap/xml-tree.ts';
import { serializeXml, type XmlOut } from '../../soap/xml-write.ts';
import type { PatientDiscoveryQuery } from './patient-discovery-query.ts';
import type { PatientDiscoveryAnswer } from './patient-discovery-response.ts';
import { EhdsiAckCode, XcpdIssue } from './xcpd-constants.ts';

export const NL_BSN = '2.16.840.1.113883.2.4.6.3';
export const NCP_A = { deviceOid: '2.16.840.1.113883.2.4.6.6.1', homeCommunityId: 'urn:oid:2.16.840.1.113883.2.4.6.6' };
export const NCP_B = { deviceOid: '1.2.250.1.213.1.1.9.1', homeCommunityId: 'urn:oid:1.2.250.1.213.1.1.9' };

export function sampleQuery(extra: Partial<PatientDiscoveryQuery> = {}): PatientDiscoveryQuery {
  return {
    messageId: { root: '1.2.250.1.213.1.1.9.2', extension: 'msg-1' },
    creationTime: '20240401120000',
    sender: NCP_B,
    receiver: NCP_A,
    livingSubjectIds: [{ root: NL_BSN, extension: '999911120' }],
    name: { family: 'de Vries', given: 'Anna' },
    birthDate: '19700101',
    gender: 'F',
    ...extra,
  };
}

export const FOUND: PatientDiscoveryAnswer = {
  acknowledgement: 'AA',
  queryResponseCode: 'OK',
  patients: [{ ids: [{ root: NL_BSN, extension: '999911120' }], name: { family: 'de Vries', given: 'Anna' }, gender: 'F', birthDate: '19700101', custodian: { homeCommunityId: NCP_A.homeCommunityId } }],
  issues: [],
};

export const DEMOGRAPHICS_REFUSED: PatientDiscoveryAnswer = {
  acknowledgement: 'AA',
  queryResponseCode: 'AE',
  patients: [],
  issues: [{ code: EhdsiAckCode.patientIdentificationGeneric, text: 'queries are only available with patient identifiers' }, { ...XcpdIssue.demographicsQueryNotAllowed, text: 'identification by national id only' }],
};

export const NOT_FOUND: PatientDiscoveryAnswer = {
  acknowledgement: 'AA',
  queryResponseCode: 'NF',
  patients: [],
  issues: [{ code: EhdsiAckCode.patientIdentificationNoMatch, text: 'No patient found.' }, { ...XcpdIssue.answerNotAvailable }],
};

/** Serialises and parses back, as a receiver would see the element. */
export function reparse(xml: XmlOut): XmlElement {
  return parseXmlSafely(serializeXml(xml));
}
