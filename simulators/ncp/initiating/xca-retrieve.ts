/**
 * ITI-39 initiating (and ITI-43 from local consumers): DocumentRequests grouped by
 * HomeCommunityId, one ITI-39 per community, DocumentResponses and their MTOM parts merged.
 * A request without HomeCommunityId is routed by the community the document was last seen in
 * (the gateway's ITI-38 answers); an unknown community gives XDSUnknownCommunity for its
 * documents, an unreachable one XDSUnavailableCommunity. The TRC patient of each document comes
 * from the same memory, else from the X-Ixh-Patient-Id header; a document with neither is answered
 * locally with XDSRegistryError and never sent (retrieve-fan-out.ts).
 */
import { NS } from '../../soap/namespaces.ts';
import type { SoapReply } from '../../soap/soap-endpoint.ts';
import { SoapFaultError, Subcode } from '../../soap/soap-fault.ts';
import type { IncomingSoap } from '../../soap/soap-request.ts';
import { retrieveRequest } from '../../registry/xds-requests.ts';
import type { RegistryErrorItem } from '../../registry/registry-response.ts';
import { ErrorCode } from '../../registry/xds-constants.ts';
import { GatewayAction } from './cross-gateway-actions.ts';
import type { Community } from './gateway-config.ts';
import { findCommunity, type GatewayDeps, type LocalContext } from './local-context.ts';
import { groupByTrcPatient, retrieveFromCommunities, type ArrivedDocument } from './retrieve-fan-out.ts';
import { retrieveAnswer } from '../retrieve-answer.ts';
import { readDocumentRequests } from '../xca-requests.ts';

export interface RoutedDocuments<T> {
  readonly groups: Map<Community, T[]>;
  readonly errors: RegistryErrorItem[];
}

/** Groups requests by the community that holds them; unroutable ones become XDSUnknownCommunity errors. */
export function routeByCommunity<T extends { homeCommunityId?: string; documentUniqueId: string }>(deps: GatewayDeps, requests: readonly T[]): RoutedDocuments<T & { homeCommunityId: string }> {
  const groups = new Map<Community, (T & { homeCommunityId: string })[]>();
  const errors: RegistryErrorItem[] = [];
  for (const r of requests) {
    const home = r.homeCommunityId || deps.memory.homeOf(r.documentUniqueId);
    const community = home ? findCommunity(deps.config, home) : undefined;
    if (!home || !community) {
      const why = home ? `homeCommunityId ${home} is not a community this gateway can reach` : 'no HomeCommunityId given and the document was not in an earlier answer of this gateway';
      errors.push({ errorCode: ErrorCode.unknownCommunity, codeContext: `document ${r.documentUniqueId}: ${why}`, location: r.documentUniqueId });
      continue;
    }
    const group = groups.get(community) ?? [];
    group.push({ ...r, homeCommunityId: community.homeCommunityId });
    groups.set(community, group);
  }
  return { groups, errors };
}

export async function initiateRetrieve(deps: GatewayDeps, request: IncomingSoap, local: LocalContext, onArrived: (documents: ArrivedDocument[]) => void): Promise<SoapReply> {
  const body = request.envelope.body;
  if (body.ns !== NS.xdsb || body.local !== 'RetrieveDocumentSetRequest') {
    throw new SoapFaultError('Sender', `retrieve body must be xdsb:RetrieveDocumentSetRequest, got {${body.ns}}${body.local}`, [Subcode.badBody]);
  }
  const asked = readDocumentRequests(body);
  if (asked.length === 0) {
    return retrieveAnswer([], [{ errorCode: ErrorCode.repositoryError, codeContext: 'RetrieveDocumentSetRequest without DocumentRequest' }]);
  }
  const routed = routeByCommunity(deps, asked);
  const byPatient = groupByTrcPatient(routed.groups, (c, d) => deps.memory.document(c.homeCommunityId, d.documentUniqueId)?.patientId, local.patientIdHint);
  const fanOut = await retrieveFromCommunities(
    deps,
    local,
    { transaction: 'ITI-39', action: GatewayAction.crossGatewayRetrieve, url: (c) => c.xcaRetrieveUrl },
    byPatient.groups.map(({ community, patientId, documents }) => ({ community, patientId, body: retrieveRequest(documents) })),
  );
  const merged = retrieveAnswer(fanOut.documents, [...routed.errors, ...byPatient.errors, ...fanOut.errors]);
  if (fanOut.documents.length > 0) onArrived(fanOut.documents);
  return { ...merged, outcome: `${merged.status} (${fanOut.documents.length}/${asked.length} documents)` };
}
