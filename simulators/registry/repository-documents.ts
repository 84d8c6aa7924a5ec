/**
 * The repository's side of ITI-41 (ITI TF-2 §3.41.4.1.3): pair each stable DocumentEntry with
 * its Document (XDSMissingDocument / XDSMissingDocumentMetadata), compute SHA-1 and size, check
 * them against any the source supplied, and set hash, size and repositoryUniqueId for ITI-42.
 */
import type { ExtrinsicObject } from './ebrim-model.ts';
import { sha1Hex, type StagedDocument } from './document-store.ts';
import type { ProvideRequest } from './provide-request.ts';
import type { RegistryErrorItem } from './registry-response.ts';
import { DocScheme, ErrorCode } from './xds-constants.ts';
import { externalId, isOnDemand, setSlot, slotValue } from './xds-view.ts';

export interface PreparedDocuments {
  readonly errors: RegistryErrorItem[];
  readonly staged: StagedDocument[];
}

/** Mutates the request's DocumentEntries (adds hash, size, repositoryUniqueId). */
export function prepareDocuments(request: ProvideRequest, repositoryUniqueId: string): PreparedDocuments {
  const errors: RegistryErrorItem[] = [];
  const staged: StagedDocument[] = [];
  const fail = (errorCode: string, codeContext: string, location?: string): void => {
    errors.push({ errorCode, codeContext, ...(location !== undefined && { location }) });
  };
  const entries = request.objects.filter((o): o is ExtrinsicObject => o.type === 'ExtrinsicObject' && !isOnDemand(o));
  const entryIds = new Set(entries.map((e) => e.id));
  for (const id of request.duplicateDocumentIds) fail(ErrorCode.repositoryMetadataError, `more than one Document with id ${id}`, id);
  for (const id of request.documents.keys()) {
    if (!entryIds.has(id)) fail(ErrorCode.missingDocumentMetadata, `Document ${id} has no DocumentEntry (ExtrinsicObject) in the metadata`, id);
  }
  const uniqueIds = new Set<string>();
  for (const entry of entries) {
    const uniqueId = externalId(entry, DocScheme.uniqueId);
    const content = request.documents.get(entry.id);
    if (!content) {
      fail(ErrorCode.missingDocument, `DocumentEntry ${entry.id}${uniqueId ? ` (uniqueId ${uniqueId})` : ''} has no Document`, entry.id);
      continue;
    }
    if ('missingCid' in content) {
      fail(ErrorCode.missingDocument, `Document ${entry.id} refers to ${content.missingCid}, which is not a part of the MTOM package`, entry.id);
      continue;
    }
    if (!uniqueId) {
      fail(ErrorCode.repositoryMetadataError, 'DocumentEntry without uniqueId', entry.id);
      continue;
    }
    if (uniqueIds.has(uniqueId)) fail(ErrorCode.repositoryDuplicateUniqueIdInMessage, `uniqueId ${uniqueId} is used by more than one DocumentEntry`, entry.id);
    uniqueIds.add(uniqueId);
    const sha1 = sha1Hex(content.bytes);
    const size = content.bytes.byteLength;
    const givenHash = slotValue(entry, 'hash');
    const givenSize = slotValue(entry, 'size');
    if (givenHash !== undefined && givenHash.toLowerCase() !== sha1) fail(ErrorCode.repositoryMetadataError, `hash ${givenHash} given for ${uniqueId} differs from the document's SHA-1 ${sha1}`, entry.id);
    if (givenSize !== undefined && givenSize !== String(size)) fail(ErrorCode.repositoryMetadataError, `size ${givenSize} given for ${uniqueId} differs from the document's ${size} bytes`, entry.id);
    setSlot(entry, 'hash', [sha1]);
    setSlot(entry, 'size', [String(size)]);
    setSlot(entry, 'repositoryUniqueId', [repositoryUniqueId]);
    staged.push({ uniqueId, mimeType: entry.mimeType ?? 'application/octet-stream', sha1, size, bytes: content.bytes });
  }
  return { errors, staged };
}
