/**
 * ITI-39 Cross Gateway Retrieve on the responding side (ITI TF-2 §3.39.4.1.3): each DocumentRequest
 * must name this community (else XDSUnknownCommunity) and a known repository (else
 * XDSUnknownRepositoryId); the request is authorised with its TRC, the documents are checked to
 * belong to the TRC's patient (document-owners.ts), fetched from their repositories with ITI-43
 * (XDSRepositoryNotAvailable when one is down) and returned with HomeCommunityId added.
 */
import { NS } from '../../soap/namespaces.ts';
import type { SoapContext, SoapReply } from '../../soap/soap-endpoint.ts';
import { SoapFaultError, Subcode } from '../../soap/soap-fault.ts';
import type { IncomingSoap } from '../../soap/soap-request.ts';
import type { RegistryErrorItem } from '../../registry/registry-response.ts';
import { readRetrieveDocumentSetResponse, type RetrievedDocument } from '../../registry/retrieve-response.ts';
import { retrieveRequest } from '../../registry/xds-requests.ts';
import { Action, ErrorCode } from '../../registry/xds-constants.ts';
import { callBackend } from './backend-call.ts';
import { documentOwners } from './document-owners.ts';
import type { BackendOptions, FaceOptions, RespondingGatewayOptions } from './gateway-options.ts';
import { authorizeRequest } from './request-authorization.ts';
import { homedIn, retrieveAnswer } from '../retrieve-answer.ts';
import { readDocumentRequests, type DocumentAddress } from '../xca-requests.ts';

export type RetrieveOptions = FaceOptions & BackendOptions & Pick<RespondingGatewayOptions, 'registryUrl' | 'repositories'>;

export async function crossGatewayRetrieve(options: RetrieveOptions, request: IncomingSoap, context: SoapContext): Promise<SoapReply> {
  const body = request.envelope.body;
  if (body.ns !== NS.xdsb || body.local !== 'RetrieveDocumentSetRequest') throw new SoapFaultError('Sender', `ITI-39 body must be xdsb:RetrieveDocumentSetRequest, got ${body.local}`, [Subcode.badBody]);
  const asked = readDocumentRequests(body);
  const errors: RegistryErrorItem[] = [];
  if (asked.length === 0) return retrieveAnswer([], [{ errorCode: ErrorCode.repositoryError, codeContext: 'RetrieveDocumentSetRequest without DocumentRequest', location: options.homeCommunityId }]);

  const granted = await authorizeRequest(options, request, context, { transaction: 'ITI-39', requireTrc: true });
  if (!granted.ok) return retrieveAnswer([], [{ errorCode: granted.code, codeContext: granted.message, location: options.homeCommunityId }]);

  let wanted = asked.filter((r) => {
    if (r.homeCommunityId === options.homeCommunityId) return true;
    errors.push({ errorCode: ErrorCode.unknownCommunity, codeContext: `home community ${r.homeCommunityId || '(none)'} is not this gateway's (${options.homeCommunityId})`, location: r.documentUniqueId });
    return false;
  });
  wanted = wanted.filter((r) => {
    if (options.repositories[r.repositoryUniqueId] !== undefined) return true;
    errors.push({ errorCode: ErrorCode.unknownRepositoryId, codeContext: `repository ${r.repositoryUniqueId || '(none)'} is not known in this community`, location: r.documentUniqueId });
    return false;
  });
  if (granted.trc && wanted.length > 0) wanted = await keepTrcPatientDocuments(options, granted.trc.patientId, wanted, errors);

  const documents: RetrievedDocument[] = [];
  for (const [repositoryUniqueId, docs] of groupBy(wanted, (r) => r.repositoryUniqueId)) {
    const forwarded = await callBackend(options, { url: options.repositories[repositoryUniqueId]!, action: Action.retrieveRequest, body: retrieveRequest(docs.map(({ repositoryUniqueId: repo, documentUniqueId }) => ({ repositoryUniqueId: repo, documentUniqueId }))), transaction: 'ITI-43' });
    if (!forwarded.ok) {
      for (const d of docs) errors.push({ errorCode: ErrorCode.repositoryNotAvailable, codeContext: `repository ${repositoryUniqueId} not available: ${forwarded.reason}`, location: d.documentUniqueId });
      continue;
    }
    const read = readRetrieveDocumentSetResponse(forwarded.answer.envelope.body, forwarded.answer.attachments);
    errors.push(...read.errors);
    documents.push(...read.documents);
  }
  return retrieveAnswer(homedIn(options.homeCommunityId, documents), errors);
}

async function keepTrcPatientDocuments(options: RetrieveOptions, patientId: string, wanted: DocumentAddress[], errors: RegistryErrorItem[]): Promise<DocumentAddress[]> {
  const owners = await documentOwners(options, wanted.map((r) => r.documentUniqueId));
  if (!owners.ok) {
    for (const r of wanted) errors.push({ errorCode: ErrorCode.registryNotAvailable, codeContext: `cannot check the document's patient: ${owners.reason}`, location: r.documentUniqueId });
    return [];
  }
  return wanted.filter((r) => {
    if (owners.patientOf.get(r.documentUniqueId) === patientId) return true;
    // Same answer for "unknown" and "another patient's": nothing about other patients leaks.
    errors.push({ errorCode: ErrorCode.documentUniqueIdError, codeContext: `document ${r.documentUniqueId} is not available for the patient of the TRC assertion`, location: r.documentUniqueId });
    return false;
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
