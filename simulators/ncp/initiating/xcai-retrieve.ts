/**
 * RAD-69 on the initiating imaging gateway: a local Imaging Document Consumer asks for images
 * with a HomeCommunityId per DocumentRequest; each community gets one RAD-75 carrying its own
 * studies/series/documents and the same TransferSyntaxUIDList; the answers are merged into one
 * RAD-69 response (MTOM). The TRC patient is looked up by (community, Study Instance UID) from
 * the KOS entries of earlier ITI-38 answers, else taken from X-Ixh-Patient-Id; an image with
 * neither is answered locally with XDSRegistryError and never sent (retrieve-fan-out.ts).
 */
import type { SoapReply } from '../../soap/soap-endpoint.ts';
import type { IncomingSoap } from '../../soap/soap-request.ts';
import { buildImagingRetrieveRequest, readImagingRetrieveRequest, requestedInstances, type ImagingInstanceRequest } from '../../imaging-source/rad69-messages.ts';
import { GatewayAction } from './cross-gateway-actions.ts';
import type { GatewayDeps, LocalContext } from './local-context.ts';
import { groupByTrcPatient, retrieveFromCommunities, type ArrivedDocument } from './retrieve-fan-out.ts';
import { retrieveAnswer } from '../retrieve-answer.ts';
import { routeByCommunity } from './xca-retrieve.ts';

/** RAD-75 body for one community: its instances regrouped under their study and series. */
export function imagingRequestFor(instances: readonly (ImagingInstanceRequest & { homeCommunityId: string })[], transferSyntaxUids: readonly string[]): ReturnType<typeof buildImagingRetrieveRequest> {
  const studies = new Map<string, Map<string, ImagingInstanceRequest[]>>();
  for (const d of instances) {
    const series = studies.get(d.studyInstanceUid) ?? new Map<string, ImagingInstanceRequest[]>();
    series.set(d.seriesInstanceUid, [...(series.get(d.seriesInstanceUid) ?? []), d]);
    studies.set(d.studyInstanceUid, series);
  }
  return buildImagingRetrieveRequest({
    studies: [...studies].map(([studyInstanceUid, series]) => ({
      studyInstanceUid,
      series: [...series].map(([seriesInstanceUid, docs]) => ({
        seriesInstanceUid,
        documents: docs.map((d) => ({ ...(d.homeCommunityId !== undefined && { homeCommunityId: d.homeCommunityId }), repositoryUniqueId: d.repositoryUniqueId, documentUniqueId: d.documentUniqueId })),
      })),
    })),
    transferSyntaxUids: [...transferSyntaxUids],
  });
}

export async function initiateImagingRetrieve(deps: GatewayDeps, request: IncomingSoap, local: LocalContext, onArrived: (documents: ArrivedDocument[]) => void): Promise<SoapReply> {
  // A malformed request is answered with a Sender fault naming the first problem.
  const parsed = readImagingRetrieveRequest(request.envelope.body);
  const documents = requestedInstances(parsed);
  const { transferSyntaxUids } = parsed;
  const routed = routeByCommunity(deps, documents);
  const byPatient = groupByTrcPatient(routed.groups, (c, d) => deps.memory.patientOfStudy(c.homeCommunityId, d.studyInstanceUid), local.patientIdHint);
  const studyOf = new Map(documents.map((d) => [d.documentUniqueId, d.studyInstanceUid]));
  const fanOut = await retrieveFromCommunities(
    deps,
    local,
    { transaction: 'RAD-75', action: GatewayAction.crossGatewayImagingRetrieve, url: (c) => c.xcaiRetrieveUrl },
    byPatient.groups.map(({ community, patientId, documents: docs }) => ({ community, patientId, body: imagingRequestFor(docs, transferSyntaxUids) })),
    (d) => {
      const study = studyOf.get(d.documentUniqueId);
      return study ? [study] : [];
    },
  );
  const merged = retrieveAnswer(fanOut.documents, [...routed.errors, ...byPatient.errors, ...fanOut.errors]);
  if (fanOut.documents.length > 0) onArrived(fanOut.documents);
  return { ...merged, outcome: `${merged.status} (${fanOut.documents.length}/${documents.length} images)` };
}
