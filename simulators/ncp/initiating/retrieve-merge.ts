/**
 * Reading a community's RetrieveDocumentSetResponse (ITI-39 / RAD-75 answers) and writing the
 * merged one NCP-B returns locally (ITI-43 / ITI-39 / RAD-69). Document bytes stay Buffers from
 * the received MTOM parts to the outgoing ones: never base64, never copied.
 */
import { cidFromHref, hrefForCid, newContentId, type MimePart, type OutgoingAttachment } from '../../soap/mtom.ts';
import { declare, NS } from '../../soap/namespaces.ts';
import { attr, element, elements, textOf, type XmlElement } from '../../soap/xml-tree.ts';
import { el, type XmlOut } from '../../soap/xml-write.ts';
import { readRegistryResponse, registryResponse, statusFor, type RegistryErrorItem, type StatusName } from '../../registry/registry-response.ts';

export interface RetrievedDocument {
  readonly homeCommunityId: string;
  readonly repositoryUniqueId: string;
  readonly documentUniqueId: string;
  readonly mimeType: string;
  readonly bytes: Buffer;
}

export interface ReadRetrieveAnswer {
  readonly status: string;
  readonly errors: RegistryErrorItem[];
  readonly documents: RetrievedDocument[];
}

/** Reads xdsb:RetrieveDocumentSetResponse; a document without readable content becomes an error, never a crash. */
export function readRetrieveAnswer(body: XmlElement, attachments: ReadonlyMap<string, MimePart>, defaultHome: string): ReadRetrieveAnswer {
  const rr = element(body, NS.rs, 'RegistryResponse');
  const { status, errors } = rr ? readRegistryResponse(rr) : { status: '', errors: [] as RegistryErrorItem[] };
  if (!rr) errors.push({ errorCode: 'XDSRepositoryError', codeContext: 'RetrieveDocumentSetResponse without rs:RegistryResponse', location: defaultHome });
  const documents: RetrievedDocument[] = [];
  for (const response of elements(body, NS.xdsb, 'DocumentResponse')) {
    const text = (local: string): string => textOf(element(response, NS.xdsb, local)).trim();
    const documentUniqueId = text('DocumentUniqueId');
    const bytes = contentOf(element(response, NS.xdsb, 'Document'), attachments);
    if (typeof bytes === 'string') {
      errors.push({ errorCode: 'XDSRepositoryError', codeContext: `document ${documentUniqueId || '(no id)'}: ${bytes}`, location: documentUniqueId || defaultHome });
      continue;
    }
    documents.push({ homeCommunityId: text('HomeCommunityId') || defaultHome, repositoryUniqueId: text('RepositoryUniqueId'), documentUniqueId, mimeType: text('mimeType'), bytes });
  }
  return { status, errors, documents };
}

function contentOf(document: XmlElement | undefined, attachments: ReadonlyMap<string, MimePart>): Buffer | string {
  if (!document) return 'DocumentResponse without xdsb:Document';
  const include = element(document, NS.xop, 'Include');
  if (include) {
    const href = attr(include, 'href') ?? '';
    const cid = cidFromHref(href);
    const part = cid !== undefined ? attachments.get(cid) : undefined;
    return part ? part.body : `xop:Include ${href} names no MIME part of the answer`;
  }
  // Inline base64 is allowed on the wire (non-MTOM answers); decoded once here.
  return Buffer.from(textOf(document).replace(/\s+/g, ''), 'base64');
}

export interface MergedRetrieve {
  readonly status: StatusName;
  readonly body: XmlOut;
  readonly attachments: OutgoingAttachment[];
}

/** The merged answer: every document as an MTOM part, every error; the status by the rule of `statusFor`. */
export function mergedRetrieveResponse(documents: readonly RetrievedDocument[], errors: readonly RegistryErrorItem[]): MergedRetrieve {
  const attachments: OutgoingAttachment[] = [];
  const responses = documents.map((d) => {
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
  const status = statusFor(errors, documents.length > 0);
  const body = el('xdsb:RetrieveDocumentSetResponse', declare('xdsb', 'rs', 'rim', 'xop'), registryResponse(status, errors, false), responses);
  return { status, body, attachments };
}
