/**
 * The part ITI-39 and RAD-69 initiating retrieves share: one cross-border call per community
 * (in parallel), the answers read, an unreachable community reported as XDSUnavailableCommunity,
 * and every retrieved document tagged with the patient and studies the gateway knows for it, so
 * the importer can file it.
 */
import { NS } from '../../soap/namespaces.ts';
import type { XmlOut } from '../../soap/xml-write.ts';
import type { RegistryErrorItem } from '../../registry/registry-response.ts';
import { readRetrieveDocumentSetResponse, RESPONSE_READER_LOCATION, type RetrievedDocument } from '../../registry/retrieve-response.ts';
import { callCommunity } from './community-call.ts';
import type { Community } from './gateway-config.ts';
import type { GatewayDeps, LocalContext } from './local-context.ts';
import { unavailable } from './xca-query.ts';

export interface CommunityRetrieve {
  readonly community: Community;
  readonly body: XmlOut;
  /** Patient for the TRC assertion, when known. */
  readonly patientId?: string;
}

/** A retrieved document as NCP-B passes it on and imports it: bytes stay the received MTOM part's Buffer. */
export interface ArrivedDocument extends RetrievedDocument {
  readonly homeCommunityId: string;
  readonly bytes: Buffer;
  readonly patientId?: string;
  readonly studyInstanceUids: readonly string[];
  readonly accessionNumbers: readonly string[];
}

export interface FanOutResult {
  readonly documents: ArrivedDocument[];
  readonly errors: RegistryErrorItem[];
}

export async function retrieveFromCommunities(
  deps: GatewayDeps,
  local: LocalContext,
  kind: { readonly transaction: 'ITI-39' | 'RAD-75'; readonly action: string; readonly url: (c: Community) => string },
  calls: readonly CommunityRetrieve[],
  studiesOf: (document: RetrievedDocument) => readonly string[] = () => [],
): Promise<FanOutResult> {
  const results = await Promise.all(
    calls.map((call) =>
      callCommunity(deps.config, deps.actor, {
        community: call.community,
        url: kind.url(call.community),
        action: kind.action,
        transaction: kind.transaction,
        body: call.body,
        assertion: { purposeOfUse: local.purposeOfUse, ...(call.patientId !== undefined && { patientId: call.patientId }) },
        expect: { ns: NS.xdsb, local: 'RetrieveDocumentSetResponse' },
      }).then((result) => ({ result, call })),
    ),
  );
  const documents: ArrivedDocument[] = [];
  const errors: RegistryErrorItem[] = [];
  for (const { result, call } of results) {
    if (!result.ok) {
      errors.push(unavailable(call.community, result.reason));
      continue;
    }
    const home = call.community.homeCommunityId;
    const answer = readRetrieveDocumentSetResponse(result.body, result.answer.attachments);
    // Problems with the answer itself are located at the community that sent it.
    errors.push(...answer.errors.map((e) => (e.location === RESPONSE_READER_LOCATION ? { ...e, location: home } : e)));
    for (const { bytes, ...read } of answer.documents) {
      const d = { ...read, homeCommunityId: read.homeCommunityId ?? home, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
      const facts = deps.memory.document(d.homeCommunityId, d.documentUniqueId);
      const studies = [...new Set([...(facts?.studyInstanceUids ?? []), ...studiesOf(d)])];
      const patientId = facts?.patientId ?? call.patientId;
      documents.push({ ...d, ...(patientId !== undefined && { patientId }), studyInstanceUids: studies, accessionNumbers: facts?.accessionNumbers ?? [] });
    }
  }
  return { documents, errors };
}
