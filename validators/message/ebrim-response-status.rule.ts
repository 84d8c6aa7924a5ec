/**
 * The status of an ebXML registry response (RegistryResponse, AdhocQueryResponse, and the
 * RegistryResponse inside a RetrieveDocumentSetResponse). Only the light part: the status is one
 * of the three known URNs and a Failure or PartialSuccess says why. Metadata inside a query
 * response is the metadata family's business.
 */
import { NS } from '../../simulators/soap/namespaces.ts';
import { attr, element, elements, type XmlElement } from '../../simulators/soap/xml-tree.ts';
import type { Rule } from '../rule.ts';

export type EbrimSubject = XmlElement;

export const ResponseStatus = {
  success: 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success',
  failure: 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure',
  /** IHE's addition (ITI TF-3 §4.2.4.2), used when some communities answer and some do not. */
  partialSuccess: 'urn:ihe:iti:2007:ResponseStatusType:PartialSuccess',
} as const;

const KNOWN = new Set<string>(Object.values(ResponseStatus));

/** The element that carries @status: the root itself, or the rs:RegistryResponse inside a retrieve response. */
export function statusCarrier(root: XmlElement): XmlElement | undefined {
  if (root.local === 'RegistryResponse' || root.local === 'AdhocQueryResponse') return root;
  return element(root, NS.rs, 'RegistryResponse');
}

export const ebrimResponseStatus: Rule<EbrimSubject> = {
  id: 'message.ebrim.response-status',
  title: 'A registry response has a known status, and a Failure or PartialSuccess lists RegistryErrors',
  severity: 'error',
  requirements: ['GEN-01', 'GEN-13'],
  specRef: 'ebRS 3.0 §2.1.3 (RegistryResponse); IHE ITI TF-3 §4.2.4',
  *check(root) {
    if (!/Response$/.test(root.local)) return;
    const carrier = statusCarrier(root);
    if (!carrier) {
      yield { path: `/${root.local}`, message: 'response has no rs:RegistryResponse', expected: 'rs:RegistryResponse', actual: 'absent' };
      return;
    }
    const status = attr(carrier, 'status');
    const path = carrier === root ? `/${root.local}/@status` : `/${root.local}/RegistryResponse/@status`;
    if (status === undefined || !KNOWN.has(status)) {
      yield { path, message: 'status is not a known ResponseStatusType', expected: [...KNOWN].join(' | '), actual: status ?? '(absent)' };
      return;
    }
    const list = element(carrier, NS.rs, 'RegistryErrorList');
    const errors = list ? elements(list, NS.rs, 'RegistryError') : [];
    if (status !== ResponseStatus.success && errors.length === 0) {
      yield { path: `${path.replace(/\/@status$/, '')}/RegistryErrorList`, message: 'a Failure or PartialSuccess must say why in RegistryErrorList', expected: '≥ 1 RegistryError', actual: '0' };
    }
  },
};

export const ebrimRules: readonly Rule<EbrimSubject>[] = [ebrimResponseStatus];
