/**
 * The subject of the metadata rules: the ebRIM objects of one XDS message (ITI TF-3 4.2.5, read by
 * the registry's own reader so the validator and the simulators agree on what a message means),
 * sorted into DocumentEntries, SubmissionSets and Associations, plus the documents' bytes by
 * uniqueId when the caller has them. Reading is tolerant: what cannot be read becomes a read
 * problem (reported by `metadata.read.unreadable`), never an exception.
 */
import { RimReadError, readRegistryObjectList, type Association, type Classification, type ExtrinsicObject, type RegistryPackage, type RimObject } from '../../simulators/registry/ebrim-model.ts';
import { contentOf } from '../../simulators/registry/provide-request.ts';
import { DocScheme } from '../../simulators/registry/xds-constants.ts';
import { externalId, kindOf } from '../../simulators/registry/xds-view.ts';
import { NS } from '../../simulators/soap/namespaces.ts';
import { attr, clark, element, elements, type XmlElement } from '../../simulators/soap/xml-tree.ts';

/**
 * Which message the objects came in, because optionality depends on it (ITI TF-3 Table 4.3.1-3):
 * an ITI-41 Document Source may leave hash, size and repositoryUniqueId to the repository; in an
 * ITI-42 submission and in what a registry returns they are required. A query response need not
 * carry a SubmissionSet.
 */
export type MetadataMessage = 'submission' | 'provide-and-register' | 'query-response';

export interface SubmissionInput {
  readonly objects: readonly RimObject[];
  /** Document bytes by DocumentEntry uniqueId, to check hash and size. */
  readonly documents?: ReadonlyMap<string, Uint8Array>;
  /** Defaults to 'submission' (registry semantics: hash, size, repositoryUniqueId required). */
  readonly message?: MetadataMessage;
}

export interface SubmissionSubject {
  readonly message: MetadataMessage;
  /** Top-level objects, with top-level Classifications of submitted objects folded into them. */
  readonly objects: readonly RimObject[];
  readonly entries: readonly ExtrinsicObject[];
  readonly submissionSets: readonly RegistryPackage[];
  readonly associations: readonly Association[];
  readonly documents?: ReadonlyMap<string, Uint8Array>;
  /** Why (part of) the input could not be read; empty when it was read whole. */
  readonly readProblems: readonly string[];
}

export function isXmlElement(input: unknown): input is XmlElement {
  return typeof input === 'object' && input !== null && 'ns' in input && 'local' in input && 'children' in input;
}

/** Builds the subject from objects (as built or stored) or from a SubmitObjectsRequest, ProvideAndRegisterDocumentSetRequest or AdhocQueryResponse (bare or in a SOAP Body). */
export function readSubmission(input: SubmissionInput | XmlElement): SubmissionSubject {
  try {
    if (isXmlElement(input)) return fromXml(input);
    const objects = Array.isArray(input?.objects) ? input.objects : undefined;
    if (!objects) return subjectOf([], 'submission', undefined, ['input has no objects array']);
    const malformed = objects.findIndex((o) => typeof o !== 'object' || o === null || typeof o.id !== 'string' || !['ExtrinsicObject', 'RegistryPackage', 'Association', 'Classification'].includes(o.type));
    if (malformed >= 0) return subjectOf([], input.message ?? 'submission', undefined, [`objects[${malformed}] is not an ebRIM ExtrinsicObject, RegistryPackage, Association or Classification with an id`]);
    return subjectOf(objects, input.message ?? 'submission', input.documents, []);
  } catch (err) {
    // Shapes the type system promised but the caller did not keep (e.g. JSON from elsewhere).
    return subjectOf([], 'submission', undefined, [`input could not be read: ${err instanceof Error ? err.message : String(err)}`]);
  }
}

