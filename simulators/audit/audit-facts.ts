/**
 * What the NCP audit hooks read out of the messages they audit: the outcome of an answer, the
 * documents of a RetrieveDocumentSetResponse, the studies of an imaging request, the patients of
 * an XCPD query, the HCP of a WS-Security header. Every reader is total: what cannot be read is
 * left out of the audit record, never an exception inside the audited transaction.
 */
import type { HcpClaims } from '../ncp/gateway-security.ts';
import { livingSubjectIds } from '../ncp/initiating/xcpd-refusal.ts';
import { copyXml } from '../ncp/xml-copy.ts';
import { readDocumentRequests } from '../ncp/xca-requests.ts';
import { readImagingRetrieveRequest } from '../imaging-source/rad69-messages.ts';
import { hcpClaims, readFacts } from '../security/assertion-claims.ts';
import { NS } from '../soap/namespaces.ts';
import { parseXmlSafely } from '../soap/safe-xml.ts';
import { element, elements, textOf, type XmlElement } from '../soap/xml-tree.ts';
import { serializeXml, type XmlOut } from '../soap/xml-write.ts';
import type { AuditOutcome, DocumentObject, HumanRequestor } from './audit-messages.ts';

/** Registry status or XCPD query response code → EventOutcomeIndicator. */
export function outcomeOf(status: string | undefined): AuditOutcome {
  const s = (status ?? '').split(':').pop() ?? '';
  if (/^(Failure|AE|QE)\b/.test(s)) return 8;
  if (/^PartialSuccess\b/.test(s)) return 4;
  return 0;
}

/** Parses an outgoing message back into a tree; undefined if it cannot be (it always should). */
export function treeOf(out: XmlOut): XmlElement | undefined {
  try {
    return parseXmlSafely(serializeXml(out), { maxXmlBytes: 64 * 1024 * 1024, maxDepth: 200 });
  } catch {
    return undefined;
  }
}

/** The text of a received element (a query) for ParticipantObjectQuery. */
export function textOfElement(e: XmlElement): string {
  return serializeXml(copyXml(e));
}

/** The DocumentResponses of a RetrieveDocumentSetResponse: what was actually sent or received. */
export function documentResponses(body: XmlElement | undefined, fallbackHome: string): DocumentObject[] {
  if (!body) return [];
  return elements(body, NS.xdsb, 'DocumentResponse').flatMap((r) => {
    const documentUniqueId = textOf(element(r, NS.xdsb, 'DocumentUniqueId')).trim();
    if (!documentUniqueId) return [];
    return [{ documentUniqueId, repositoryUniqueId: textOf(element(r, NS.xdsb, 'RepositoryUniqueId')).trim(), homeCommunityId: textOf(element(r, NS.xdsb, 'HomeCommunityId')).trim() || fallbackHome }];
  });
}

/**
 * The documents an audit names: those that travelled, or, when none did (a failed retrieve), those
 * that were asked for, so the record still says what the failed access was about.
 */
export function documentsOf(answer: XmlElement | undefined, request: XmlElement | undefined, home: string): DocumentObject[] {
  const travelled = documentResponses(answer, home);
  if (travelled.length > 0 || !request) return travelled;
  return readDocumentRequests(request).map((d) => ({ documentUniqueId: d.documentUniqueId, repositoryUniqueId: d.repositoryUniqueId, homeCommunityId: d.homeCommunityId || home }));
}

/** Studies of an imaging retrieve request, counting only the instances that came back (all, when none did or `returned` is absent). */
export function studiesOf(request: XmlElement | undefined, returned?: ReadonlySet<string>): { studyInstanceUid: string; instances: number }[] {
  if (!request) return [];
  try {
    return readImagingRetrieveRequest(request).studies
      .map((s) => ({ studyInstanceUid: s.studyInstanceUid, instances: s.series.flatMap((x) => x.documents).filter((d) => !returned?.size || returned.has(d.documentUniqueId)).length }))
      .filter((s) => s.instances > 0 || !returned?.size);
  } catch {
    return [];
  }
}

/** Patients named by an XCPD query's livingSubjectIds, as CX. */
export function xcpdPatients(query: XmlElement): string[] {
  return livingSubjectIds(query).flatMap((id) => (id.extension ? [`${id.extension}^^^&${id.root}&ISO`] : []));
}

export function humanOf(hcp: HcpClaims | undefined): HumanRequestor | undefined {
  return hcp && { userId: hcp.nameId || hcp.subjectId, userName: hcp.subjectId, role: hcp.role };
}

/** The HCP identity assertion inside an outgoing wsse:Security header, as the receiving side will read it. */
export function hcpOfSecurityHeader(header: XmlOut): HcpClaims | undefined {
  const tree = treeOf(header);
  if (!tree) return undefined;
  for (const assertion of elements(tree, NS.saml, 'Assertion')) {
    const claims = hcpClaims(readFacts(assertion));
    if (typeof claims !== 'string') return claims;
  }
  return undefined;
}

/** "host:port" or an address with a port → the host part, for NetworkAccessPointID. */
export function hostOf(address: string | undefined): string | undefined {
  if (!address) return undefined;
  try {
    if (/^[a-z]+:\/\//i.test(address)) return new URL(address).hostname;
  } catch {
    return undefined;
  }
  const at = address.lastIndexOf(':');
  return (at > 0 ? address.slice(0, at) : address).replace(/^\[|\]$/g, '');
}
