/**
 * The part ITI-39 and RAD-69 initiating retrieves share: one cross-border call per community
 * (in parallel), the answers read, an unreachable community reported as XDSUnavailableCommunity,
 * and every retrieved document tagged with the patient and studies the gateway knows for it, so
 * the importer can file it.
 */
import { NS } from '../../soap/namespaces.ts';
import type { XmlOut } from '../../soap/xml-write.ts';
import type { RegistryErrorItem } from '../../registry/registry-response.ts';
import { callCommunity } from './community-call.ts';
import type { Community } from './gateway-config.ts';
import type { GatewayDeps, LocalContext } from './local-context.ts';
import { readRetrieveAnswer, type RetrievedDocument } from './retrieve-merge.ts';
import { unavailable } from './xca-query.ts';

export interface CommunityRetrieve {
  readonly community: Community;
  readonly body: XmlOut;
  /** Patient for the TRC assertion, when known. */
  readonly patientId?: string;
}

export interface ArrivedDocument extends RetrievedDocument {
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
    const answer = readRetrieveAnswer(result.body, result.answer.attachments, call.community.homeCommunityId);
    errors.push(...answer.errors);
    for (const d of answer.documents) {
      const facts = deps.memory.document(d.homeCommunityId, d.documentUniqueId);
      const studies = [...new Set([...(facts?.studyInstanceUids ?? []), ...studiesOf(d)])];
      const patientId = facts?.patientId ?? call.patientId;
      documents.push({ ...d, ...(patientId !== undefined && { patientId }), studyInstanceUids: studies, accessionNumbers: facts?.accessionNumbers ?? [] });
    }
  }
  return { documents, errors };
}