function fromXml(root: XmlElement): SubmissionSubject {
  const body = unwrapSoap(root);
  if (body.ns === NS.lcm && body.local === 'SubmitObjectsRequest') return fromList(element(body, NS.rim, 'RegistryObjectList'), 'submission', undefined, 'lcm:SubmitObjectsRequest');
  if (body.ns === NS.query && body.local === 'AdhocQueryResponse') {
    const list = element(body, NS.rim, 'RegistryObjectList');
    // A failed query may legitimately carry no list: nothing to judge, nothing wrong with the metadata.
    return list ? fromList(list, 'query-response', undefined, 'query:AdhocQueryResponse') : subjectOf([], 'query-response', undefined, []);
  }
  if (body.ns === NS.xdsb && body.local === 'ProvideAndRegisterDocumentSetRequest') {
    const sor = element(body, NS.lcm, 'SubmitObjectsRequest');
    if (!sor) return subjectOf([], 'provide-and-register', undefined, ['ProvideAndRegisterDocumentSetRequest without lcm:SubmitObjectsRequest']);
    const byId = new Map<string, Uint8Array>();
    for (const doc of elements(body, NS.xdsb, 'Document')) {
      const id = attr(doc, 'id');
      // MTOM parts are not in the XML tree; only inline documents can be checked here.
      const content = contentOf(doc, new Map());
      if (id && 'bytes' in content) byId.set(id, content.bytes);
    }
    return fromList(element(sor, NS.rim, 'RegistryObjectList'), 'provide-and-register', byId, 'lcm:SubmitObjectsRequest');
  }
  return subjectOf([], 'submission', undefined, [`${clark(body)} is not a SubmitObjectsRequest, ProvideAndRegisterDocumentSetRequest or AdhocQueryResponse`]);
}

function unwrapSoap(root: XmlElement): XmlElement {
  if ((root.ns === NS.env || root.ns === NS.soap11) && root.local === 'Envelope') {
    const body = element(root, root.ns, 'Body');
    const first = body ? elements(body)[0] : undefined;
    if (first) return first;
  }
  return root;
}

function fromList(list: XmlElement | undefined, message: MetadataMessage, docsById: ReadonlyMap<string, Uint8Array> | undefined, where: string): SubmissionSubject {
  if (!list) return subjectOf([], message, undefined, [`${where} without rim:RegistryObjectList`]);
  let objects: RimObject[];
  try {
    objects = readRegistryObjectList(list);
  } catch (err) {
    const e = err instanceof RimReadError ? `${err.message}${err.location ? ` (${err.location})` : ''}` : String(err);
    return subjectOf([], message, undefined, [`rim:RegistryObjectList could not be read: ${e}`]);
  }
  let documents: Map<string, Uint8Array> | undefined;
  if (docsById) {
    documents = new Map();
    for (const o of objects) {
      if (o.type !== 'ExtrinsicObject') continue;
      const bytes = docsById.get(o.id);
      const uid = externalId(o, DocScheme.uniqueId);
      if (bytes && uid) documents.set(uid, bytes);
    }
  }
  return subjectOf(objects, message, documents, []);
}

function subjectOf(input: readonly RimObject[], message: MetadataMessage, documents: ReadonlyMap<string, Uint8Array> | undefined, readProblems: string[]): SubmissionSubject {
  const objects = foldClassifications(input);
  return {
    message,
    objects,
    entries: objects.filter((o): o is ExtrinsicObject => o.type === 'ExtrinsicObject'),
    submissionSets: objects.filter((o): o is RegistryPackage => o.type === 'RegistryPackage' && kindOf(o, objects) === 'SubmissionSet'),
    associations: objects.filter((o): o is Association => o.type === 'Association'),
    ...(documents && { documents }),
    readProblems,
  };
}

/**
 * ebRIM lets a Classification stand at top level and point at what it classifies (the
 * SubmissionSet marker always does; a sender may do it for codes too). Rules look at one place:
 * such classifications are copied into their targets; the input objects are left untouched.
 */
function foldClassifications(input: readonly RimObject[]): RimObject[] {
  const objects = input.map((o) => (o.type === 'Classification' ? o : { ...o, classifications: [...(o.classifications ?? [])], externalIdentifiers: [...(o.externalIdentifiers ?? [])], slots: [...(o.slots ?? [])] }));
  const byId = new Map(objects.map((o) => [o.id, o]));
  const out: RimObject[] = [];
  for (const o of objects) {
    if (o.type === 'Classification') {
      const target = byId.get(o.classifiedObject);
      if (target && target.type !== 'Classification') {
        (target.classifications as Classification[]).push(o);
        continue;
      }
    }
    out.push(o);
  }
  return out;
}
