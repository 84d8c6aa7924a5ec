/**
 * The RetrieveDocumentSetResponse a gateway sends: NCP-A for ITI-39 and RAD-75, NCP-B the merged
 * answer to its local ITI-43 / ITI-39 / RAD-69. Each document carries its HomeCommunityId and
 * travels as an MTOM part of its own (never base64, never copied); the errors are the peers' and
 * the gateway's own, and the status follows from both by the rule of `statusFor` (PartialSuccess
 * when some documents came and some failed).
 */
import { hrefForCid, newContentId, type OutgoingAttachment } from '../soap/mtom.ts';
import { declare } from '../soap/namespaces.ts';
import type { SoapReply } from '../soap/soap-endpoint.ts';
import { el, type XmlOut } from '../soap/xml-write.ts';
import { registryResponse, statusFor, type RegistryErrorItem, type StatusName } from '../registry/registry-response.ts';
import type { RetrievedDocument } from '../registry/retrieve-response.ts';

export interface RetrieveAnswer extends SoapReply {
  readonly status: StatusName;
  readonly attachments: OutgoingAttachment[];
}

export function retrieveAnswer(documents: readonly (RetrievedDocument & { readonly homeCommunityId: string })[], errors: readonly RegistryErrorItem[]): RetrieveAnswer {
  const attachments: OutgoingAttachment[] = [];
  const responses: XmlOut[] = documents.map((d) => {
    const contentId = newContentId(attachments.length + 1);
    attachments.push({ contentId, contentType: d.mimeType || 'application/octet-stream', body: d.bytes });
    return el(
      'xdsb:DocumentResponse',
      undefined,
      el('xdsb:HomeCommunityId', undefined, d.homeCommunityId),
      el('xdsb:RepositoryUniqueId', undefined, d.repositoryUniqueId),
      el('xdsb:DocumentUniqueId', undefined, d.documentUniqueId),
      el('xdsb:mimeType', undefined, d.mimeType),
      el('xdsb:Document', undefined, el('xop:Include', { href: hrefForCid(contentId) })),
    );
  });
  const status = statusFor(errors, responses.length > 0);
  return {
    status,
    body: el('xdsb:RetrieveDocumentSetResponse', declare('xdsb', 'rs', 'rim', 'xop'), registryResponse(status, errors, false), responses),
    attachments,
    mtom: true,
    outcome: status,
  };
}

/** The documents as this community's: a responding gateway answers with its own HomeCommunityId. */
export function homedIn<D extends RetrievedDocument>(homeCommunityId: string, documents: readonly D[]): (D & { readonly homeCommunityId: string })[] {
  return documents.map((d) => ({ ...d, homeCommunityId }));
}
