/**
 * Request bodies of the XDS.b transactions, for every actor that calls a registry, repository or
 * gateway: ITI-41 (Provide and Register), ITI-42 (Register), ITI-18/ITI-38 (Stored Query),
 * ITI-43/ITI-39 (Retrieve Document Set). The cross-community variants add a homeCommunityId.
 */
import { declare } from '../soap/namespaces.ts';
import { el, type XmlOut } from '../soap/xml-write.ts';
import { writeRimObject } from './ebrim-write.ts';
import type { RimObject } from './ebrim-model.ts';

export function submitObjectsRequest(objects: readonly RimObject[]): XmlOut {
  return el('lcm:SubmitObjectsRequest', declare('lcm', 'rim'), el('rim:RegistryObjectList', undefined, objects.map(writeRimObject)));
}

/** ITI-41 body: documents as xop:Include to the given content ids, or inline base64. */
export function provideRequest(objects: readonly RimObject[], documents: readonly { id: string; cid?: string; inline?: Uint8Array }[]): XmlOut {
  return el(
    'xdsb:ProvideAndRegisterDocumentSetRequest',
    declare('xdsb', 'lcm', 'rim', 'xop'),
    el('lcm:SubmitObjectsRequest', undefined, el('rim:RegistryObjectList', undefined, objects.map(writeRimObject))),
    documents.map((d) => el('xdsb:Document', { id: d.id }, d.cid ? el('xop:Include', { href: `cid:${d.cid}` }) : Buffer.from(d.inline ?? []).toString('base64'))),
  );
}

/** ITI-18 / ITI-38 body; `homeCommunityId` sets AdhocQuery/@home (ITI-38 requests to a community). */
export function storedQuery(queryId: string, params: Readonly<Record<string, string | readonly string[]>>, returnType: 'LeafClass' | 'ObjectRef' = 'LeafClass', homeCommunityId?: string): XmlOut {
  return el(
    'query:AdhocQueryRequest',
    declare('query', 'rim'),
    el('query:ResponseOption', { returnType, returnComposedObjects: 'true' }),
    el(
      'rim:AdhocQuery',
      { id: queryId, home: homeCommunityId },
      // An array gives one Slot per element: Slots of the same name are ANDed (ITI TF-2 §3.18.4.1.2.3.5).
      Object.entries(params).flatMap(([name, v]) => (typeof v === 'string' ? [v] : v).map((x) => el('rim:Slot', { name }, el('rim:ValueList', undefined, el('rim:Value', undefined, x))))),
    ),
  );
}

/** ITI-43 / ITI-39 body; ITI-39 requests carry each document's HomeCommunityId. */
export function retrieveRequest(requests: readonly { repositoryUniqueId: string; documentUniqueId: string; homeCommunityId?: string }[]): XmlOut {
  return el(
    'xdsb:RetrieveDocumentSetRequest',
    declare('xdsb'),
    requests.map((r) =>
      el(
        'xdsb:DocumentRequest',
        undefined,
        r.homeCommunityId !== undefined && el('xdsb:HomeCommunityId', undefined, r.homeCommunityId),
        el('xdsb:RepositoryUniqueId', undefined, r.repositoryUniqueId),
        el('xdsb:DocumentUniqueId', undefined, r.documentUniqueId),
      ),
    ),
  );
}

/** `('a','b')` list literal for stored query parameters. */
export function list(...values: string[]): string {
  return `(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')})`;
}
