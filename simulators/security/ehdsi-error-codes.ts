/**
 * eHDSI business error codes the gateways answer security and policy refusals with (as a
 * RegistryError errorCode in XCA / XCA-I, a DetectedIssue in XCPD). Codes and meanings as the
 * eHDSI specifications define them and OpenNCP carries them (`OpenNCPErrorCode`,
 * `EhdsiErrorCode`); only the ones this harness can produce or must recognise are listed.
 */

export interface EhdsiErrorCode {
  readonly code: string;
  /** Short display text (the `codeContext` prefix). */
  readonly display: string;
  /** When a responding gateway uses it. */
  readonly meaning: string;
}

function entry(code: string, display: string, meaning: string): EhdsiErrorCode {
  return { code, display, meaning };
}

export const EhdsiError = {
  notValidAssertion: entry('1001', 'Assertion is not valid', 'The identity assertion could not be validated.'),
  notValidTrcAssertion: entry('1002', 'TRC assertion not valid', 'The given TRC assertion does not validate against the identity assertion.'),
  noDocuments: entry('1100', 'No documents', 'No documents are registered for the given patient.'),
  unknownSignifier: entry('4202', 'Unknown Signifier', 'The requested class code is not supported.'),
  unknownPatientIdentifier: entry('4206', 'Unknown Patient Identifier', 'The patient identifier in the query differs from the patient identifier in the TRC assertion.'),
  noConsent: entry('4701', 'No consent', 'The patient has not given consent to the requested service.'),
  weakAuthentication: entry('4702', 'Weak Authentication', 'Country A requests a higher authentication trust level than assigned to the HP.'),
  insufficientRights: entry('4703', 'Insufficient rights', 'Either the security policy of country A or a privacy policy of the patient does not allow the requested operation to be performed by the HP.'),
  noSignature: entry('4704', 'No Signature', 'Country A only accepts data of the given kind if it is digitally signed by an HP.'),
  policyViolation: entry('4705', 'Policy violation', 'The request violates a policy of country A.'),
  genericBusinessError: entry('4999', 'Generic business error', 'Generic business error code.'),
  hpiInsufficientInformation: entry('5040', 'ERROR_HPI_INSUFFICIENT_INFORMATION', 'Information provided about the HP is insufficient.'),
  hpiAuthenticationNotReceived: entry('5043', 'ERROR_HPI_AUTHENTICATION_NOT_RECEIVED', 'HP authentication method has not been received by the Country of Affiliation.'),
  secGeneric: entry('5029', 'ERROR_SEC_GENERIC', 'SEC error when no other SEC business code applies.'),
  secDataIntegrityNotEnsured: entry('5031', 'ERROR_SEC_DATA_INTEGRITY_NOT_ENSURED', 'Integrity of the exchanged data cannot be ensured by the Country of Affiliation, such as with insufficient or invalidated SAML assertions.'),
} as const satisfies Record<string, EhdsiErrorCode>;

const BY_CODE: ReadonlyMap<string, EhdsiErrorCode> = new Map(Object.values(EhdsiError).map((e) => [e.code, e]));

/** The table entry for a code, e.g. "4206"; undefined for codes not in the table. */
export function ehdsiError(code: string): EhdsiErrorCode | undefined {
  return BY_CODE.get(code);
}
