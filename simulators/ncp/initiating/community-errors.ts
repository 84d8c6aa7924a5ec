/**
 * The error items NCP-B puts in its answer to a local request for what went wrong with one
 * community, or before any community was asked:
 *
 * - unavailable: unreachable, timed out, HTTP 5xx, an env:Receiver fault or an unusable answer →
 *   XDSUnavailableCommunity (ITI TF-3 Table 4.2.4.1-2), located at the community.
 * - refused: the community answered a SOAP fault other than env:Receiver (typically env:Sender
 *   with a WS-Security subcode on the assertions). It is reachable, so not "unavailable": the item
 *   carries the fault's subcode as errorCode (e.g. `wsse:FailedCheck`, `XDSRegistryError` for a
 *   fault without subcode), the way eHDSI error codes (4701, 4206) travel as errorCodes too, and a
 *   codeContext naming the community, the fault code and its reason.
 * - no TRC patient: NCP-B does not know which patient a requested document belongs to (not in an
 *   earlier ITI-38 answer) and the local request sent no X-Ixh-Patient-Id. No request goes out (a
 *   TRC assertion cannot be issued without a patient); XDSRegistryError, located at the document.
 */
import type { RegistryErrorItem } from '../../registry/registry-response.ts';
import { ErrorCode } from '../../registry/xds-constants.ts';
import type { CommunityResult } from './community-call.ts';
import type { Community } from './gateway-config.ts';

export function unavailable(community: Community, reason: string): RegistryErrorItem {
  return { errorCode: ErrorCode.unavailableCommunity, codeContext: `community of ${community.country} (${community.homeCommunityId}) unavailable: ${reason}`, location: community.homeCommunityId };
}

/** The item for a failed call: refused when the community answered a fault, else unavailable. */
export function communityError(result: Extract<CommunityResult, { ok: false }>): RegistryErrorItem {
  const { community, refusal } = result;
  if (!refusal) return unavailable(community, result.reason);
  const code = refusal.subcode ? `${refusal.code}/${refusal.subcode}` : refusal.code;
  return {
    errorCode: refusal.subcode ?? ErrorCode.registryError,
    codeContext: `community of ${community.country} (${community.homeCommunityId}) refused the request with SOAP fault ${code}: ${refusal.reason}`,
    location: community.homeCommunityId,
  };
}

export function noTrcPatient(community: Community, documentUniqueId: string): RegistryErrorItem {
  return {
    errorCode: ErrorCode.registryError,
    codeContext: `NCP-B cannot issue a TRC assertion: no patient known for document ${documentUniqueId} of community ${community.homeCommunityId} (${community.country}); query it first (ITI-38) or send X-Ixh-Patient-Id`,
    location: documentUniqueId,
  };
}
