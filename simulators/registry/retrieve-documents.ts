/**
 * ITI-43 Retrieve Document Set on the repository side (ITI TF-2 §3.43.4.2): one DocumentResponse
 * per document found, XDSUnknownRepositoryId for another repository's id, XDSDocumentUniqueIdError
 * for an unknown document; PartialSuccess when only some are returned.
 */
import { hrefForCid, newContentId, type OutgoingAttachment } from '../soap/mtom.ts';
import { declare, NS } from '../soap/namespaces.ts';
import { element, elements, textOf, type XmlElement } from '../soap/xml-tree.ts';
import { el, type XmlOut } from '../soap/xml-write.ts';
import type { DocumentStore } from './document-store.ts';
import { registryResponse, statusFor, type RegistryErrorItem, type StatusName } from './registry-response.ts';
import { ErrorCode } from './xds-constants.ts';

export interface RetrieveAnswer {
  readonly status: StatusName;
  readonly body: XmlOut;
  readonly attachments: OutgoingAttachment[];
}

export function retrieveDocuments(request: XmlElement, repo: { repositoryUniqueId: string; documents: DocumentStore; homeCommunityId?: string }): RetrieveAnswer {
  const errors: RegistryErrorItem[] = [];
  const responses: XmlOut[] = [];
  const attachments: OutgoingAttachment[] = [];
  const asked = elements(request, NS.xdsb, 'DocumentRequest');
  if (asked.length === 0) errors.push({ errorCode: ErrorCode.repositoryError, codeContext: 'RetrieveDocumentSetRequest without DocumentRequest' });
  for (const rq of asked) {
    const repositoryId = textOf(element(rq, NS.xdsb, 'RepositoryUniqueId')).trim();
    const uniqueId = textOf(element(rq, NS.xdsb, 'DocumentUniqueId')).trim();
    if (repositoryId !== repo.repositoryUniqueId) {
      errors.push({ errorCode: ErrorCode.unknownRepositoryId, codeContext: `repositoryUniqueId ${repositoryId || '(empty)'} is not this repository (${repo.repositoryUniqueId})`, location: uniqueId });
      continue;
    }
    const doc = repo.documents.get(uniqueId);
    if (!doc) {
      errors.push({ errorCode: ErrorCode.documentUniqueIdError, codeContext: `document ${uniqueId || '(empty)'} is not in this repository`, location: uniqueId });
      continue;
    }
    const contentId = newContentId(attachments.length + 1);
    attachments.push({ contentId, contentType: doc.mimeType, body: doc.read() });
    responses.push(
      el(
        'xdsb:DocumentResponse',
        undefined,
        repo.homeCommunityId !== undefined && el('xdsb:HomeCommunityId', undefined, repo.homeCommunityId),
        el('xdsb:RepositoryUniqueId', undefined, repo.repositoryUniqueId),
        el('xdsb:DocumentUniqueId', undefined, uniqueId),
        el('xdsb:mimeType', undefined, doc.mimeType),
        el('xdsb:Document', undefined, el('xop:Include', { href: hrefForCid(contentId) })),
      ),
    );
  }
  const status = statusFor(errors, responses.length > 0);
  const body = el('xdsb:RetrieveDocumentSetResponse', declare('xdsb', 'rs', 'rim', 'xop'), registryResponse(status, errors, false), responses);
  return { status, body, attachments };
}
