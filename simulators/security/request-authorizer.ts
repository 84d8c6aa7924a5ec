/**
 * The responding gateway's `RequestAuthorizer` (NCP-A): checks the eHDSI assertions of a received
 * request and answers the way a country-of-affiliation NCP does. The checks run in the order of
 * docs/security.md, first refusal wins:
 *
 *   envelope and wsse:Security shape → signatures and signer trust → assertion kinds present →
 *   validity period → audience → HCP claims → TRC claims and link → permission → patient → consent
 *
 * Token problems are SOAP faults with WS-Security subcodes; policy refusals are eHDSI errors
 * answered in a normal response (4703 permission, 4206 patient, 4701 consent).
 */
import type { AuthorizationOutcome, AuthorizationRequest, HcpClaims, RequestAuthorizer, TrcClaims } from '../ncp/gateway-security.ts';
import { Subcode } from '../soap/soap-fault.ts';
import type { IncomingSoap } from '../soap/soap-request.ts';
import { hcpClaims, isPurposeOfUse, readFacts, trcClaims, type AssertionFacts } from './assertion-claims.ts';
import { EhdsiError } from './ehdsi-error-codes.ts';
import { missingPermissions, DEFAULT_PERMISSION_POLICY, type PermissionPolicy } from './permissions.ts';
import { ehdsiRefusal, fault, isRefusal, type Refusal } from './refusal.ts';
import { MAX_HCP_VALIDITY_MS, MAX_TRC_VALIDITY_MS, Qualifier, X_BORDER_AUDIENCE } from './saml-names.ts';
import { locateSecurityHeader } from './security-header.ts';
import { checkAssertionSignature } from './signature-check.ts';
import { createTrustStore } from './trust-store.ts';

export interface RequestAuthorizerOptions {
  /** PEM certificates of the CAs whose signing certificates are believed. */
  readonly trustedCaPems: readonly string[];
  /** Whether the patient (CX id^^^&oid&ISO) has consented to cross-border access. */
  readonly consent: (patientId: string) => boolean | Promise<boolean>;
  readonly clock?: () => Date;
  /** Tolerated clock difference between the gateways; 60 s by default. */
  readonly clockSkewMs?: number;
  readonly audience?: string;
  readonly permissions?: PermissionPolicy;
}

export const DEFAULT_CLOCK_SKEW_MS = 60_000;

interface Verified {
  readonly facts: AssertionFacts;
}

