/**
 * How NCP-A answers a patient discovery (eHDSI XCPD): identification by national identifier only;
 * the demographic traits sent along must agree with the record, and when they do not the answer
 * is "no match" rather than anything that would disclose the record (eHDSI privacy rule).
 */
import type { PatientDiscoveryQuery } from '../xcpd/patient-discovery-query.ts';
import type { PatientDiscoveryAnswer } from '../xcpd/patient-discovery-response.ts';
import { EhdsiAckCode, XcpdIssue } from '../xcpd/xcpd-constants.ts';
import type { DirectoryPatient, PatientDirectory } from './patient-directory.ts';

export function discoverPatient(query: PatientDiscoveryQuery, directory: PatientDirectory, homeCommunityId: string): PatientDiscoveryAnswer {
  if (query.livingSubjectIds.length === 0) {
    // eHDSI: AA in the transmission wrapper, AE in queryAck, DemographicsQueryNotAllowed.
    return {
      acknowledgement: 'AA',
      queryResponseCode: 'AE',
      patients: [],
      issues: [
        { code: EhdsiAckCode.patientIdentificationGeneric, text: 'queries are only available with a national patient identifier' },
        { ...XcpdIssue.demographicsQueryNotAllowed, text: `identify the patient by a national identifier (${directory.nationalIdRoot})` },
      ],
    };
  }
  const ours = query.livingSubjectIds.filter((id) => id.root === directory.nationalIdRoot);
  if (ours.length === 0) {
    const roots = [...new Set(query.livingSubjectIds.map((id) => id.root))].join(', ');
    return {
      acknowledgement: 'AE',
      queryResponseCode: 'AE',
      patients: [],
      issues: [
        { code: EhdsiAckCode.patientIdentificationGeneric, text: `identifier domain ${roots} is not this country's national identifier (${directory.nationalIdRoot})` },
        { ...XcpdIssue.answerNotAvailable },
      ],
    };
  }
  const found = ours.map((id) => directory.find(id)).find((p): p is DirectoryPatient => p !== undefined);
  if (!found || !traitsAgree(query, found)) return noMatch();
  return {
    acknowledgement: 'AA',
    queryResponseCode: 'OK',
    patients: [{ ids: [found.nationalId], name: found.name, gender: found.gender, birthDate: found.birthDate, custodian: { homeCommunityId } }],
    issues: [],
  };
}

function noMatch(): PatientDiscoveryAnswer {
  // The same answer for "unknown" and "traits differ", so the reply tells nothing about the record.
  return { acknowledgement: 'AA', queryResponseCode: 'NF', patients: [], issues: [{ code: EhdsiAckCode.patientIdentificationNoMatch, text: 'No patient found.' }, { ...XcpdIssue.answerNotAvailable }] };
}

function traitsAgree(query: PatientDiscoveryQuery, patient: DirectoryPatient): boolean {
  if (query.birthDate !== undefined && query.birthDate.slice(0, 8) !== patient.birthDate) return false;
  if (query.gender !== undefined && query.gender !== 'UN' && patient.gender !== 'UN' && query.gender !== patient.gender) return false;
  if (query.name?.family !== undefined && fold(query.name.family) !== fold(patient.name.family)) return false;
  if (query.name?.given !== undefined && fold(query.name.given) !== fold(patient.name.given)) return false;
  return true;
}

/** Case- and accent-insensitive, so "Lefèvre" sent as "LEFEVRE" by a system without diacritics still matches. */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
}
