/**
 * Named faults of the simulated NCP-A (country A's responding gateway), so the `ncp-a` suite can
 * be proven to catch each one. Set in the world file as `ncpResponding: { fault: [...] }`; none
 * set = conformant. Each fault is one documented misbehaviour and nothing else:
 *
 *   accept-unsigned    grants a request whose assertion carries no ds:Signature (skips the signature check)
 *   accept-expired     grants a request whose HCP or TRC assertion has expired (wsse:MessageExpired never sent)
 *   ignore-consent     never answers 4701: patients without consent are served as if they had consented
 *   wrong-patient      never answers 4206: a TRC for one patient opens another patient's documents
 *   no-home-attribute  omits `home` on the ExtrinsicObjects, RegistryPackages and ObjectRefs of ITI-38 answers
 *   no-audit           answers as usual but sends no audit message (GEN-08)
 *
 * The security faults wrap the real authorizer and overturn only its one refusal; every other check
 * still runs first, so each fault is visible to exactly the check that tests it.
 */
import { allowAll, type AuthorizationOutcome, type AuthorizationRequest, type RequestAuthorizer } from '../gateway-security.ts';
import type { IncomingSoap } from '../../soap/soap-request.ts';

export const NCP_A_FAULTS = {
  'accept-unsigned': 'grants requests whose SAML assertions are not signed',
  'accept-expired': 'grants requests whose SAML assertions have expired',
  'ignore-consent': 'never refuses for missing consent (no eHDSI 4701)',
  'wrong-patient': 'never refuses a TRC for another patient (no eHDSI 4206)',
  'no-home-attribute': 'omits the home attribute on ITI-38 answer objects',
  'no-audit': 'sends no audit message to the audit record repository',
} as const;

export type NcpAFault = keyof typeof NCP_A_FAULTS;

export function isNcpAFault(text: string): text is NcpAFault {
  return Object.hasOwn(NCP_A_FAULTS, text);
}

/** The fault named `text`; throws naming the known ones otherwise. */
export function parseNcpAFault(text: string): NcpAFault {
  if (isNcpAFault(text)) return text;
  throw new Error(`unknown NCP-A fault "${text}" (known: ${Object.keys(NCP_A_FAULTS).join(', ')})`);
}

/** Which refusals each security fault overturns. */
const OVERTURNS: Partial<Record<NcpAFault, (refusal: Extract<AuthorizationOutcome, { ok: false }>) => boolean>> = {
  'accept-unsigned': (r) => r.answer === 'fault' && / is not signed$/.test(r.message),
  'accept-expired': (r) => r.answer === 'fault' && r.code === 'wsse:MessageExpired',
  'ignore-consent': (r) => r.answer === 'error' && r.code === '4701',
  'wrong-patient': (r) => r.answer === 'error' && r.code === '4206',
};

/** `authorizer`, except that the refusals the faults name are turned into grants. */
export function withNcpAFaults(authorizer: RequestAuthorizer, faults: readonly NcpAFault[]): RequestAuthorizer {
  const overturns = faults.flatMap((f) => OVERTURNS[f] ?? []);
  if (overturns.length === 0) return authorizer;
  return {
    async authorize(request: IncomingSoap, what: AuthorizationRequest): Promise<AuthorizationOutcome> {
      const outcome = await authorizer.authorize(request, what);
      if (outcome.ok || !overturns.some((o) => o(outcome))) return outcome;
      return allowAll.authorize(request, what);
    },
  };
}
