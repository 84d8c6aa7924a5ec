/**
 * The part ITI-39 and RAD-69 initiating retrieves share: the documents split by the patient their
 * TRC assertion is for (one cross-border call per community and patient, in parallel), the answers
 * read, a failed call reported as community-errors.ts says, and every retrieved document tagged
 * with the patient and studies the gateway knows for it, so the importer can file it.
 *
 * A TRC assertion vouches for one patient, so every document gets its own: the patient the
 * gateway learnt for it from an earlier ITI-38 answer, else the local X-Ixh-Patient-Id. A document
 * with neither is never sent across the border (the community would refuse a request without TRC
 * and NCP-B would blame it): it is answered locally with an error naming what is missing.
 */
import { NS } from '../../soap/namespaces.ts';
import type { XmlOut } from '../../soap/xml-write.ts';
import type { RegistryErrorItem } from '../../registry/registry-response.ts';
import { readRetrieveDocumentSetResponse, RESPONSE_READER_LOCATION, type RetrievedDocument } from '../../registry/retrieve-response.ts';
import { callCommunity } from './community-call.ts';
import type { Community } from './gateway-config.ts';
import type { GatewayDeps, LocalContext } from './local-context.ts';
import { communityError, noTrcPatient } from './community-errors.ts';

export interface CommunityRetrieve {
  readonly community: Community;
  readonly body: XmlOut;
  /** Patient of the TRC assertion: every document of `body` is believed to be this patient's. */
  readonly patientId: string;
}

/** The documents of one community that go out under one TRC assertion. */
export interface PatientGroup<T> {
  readonly community: Community;
  readonly patientId: string;
  readonly documents: T[];
}

/**
 * Splits each community's documents by their TRC patient (`patientOf`, else `hint`); a document
 * with neither becomes a local error and is not sent.
 */
export function groupByTrcPatient<T extends { documentUniqueId: string }>(
  routed: ReadonlyMap<Community, readonly T[]>,
  patientOf: (community: Community, document: T) => string | undefined,
  hint: string | undefined,
): { groups: PatientGroup<T>[]; errors: RegistryErrorItem[] } {
  const groups: PatientGroup<T>[] = [];
  const errors: RegistryErrorItem[] = [];
  for (const [community, documents] of routed) {
    const byPatient = new Map<string, T[]>();
    for (const d of documents) {
      const patientId = patientOf(community, d) ?? hint;
      if (patientId === undefined) {
        errors.push(noTrcPatient(community, d.documentUniqueId));
        continue;
      }
      byPatient.set(patientId, [...(byPatient.get(patientId) ?? []), d]);
    }
    for (const [patientId, docs] of byPatient) groups.push({ community, patientId, documents: docs });
  }
  return { groups, errors };
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
        assertion: { purposeOfUse: local.purposeOfUse, patientId: call.patientId },
        expect: { ns: NS.xdsb, local: 'RetrieveDocumentSetResponse' },
      }).then((result) => ({ result, call })),
    ),
  );
  const documents: ArrivedDocument[] = [];
  const errors: RegistryErrorItem[] = [];
  for (const { result, call } of results) {
    if (!result.ok) {
      errors.push(communityError(result));
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
      documents.push({ ...d, patientId, studyInstanceUids: studies, accessionNumbers: facts?.accessionNumbers ?? [] });
    }
  }
  return { documents, errors };
}
