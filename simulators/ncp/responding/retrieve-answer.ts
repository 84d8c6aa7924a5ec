/**
 * The RetrieveDocumentSetResponse a responding gateway sends for ITI-39 and RAD-75: each document
 * the backend returned, with this community's HomeCommunityId, its bytes passed on as an MTOM part
 * of their own (never base64); the backend's errors and the gateway's own, and the status that
 * follows from both (PartialSuccess when some documents came and some failed).
 */
import { hrefForCid, newContentId, type OutgoingAttachment } from '../../soap/mtom.ts';
import { declare } from '../../soap/namespaces.ts';
import type { SoapReply } from '../../soap/soap-endpoint.ts';
import { el, type XmlOut } from '../../soap/xml-write.ts';
import { registryResponse, statusFor, type RegistryErrorItem } from '../../registry/registry-response.ts';
import type { RetrievedDocument } from '../../registry/retrieve-response.ts';

export function retrieveAnswer(homeCommunityId: string, documents: readonly RetrievedDocument[], errors: readonly RegistryErrorItem[]): SoapReply {
  const attachments: OutgoingAttachment[] = [];
  const responses: XmlOut[] = documents.map((d) => {
    const contentId = newContentId(attachments.length + 1);
    attachments.push({ contentId, contentType: d.mimeType, body: d.bytes });
    return el(
      'xdsb:DocumentResponse',
      undefined,
      el('xdsb:HomeCommunityId', undefined, homeCommunityId),
      el('xdsb:RepositoryUniqueId', undefined, d.repositoryUniqueId),
      el('xdsb:DocumentUniqueId', undefined, d.documentUniqueId),
      el('xdsb:mimeType', undefined, d.mimeType),
      el('xdsb:Document', undefined, el('xop:Include', { href: hrefForCid(contentId) })),
    );
  });
  const status = statusFor(errors, responses.length > 0);
  return {
    body: el('xdsb:RetrieveDocumentSetResponse', declare('xdsb', 'rs', 'rim', 'xop'), registryResponse(status, errors, false), responses),
    attachments,
    mtom: true,
    outcome: status,
  };
}
