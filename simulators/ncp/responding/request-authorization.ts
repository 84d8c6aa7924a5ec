/**
 * Asks the injected authorizer about one request and turns its answer into what the gateway does:
 * a `fault` refusal becomes the SOAP fault (thrown, so the endpoint answers and records it); an
 * `error` refusal is returned for the face to answer in its own response format; an emergency
 * (break-the-glass) access is recorded as evidence before anything else happens.
 */
import type { EvidenceSink } from '../../evidence/evidence.ts';
import type { SoapContext } from '../../soap/soap-endpoint.ts';
import type { IncomingSoap } from '../../soap/soap-request.ts';
import { refusalFault } from '../../security/refusal.ts';
import type { AuthorizationOutcome, AuthorizationRequest, RequestAuthorizer } from '../gateway-security.ts';
import { NCP_A_ACTOR } from './gateway-options.ts';

export type ErrorRefusal = Extract<AuthorizationOutcome, { ok: false }> & { readonly answer: 'error' };
export type Granted = Extract<AuthorizationOutcome, { ok: true }>;

export async function authorizeRequest(
  deps: { readonly authorizer: RequestAuthorizer; readonly evidence: EvidenceSink },
  request: IncomingSoap,
  context: SoapContext,
  what: AuthorizationRequest,
): Promise<Granted | ErrorRefusal> {
  const outcome = await deps.authorizer.authorize(request, what);
  if (!outcome.ok) {
    if (outcome.answer === 'fault') throw refusalFault(outcome);
    return outcome as ErrorRefusal;
  }
  if (outcome.emergency) {
    // The audit repository arrives later; until then the evidence keeps the break-the-glass trace.
    void deps.evidence.record({
      actor: NCP_A_ACTOR,
      peer: context.peer,
      transaction: 'break-the-glass',
      direction: 'request',
      format: 'json',
      association: context.association,
      body: { json: { hcp: outcome.hcp, patient: what.patientId ?? outcome.trc?.patientId ?? null, transaction: what.transaction } },
    });
  }
  return outcome;
}
