/** The XCPD (ITI-55) HL7 v3 codec shared by the initiating and responding NCP gateways. */
export { XCPD_ACTION, XCPD_RESPONSE_ACTION, CodeSystem, XcpdIssue, EhdsiAckCode } from './xcpd-constants.ts';
export { XcpdMessageError, type InstanceId, type MessageDevice } from './hl7v3-parts.ts';
export { buildPatientDiscoveryQuery, readPatientDiscoveryQuery, type PatientDiscoveryQuery, type AdministrativeGender } from './patient-discovery-query.ts';
export { buildPatientDiscoveryResponse, readPatientDiscoveryResponse, type PatientDiscoveryAnswer, type DiscoveredPatient, type ResponderDevice } from './patient-discovery-response.ts';
export type { PatientDiscoveryIssue } from './detected-issues.ts';