export function createRequestAuthorizer(options: RequestAuthorizerOptions): RequestAuthorizer {
  const trust = createTrustStore(options.trustedCaPems);
  const clock = options.clock ?? (() => new Date());
  const skew = options.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
  const audience = options.audience ?? X_BORDER_AUDIENCE;
  const policy = options.permissions ?? DEFAULT_PERMISSION_POLICY;

  function checkTimes(kind: string, facts: AssertionFacts, maxValidityMs: number, now: Date): Refusal | undefined {
    const { notBefore, notOnOrAfter } = facts;
    if (!notBefore || !notOnOrAfter) return fault(Subcode.invalidSecurityToken, `${kind} assertion ${facts.id} lacks Conditions NotBefore/NotOnOrAfter`);
    if (now.getTime() + skew < notBefore.getTime()) return fault(Subcode.invalidSecurityToken, `${kind} assertion ${facts.id} is not valid before ${notBefore.toISOString()} (now ${now.toISOString()})`);
    if (now.getTime() - skew >= notOnOrAfter.getTime()) return fault(Subcode.messageExpired, `${kind} assertion ${facts.id} expired at ${notOnOrAfter.toISOString()} (now ${now.toISOString()})`);
    const lifetime = notOnOrAfter.getTime() - notBefore.getTime();
    if (lifetime > maxValidityMs) return fault(Subcode.invalidSecurityToken, `${kind} assertion ${facts.id} is valid for ${Math.round(lifetime / 60_000)} min; eHDSI allows at most ${maxValidityMs / 60_000} min`);
    if (!facts.audiences.includes(audience)) return fault(Subcode.invalidSecurityToken, `${kind} assertion ${facts.id} is not for audience ${audience} (has: ${facts.audiences.join(', ') || 'none'})`);
    return undefined;
  }

  async function authorize(request: IncomingSoap, what: AuthorizationRequest): Promise<AuthorizationOutcome> {
    const now = clock();
    const header = locateSecurityHeader(request.raw);
    if (isRefusal(header)) return header;
    if (header.assertions.length === 0) return fault(Subcode.securityTokenUnavailable, 'wsse:Security carries no SAML assertion');

    const verified: Verified[] = [];
    for (const assertion of header.assertions) {
      const signed = checkAssertionSignature(assertion, header.xml, trust, now);
      if (isRefusal(signed)) return signed;
      verified.push({ facts: readFacts(signed.signed) });
    }
    const byKind = (qualifier: string): AssertionFacts[] => verified.filter((v) => v.facts.qualifier === qualifier).map((v) => v.facts);
    const stranger = verified.find((v) => !(Object.values(Qualifier) as string[]).includes(v.facts.qualifier));
    if (stranger) return fault(Subcode.invalidSecurityToken, `assertion ${stranger.facts.id} has Issuer NameQualifier "${stranger.facts.qualifier}", not an eHDSI assertion kind`);
    const hcps = byKind(Qualifier.hcp);
    const trcs = byKind(Qualifier.trc);
    if (hcps.length === 0) return fault(Subcode.securityTokenUnavailable, `no HCP identity assertion (Issuer NameQualifier ${Qualifier.hcp}); eHDSI ${EhdsiError.hpiAuthenticationNotReceived.display}`);
    if (hcps.length > 1 || trcs.length > 1) return fault(Subcode.invalidSecurity, `expected one HCP and at most one TRC assertion, found ${hcps.length} and ${trcs.length}`);
    if (what.requireTrc && trcs.length === 0) return fault(Subcode.securityTokenUnavailable, `${what.transaction} requires a TRC assertion (Issuer NameQualifier ${Qualifier.trc})`);
    const hcpFacts = hcps[0]!;
    const trcFacts = trcs[0];

    const timing = checkTimes('HCP', hcpFacts, MAX_HCP_VALIDITY_MS, now) ?? (trcFacts && checkTimes('TRC', trcFacts, MAX_TRC_VALIDITY_MS, now));
    if (timing) return timing;

    const hcp = hcpClaims(hcpFacts);
    if (typeof hcp === 'string') return fault(Subcode.invalidSecurityToken, `${hcp}; eHDSI ${EhdsiError.hpiInsufficientInformation.display}`);
    if (!isPurposeOfUse(hcp.purposeOfUse)) return ehdsiRefusal(EhdsiError.insufficientRights, `purpose of use "${hcp.purposeOfUse}" is neither TREATMENT nor EMERGENCY`);

    let trc: TrcClaims | undefined;
    if (trcFacts) {
      const claims = trcClaims(trcFacts);
      if (typeof claims === 'string') return fault(Subcode.invalidSecurityToken, claims);
      if (claims.hcpAssertionId !== hcp.assertionId) {
        return fault(Subcode.invalidSecurityToken, `TRC assertion ${claims.assertionId} refers to HCP assertion ${claims.hcpAssertionId}, not ${hcp.assertionId}; eHDSI ${EhdsiError.notValidTrcAssertion.code} ${EhdsiError.notValidTrcAssertion.meaning}`);
      }
      if (!isPurposeOfUse(claims.purposeOfUse)) return ehdsiRefusal(EhdsiError.insufficientRights, `TRC purpose of use "${claims.purposeOfUse}" is neither TREATMENT nor EMERGENCY`);
      trc = claims;
    }

    const lacking = missingPermissions(policy, what.transaction, hcp.permissions);
    if (lacking.length > 0) return ehdsiRefusal(EhdsiError.insufficientRights, `${what.transaction} needs ${lacking.join(', ')}, which the HCP assertion does not grant`);

    if (trc && what.patientId !== undefined && !samePatient(trc.patientId, what.patientId)) {
      return ehdsiRefusal(EhdsiError.unknownPatientIdentifier, `the request is about ${what.patientId} but the TRC assertion confirms a treatment relationship with ${trc.patientId}`);
    }

    const emergency = (trc ?? hcp).purposeOfUse === 'EMERGENCY';
    const patient = trc?.patientId ?? what.patientId;
    if (patient !== undefined && !emergency && !(await options.consent(patient))) {
      return ehdsiRefusal(EhdsiError.noConsent, `no consent on record for patient ${patient}`);
    }
    return ok(hcp, trc, emergency);
  }

  return { authorize };
}

function ok(hcp: HcpClaims, trc: TrcClaims | undefined, emergency: boolean): AuthorizationOutcome {
  return { ok: true, hcp, ...(trc && { trc }), emergency };
}

/**
 * CX identifiers compare by ID and assigning authority OID (id^^^&oid&ISO), ignoring the quotes
 * of an ITI-38 slot value; other forms compare as text.
 */
export function samePatient(a: string, b: string): boolean {
  const key = (cx: string): string => {
    const bare = cx.trim().replace(/^'(.*)'$/, '$1');
    const m = /^([^^]*)\^\^\^(?:([^&]*)&)?([^&]*)(?:&.*)?$/.exec(bare);
    return m ? `${m[1]}|${m[3]}` : bare;
  };
  return key(a) === key(b);
}
