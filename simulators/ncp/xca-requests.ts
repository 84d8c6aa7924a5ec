/**
 * Readers of what an XCA request names, shared by both gateways: the documents of a
 * RetrieveDocumentSetRequest (ITI-39 / ITI-43) and the patient of a stored query (ITI-38 / ITI-18,
 * the patient a TRC assertion is about). Lenient on purpose: a missing part reads as '' or
 * undefined and the gateway answers it with an error code, never a crash.
 */
import { NS } from '../soap/namespaces.ts';
import { attr, element, elements, textOf, type XmlElement } from '../soap/xml-tree.ts';
import { parseLiteral } from '../registry/query-params.ts';

export interface DocumentAddress {
  /** '' when the request leaves it out. */
  readonly homeCommunityId: string;
  readonly repositoryUniqueId: string;
  readonly documentUniqueId: string;
}

/** The xdsb:DocumentRequest children of a RetrieveDocumentSetRequest, in order. */
export function readDocumentRequests(body: XmlElement): DocumentAddress[] {
  return elements(body, NS.xdsb, 'DocumentRequest').map((rq) => {
    const text = (local: string): string => textOf(element(rq, NS.xdsb, local)).trim();
    return { homeCommunityId: text('HomeCommunityId'), repositoryUniqueId: text('RepositoryUniqueId'), documentUniqueId: text('DocumentUniqueId') };
  });
}

/** Stored query parameters that name the patient (ITI TF-2 §3.18.4.1.2.3.7). */
export const PATIENT_PARAMS: readonly string[] = ['$XDSDocumentEntryPatientId', '$XDSSubmissionSetPatientId', '$XDSFolderPatientId', '$patientId'];

/** The first patient id ('id^^^&oid&ISO', literal quotes removed) among the AdhocQuery's `params` Slots. */
export function queriedPatientId(adhoc: XmlElement, params: readonly string[] = PATIENT_PARAMS): string | undefined {
  for (const slot of elements(adhoc, NS.rim, 'Slot')) {
    if (!params.includes(attr(slot, 'name') ?? '')) continue;
    const valueList = element(slot, NS.rim, 'ValueList');
    const raw = valueList ? textOf(element(valueList, NS.rim, 'Value')).trim() : '';
    try {
      const [first] = parseLiteral(raw);
      if (first) return first;
    } catch {
      return raw.replace(/^'|'$/g, '') || undefined;
    }
  }
  return undefined;
}
