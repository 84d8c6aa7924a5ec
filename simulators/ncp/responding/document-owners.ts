/**
 * Which patient each document belongs to, asked of country A's registry (ITI-18 GetDocuments by
 * uniqueId). An ITI-39 request names no patient: like the eHDSI reference gateway, NCP-A only
 * hands out documents of the patient the TRC assertion was issued for, and finds the owner here.
 */
import { NS } from '../../soap/namespaces.ts';
import { attr, element, elements } from '../../soap/xml-tree.ts';
import { list, storedQuery } from '../../registry/xds-requests.ts';
import { Action, DocScheme, StoredQuery } from '../../registry/xds-constants.ts';
import { callBackend } from './backend-call.ts';
import type { BackendOptions } from './gateway-options.ts';

export type Owners = { readonly ok: true; readonly patientOf: ReadonlyMap<string, string> } | { readonly ok: false; readonly reason: string };

export async function documentOwners(options: BackendOptions & { registryUrl: string }, documentUniqueIds: readonly string[]): Promise<Owners> {
  const body = storedQuery(StoredQuery.getDocuments, { $XDSDocumentEntryUniqueId: list(...documentUniqueIds) });
  const forwarded = await callBackend(options, { url: options.registryUrl, action: Action.queryRequest, body, transaction: 'ITI-18' });
  if (!forwarded.ok) return forwarded;
  const answer = forwarded.answer.envelope.body;
  const objects = element(answer, NS.rim, 'RegistryObjectList');
  if (answer.local !== 'AdhocQueryResponse' || !objects) return { ok: false, reason: `registry answered ${answer.local} without a RegistryObjectList` };
  const patientOf = new Map<string, string>();
  for (const entry of elements(objects, NS.rim, 'ExtrinsicObject')) {
    const ids = elements(entry, NS.rim, 'ExternalIdentifier');
    const value = (scheme: string): string | undefined => {
      const found = ids.find((x) => attr(x, 'identificationScheme') === scheme);
      return found && attr(found, 'value');
    };
    const uniqueId = value(DocScheme.uniqueId);
    const patientId = value(DocScheme.patientId);
    if (uniqueId !== undefined && patientId !== undefined) patientOf.set(uniqueId, patientId);
  }
  return { ok: true, patientOf };
}
