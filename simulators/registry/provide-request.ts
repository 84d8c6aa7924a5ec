/**
 * Reads an ITI-41 ProvideAndRegisterDocumentSetRequest: its metadata and its documents, each
 * either an MTOM part (xop:Include, taken as the received slice) or inline base64.
 */
import { cidFromHref, type MimePart } from '../soap/mtom.ts';
import { NS } from '../soap/namespaces.ts';
import { attr, element, elements, textOf, type XmlElement } from '../soap/xml-tree.ts';
import { readRegistryObjectList, RimReadError, type RimObject } from './ebrim-model.ts';

export type DocumentContent = { readonly bytes: Uint8Array } | { readonly missingCid: string };

export interface ProvideRequest {
  readonly objects: RimObject[];
  /** Document id (= ExtrinsicObject id) → content. */
  readonly documents: Map<string, DocumentContent>;
  readonly duplicateDocumentIds: string[];
}

export function readProvideRequest(body: XmlElement, attachments: ReadonlyMap<string, MimePart>): ProvideRequest {
  const sor = element(body, NS.lcm, 'SubmitObjectsRequest');
  if (!sor) throw new RimReadError('ProvideAndRegisterDocumentSetRequest without lcm:SubmitObjectsRequest');
  const list = element(sor, NS.rim, 'RegistryObjectList');
  if (!list) throw new RimReadError('SubmitObjectsRequest without rim:RegistryObjectList');
  const documents = new Map<string, DocumentContent>();
  const duplicateDocumentIds: string[] = [];
  for (const doc of elements(body, NS.xdsb, 'Document')) {
    const id = attr(doc, 'id');
    if (!id) throw new RimReadError('xdsb:Document without id');
    if (documents.has(id)) duplicateDocumentIds.push(id);
    documents.set(id, contentOf(doc, attachments));
  }
  return { objects: readRegistryObjectList(list), documents, duplicateDocumentIds };
}

/** The content of an element that carries base64Binary, XOP-optimised or not. */
export function contentOf(el: XmlElement, attachments: ReadonlyMap<string, MimePart>): DocumentContent {
  const include = element(el, NS.xop, 'Include');
  if (include) {
    const href = attr(include, 'href') ?? '';
    const cid = cidFromHref(href);
    const part = cid !== undefined ? attachments.get(cid) : undefined;
    return part ? { bytes: part.body } : { missingCid: href };
  }
  return { bytes: Buffer.from(textOf(el).replace(/\s+/g, ''), 'base64') };
}
