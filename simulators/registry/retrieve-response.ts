/**
 * Reads an xdsb:RetrieveDocumentSetResponse: the answer to ITI-43, ITI-39, RAD-69 and RAD-75
 * (ITI TF-2 §3.43.4.2, RAD TF-3 4.69.4.2). Each DocumentResponse's Document is an xop:Include
 * resolved against the MTOM parts, or inline base64. A response whose part is missing, or that
 * lacks a required element, becomes an error item (errorCode `XDSMissingDocument` /
 * `XDSRepositoryError`, location = the document) so a caller never crashes on a peer's bad answer.
 */
import type { MimePart } from '../soap/mtom.ts';
import { NS } from '../soap/namespaces.ts';
import { clark, element, elements, textOf, type XmlElement } from '../soap/xml-tree.ts';
import { contentOf } from './provide-request.ts';
import { readRegistryResponse, type RegistryErrorItem, type StatusName } from './registry-response.ts';
import { ErrorCode } from './xds-constants.ts';

export interface RetrievedDocument {
  readonly homeCommunityId?: string;
  readonly repositoryUniqueId: string;
  readonly documentUniqueId: string;
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

export interface RetrieveDocumentSetResult {
  /** 'Success' | 'PartialSuccess' | 'Failure', or the status URI as received when it is none of those. */
  readonly status: StatusName | string;
  /** The responder's errors, then problems found while reading its answer. */
  readonly errors: RegistryErrorItem[];
  readonly documents: RetrievedDocument[];
}

/** Where the reader puts problems it finds in the answer itself, so they are told apart from the responder's. */
export const RESPONSE_READER_LOCATION = 'ixh:retrieve-response';

export function readRetrieveDocumentSetResponse(body: XmlElement, attachments: ReadonlyMap<string, MimePart>): RetrieveDocumentSetResult {
  if (body.ns !== NS.xdsb || body.local !== 'RetrieveDocumentSetResponse') {
    return { status: 'Failure', errors: [readerError(`expected xdsb:RetrieveDocumentSetResponse, got ${clark(body)}`)], documents: [] };
  }
  const registryResponse = element(body, NS.rs, 'RegistryResponse');
  const read = registryResponse ? readRegistryResponse(registryResponse) : undefined;
  const status: string = read?.status ?? 'Failure';
  const errors: RegistryErrorItem[] = read ? [...read.errors] : [readerError('RetrieveDocumentSetResponse without rs:RegistryResponse')];

  const documents: RetrievedDocument[] = [];
  for (const [i, response] of elements(body, NS.xdsb, 'DocumentResponse').entries()) {
    const text = (local: string): string => textOf(element(response, NS.xdsb, local)).trim();
    const documentUniqueId = text('DocumentUniqueId');
    const repositoryUniqueId = text('RepositoryUniqueId');
    const mimeType = text('mimeType');
    const homeCommunityId = text('HomeCommunityId');
    const where = documentUniqueId || `DocumentResponse ${i + 1}`;
    const missing = [!documentUniqueId && 'DocumentUniqueId', !repositoryUniqueId && 'RepositoryUniqueId', !mimeType && 'mimeType'].filter(Boolean);
    if (missing.length > 0) {
      errors.push(readerError(`DocumentResponse ${i + 1} lacks ${missing.join(', ')}`, ErrorCode.repositoryError, where));
      continue;
    }
    const documentElement = element(response, NS.xdsb, 'Document');
    if (!documentElement) {
      errors.push(readerError(`DocumentResponse for ${documentUniqueId} has no Document`, ErrorCode.missingDocument, where));
      continue;
    }
    const content = contentOf(documentElement, attachments);
    if ('missingCid' in content) {
      errors.push(readerError(`Document of ${documentUniqueId} points at MIME part ${content.missingCid}, which the message does not contain`, ErrorCode.missingDocument, where));
      continue;
    }
    documents.push({ ...(homeCommunityId && { homeCommunityId }), repositoryUniqueId, documentUniqueId, mimeType, bytes: content.bytes });
  }
  return { status, errors, documents };
}

function readerError(codeContext: string, errorCode: string = ErrorCode.repositoryError, location = RESPONSE_READER_LOCATION): RegistryErrorItem {
  return { errorCode, codeContext, location };
}
