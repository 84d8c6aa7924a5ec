/**
 * The seam between the NCP gateways and eHDSI security. The gateways never parse SAML themselves:
 * the responding side asks a `RequestAuthorizer` whether a request may go on; the initiating side
 * asks an `AssertionProvider` for the WS-Security header to send. `simulators/security/`
 * implements both; tests may plug in their own.
 */
import type { IncomingSoap } from '../soap/soap-request.ts';
import type { XmlOut } from '../soap/xml-write.ts';

export type PurposeOfUse = 'TREATMENT' | 'EMERGENCY';

/** What the HCP identity assertion says about the requester (eHDSI SAML HCP assertion). */
export interface HcpClaims {
  readonly assertionId: string;
  /** XSPA subject-id: the HCP's name. */
  readonly subjectId: string;
  /** NameID of the subject (e.g. the HCP's identifier). */
  readonly nameId: string;
  /** ISCO-08 role code, e.g. "221" (medical doctors). */
  readonly role: string;
  readonly organisation: string;
  readonly organisationId: string;
  /** eHDSI facility type, e.g. "Hospital". */
  readonly facilityType: string;
  readonly purposeOfUse: PurposeOfUse;
  /** Country (ISO 3166-1 alpha-2) the HCP works in. */
  readonly locality: string;
  /** urn:oasis:names:tc:xspa:1.0:subject:hl7:permission values, e.g. "urn:oasis:names:tc:xspa:1.0:subject:hl7:permission:PRD-006". */
  readonly permissions: readonly string[];
}

/** What the Treatment Relationship Confirmation assertion says. */
export interface TrcClaims {
  readonly assertionId: string;
  /** Patient identifier (CX: id^^^&oid&ISO). */
  readonly patientId: string;
  readonly purposeOfUse: PurposeOfUse;
  /** AssertionIDRef in the Advice: the HCP assertion it belongs to. */
  readonly hcpAssertionId: string;
}

/** Which transaction is being authorised and for whom. */
export interface AuthorizationRequest {
  /** "ITI-55", "ITI-38", "ITI-39", "RAD-75". */
  readonly transaction: string;
  /** XCA / XCA-I need a TRC assertion; XCPD only the HCP assertion. */
  readonly requireTrc: boolean;
  /**
   * The patient the request is about, when the message names one: ITI-38 always does (any patient
   * parameter of the stored query; NCP-A refuses a query naming none before asking). ITI-39 and
   * RAD-75 name documents only: NCP-A checks ITI-39's documents against the TRC patient afterwards
   * (RAD-75's instances cannot be matched yet, see xcai-responding-gateway.ts).
   */
  readonly patientId?: string;
}

export type AuthorizationOutcome =
  | { readonly ok: true; readonly hcp: HcpClaims; readonly trc?: TrcClaims; readonly emergency: boolean }
  | {
      readonly ok: false;
      /**
       * How the refusal is answered: `fault` = SOAP fault with a WS-Security subcode (bad, missing,
       * unsigned or expired token, wrong audience); `error` = a normal response carrying the eHDSI
       * error code (e.g. 4206 patient mismatch) as a RegistryError / HL7v3 DetectedIssue.
       */
      readonly answer: 'fault' | 'error';
      /** WS-Security fault subcode (e.g. "wsse:FailedCheck", "wsse:InvalidSecurityToken") or eHDSI error code ("4206"). */
      readonly code: string;
      readonly message: string;
    };

export interface RequestAuthorizer {
  authorize(request: IncomingSoap, what: AuthorizationRequest): AuthorizationOutcome | Promise<AuthorizationOutcome>;
}

/** What the initiating gateway needs to vouch for its local requester. */
export interface AssertionRequest {
  readonly purposeOfUse: PurposeOfUse;
  /** Set for XCA / XCA-I calls (a TRC is issued for this patient). */
  readonly patientId?: string;
  /** Overrides the gateway's default HCP (e.g. from the local request). */
  readonly hcp?: Partial<Omit<HcpClaims, 'assertionId' | 'purposeOfUse'>>;
}

export interface AssertionProvider {
  /** The wsse:Security header block to add to the outgoing request (signed assertions inserted verbatim). */
  securityHeader(request: AssertionRequest): XmlOut | Promise<XmlOut>;
}

/** Lets everything through: for unit tests of message handling only. */
export const allowAll: RequestAuthorizer = {
  authorize: (_request, what) => ({
    ok: true,
    emergency: false,
    hcp: { assertionId: '_test', subjectId: 'Test HCP', nameId: 'test', role: '221', organisation: 'Test', organisationId: 'urn:oid:1.2.3', facilityType: 'Hospital', purposeOfUse: 'TREATMENT', locality: 'XX', permissions: [] },
    ...(what.requireTrc && what.patientId !== undefined && { trc: { assertionId: '_trc', patientId: what.patientId, purposeOfUse: 'TREATMENT' as const, hcpAssertionId: '_test' } }),
  }),
};
