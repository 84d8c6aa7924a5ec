/**
 * Identifiers of XCPD Cross Gateway Patient Discovery (IHE ITI TF-2 §3.55) as profiled by eHDSI:
 * WS-Addressing actions, HL7 v3 interaction ids, and the code systems of the error codes a
 * responding gateway puts in its answer.
 */

/** ITI TF-2 §3.55.5.1 (synchronous mode). */
export const XCPD_ACTION = 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery';
export const XCPD_RESPONSE_ACTION = 'urn:hl7-org:v3:PRPA_IN201306UV02:CrossGatewayPatientDiscovery';

/** HL7 v3 interaction ids live under this root (HL7 Normative Edition). */
export const INTERACTION_ROOT = '2.16.840.1.113883.1.6';

/**
 * Code systems of XCPD issue codes. IHE's three are defined in ITI TF-2 §3.55.4.2.2.6 (required
 * query parameters), the custodian's health-data-locator code (§3.55.4.2.2.4) and §3.55.4.2.2.7
 * (AnswerNotAvailable, ResponderBusy, InternalError); eHDSI adds its own XCPD codes.
 */
export const CodeSystem = {
  /** LivingSubjectAdministrativeGenderRequested, PatientAddressRequested, LivingSubjectBirthPlaceNameRequested, … */
  iheRequiredParameters: '1.3.6.1.4.1.19376.1.2.27.1',
  /** SupportsHealthDataLocator / NotHealthDataLocator on the custodian. */
  iheHealthDataLocator: '1.3.6.1.4.1.19376.1.2.27.2',
  /** AnswerNotAvailable, ResponderBusy, InternalError. */
  iheIssueManagement: '1.3.6.1.4.1.19376.1.2.27.3',
  /** eHDSI XCPD codes: DemographicsQueryNotAllowed, PatientAuthenticationRequired, InsufficientRights, … */
  ehdsiXcpd: '1.3.6.1.4.1.12559.11.10.1.3.2.2.1',
  /** HL7 ActCode: the detectedIssueEvent code ActAdministrativeDetectedIssueCode. */
  hl7ActCode: '2.16.840.1.113883.5.4',
} as const;

/** The codes of ITI TF-2 Table 3.55.4.2.2.7-1 and of the eHDSI XCPD profile. */
export const XcpdIssue = {
  answerNotAvailable: { code: 'AnswerNotAvailable', codeSystem: CodeSystem.iheIssueManagement },
  responderBusy: { code: 'ResponderBusy', codeSystem: CodeSystem.iheIssueManagement },
  internalError: { code: 'InternalError', codeSystem: CodeSystem.iheIssueManagement },
  additionalDemographicsRequested: { code: 'AdditionalDemographicsRequested', codeSystem: CodeSystem.ehdsiXcpd },
  demographicsQueryNotAllowed: { code: 'DemographicsQueryNotAllowed', codeSystem: CodeSystem.ehdsiXcpd },
  ehicDataRequested: { code: 'EHICDataRequested', codeSystem: CodeSystem.ehdsiXcpd },
  privacyViolation: { code: 'PrivacyViolation', codeSystem: CodeSystem.ehdsiXcpd },
  insufficientRights: { code: 'InsufficientRights', codeSystem: CodeSystem.ehdsiXcpd },
  patientAuthenticationRequired: { code: 'PatientAuthenticationRequired', codeSystem: CodeSystem.ehdsiXcpd },
  policyViolation: { code: 'PolicyViolation', codeSystem: CodeSystem.ehdsiXcpd },
} as const;

/**
 * eHDSI business codes for acknowledgementDetail (the OpenNCP reference gateway puts these in
 * acknowledgementDetail/code and the XCPD code in reasonOf).
 */
export const EhdsiAckCode = {
  patientIdentificationGeneric: 'ERROR_PI_GENERIC',
  patientIdentificationNoMatch: 'ERROR_PI_NO_MATCH',
  patientIdentificationMultipleMatches: 'ERROR_PI_MULTIPLE_MATCHES',
} as const;

/**
 * Issue codes that ask the initiator to send something more or different: they go in
 * detectedIssueEvent/triggerFor/actOrderRequired (ITI TF-2 §3.55.4.2.2.6); every other coded issue
 * goes in detectedIssueEvent/mitigatedBy/detectedIssueManagement (§3.55.4.2.2.7), as OpenNCP does.
 */
export function asksForMoreInput(issue: { code: string; codeSystem?: string }): boolean {
  if (issue.codeSystem === CodeSystem.iheRequiredParameters) return true;
  return issue.codeSystem === CodeSystem.ehdsiXcpd && ['AdditionalDemographicsRequested', 'DemographicsQueryNotAllowed', 'EHICDataRequested', 'PatientAuthenticationRequired'].includes(issue.code);
}

/** Code systems whose codes are carried in reasonOf/detectedIssueEvent rather than acknowledgementDetail. */
export const DETECTED_ISSUE_SYSTEMS: ReadonlySet<string> = new Set([CodeSystem.iheRequiredParameters, CodeSystem.iheIssueManagement, CodeSystem.ehdsiXcpd]);
