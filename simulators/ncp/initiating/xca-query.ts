/**
 * ITI-38 initiating (and ITI-18 from local consumers, which an XCA Initiating Gateway accepts):
 * the query goes to AdhocQuery/@home when given, else to every configured community, all in
 * parallel with the per-community timeout. The RegistryObjectLists are merged (each object keeps,
 * or is given, its community's `home`); every community that cannot be reached or fails is named
 * in an XDSUnavailableCommunity error (GEN-13), one that refuses with a SOAP fault in an error
 * carrying the fault's subcode (community-errors.ts). Success when every community answered,
 * PartialSuccess when some did, Failure when none did.
 */
import { shownErrors } from './faults.ts';
import { NS } from '../../soap/namespaces.ts';
import type { SoapReply } from '../../soap/soap-endpoint.ts';
import { SoapFaultError, Subcode } from '../../soap/soap-fault.ts';
import type { IncomingSoap } from '../../soap/soap-request.ts';
import { attr, element, elements, textOf, type XmlElement } from '../../soap/xml-tree.ts';
import type { XmlOut } from '../../soap/xml-write.ts';
import { adhocQueryResponse, readRegistryResponse, statusFor, type RegistryErrorItem } from '../../registry/registry-response.ts';
import { DocScheme, ErrorCode } from '../../registry/xds-constants.ts';
import { callCommunity, type CommunityResult } from './community-call.ts';
import { communityError, unavailable } from './community-errors.ts';
import { GatewayAction } from './cross-gateway-actions.ts';
import type { Community } from './gateway-config.ts';
import { findCommunity, type GatewayDeps, type LocalContext } from './local-context.ts';
import { copyXml } from '../xml-copy.ts';
import { queriedPatientId } from '../xca-requests.ts';

const REFERENCE_ID_LIST = 'urn:ihe:iti:xds:2013:referenceIdList';
const STUDY_UID_TYPE = 'urn:ihe:iti:xds:2016:studyInstanceUID';
const ACCESSION_TYPE = 'urn:ihe:iti:xds:2013:accession';

export async function initiateQuery(deps: GatewayDeps, request: IncomingSoap, local: LocalContext): Promise<SoapReply> {
  const body = request.envelope.body;
  const adhoc = body.ns === NS.query && body.local === 'AdhocQueryRequest' ? element(body, NS.rim, 'AdhocQuery') : undefined;
  if (!adhoc) throw new SoapFaultError('Sender', `stored query body must be query:AdhocQueryRequest with rim:AdhocQuery, got {${body.ns}}${body.local}`, [Subcode.badBody]);

  const home = attr(adhoc, 'home')?.trim();
  let targets: readonly Community[];
  if (home) {
    const community = findCommunity(deps.config, home);
    if (!community) return failure([{ errorCode: ErrorCode.unknownCommunity, codeContext: `homeCommunityId ${home} is not a community this gateway can reach`, location: home }]);
    targets = [community];
  } else {
    targets = deps.config.communities;
  }
  if (targets.length === 0) return failure([{ errorCode: ErrorCode.unknownCommunity, codeContext: 'this gateway has no community configured' }]);

  const patientId = queriedPatientId(adhoc);
  const results = await Promise.all(
    targets.map((community) =>
      callCommunity(deps.config, deps.actor, {
        community,
        url: community.xcaQueryUrl,
        action: GatewayAction.crossGatewayQuery,
        transaction: 'ITI-38',
        body: copyXml(body, { attrs: (e) => (e === adhoc ? { home: community.homeCommunityId } : undefined) }),
        assertion: { purposeOfUse: local.purposeOfUse, ...(patientId !== undefined && { patientId }) },
        expect: { ns: NS.query, local: 'AdhocQueryResponse' },
      }),
    ),
  );
  return merge(deps, results);
}

function merge(deps: GatewayDeps, results: readonly CommunityResult[]): SoapReply {
  const errors: RegistryErrorItem[] = [];
  const objects: XmlOut[] = [];
  let answered = 0;
  for (const result of results) {
    const { community } = result;
    if (!result.ok) {
      errors.push(communityError(result));
      continue;
    }
    const response = readRegistryResponse(result.body);
    errors.push(...response.errors.map((e) => ({ ...e, location: e.location ?? community.homeCommunityId })));
    if (response.status !== 'Success' && response.status !== 'PartialSuccess') {
      // The community answered but could not run the query: its own errors say why.
      if (!response.errors.some((e) => e.severity !== 'warning')) errors.push(unavailable(community, `answered status ${response.status || '(none)'} without an error`));
      continue;
    }
    answered++;
    const list = element(result.body, NS.rim, 'RegistryObjectList');
    for (const object of list ? elements(list) : []) {
      remember(deps, community, object);
      objects.push(copyXml(object, { attrs: (e) => (e === object ? { home: attr(object, 'home') ?? community.homeCommunityId } : undefined) }));
    }
  }
  // Fault drop-partial-errors (faults.ts): the failed communities vanish from the answer.
  const shown = [...shownErrors(errors, answered, deps.config.faults)];
  const status = statusFor(shown, answered > 0);
  return { body: adhocQueryResponse(status, shown, objects), outcome: `${status} (${answered}/${results.length} communities)` };
}

function failure(errors: RegistryErrorItem[]): SoapReply {
  return { body: adhocQueryResponse('Failure', errors, []), outcome: 'Failure' };
}

/** Links the answer's documents to their patient (and studies) for later retrieves. */
function remember(deps: GatewayDeps, community: Community, object: XmlElement): void {
  if (object.ns !== NS.rim || object.local !== 'ExtrinsicObject') return;
  const ids = new Map(elements(object, NS.rim, 'ExternalIdentifier').map((x) => [attr(x, 'identificationScheme') ?? '', attr(x, 'value') ?? '']));
  const documentUniqueId = ids.get(DocScheme.uniqueId);
  const patientId = ids.get(DocScheme.patientId);
  if (!documentUniqueId || !patientId) return;
  const studyInstanceUids: string[] = [];
  const accessionNumbers: string[] = [];
  for (const slot of elements(object, NS.rim, 'Slot')) {
    if (attr(slot, 'name') !== REFERENCE_ID_LIST) continue;
    const valueList = element(slot, NS.rim, 'ValueList');
    for (const v of valueList ? elements(valueList, NS.rim, 'Value') : []) {
      const cx = textOf(v).trim().split('^');
      if (cx[4] === STUDY_UID_TYPE && cx[0]) studyInstanceUids.push(cx[0]);
      if (cx[4] === ACCESSION_TYPE && cx[0]) accessionNumbers.push(cx[0]);
    }
  }
  deps.memory.rememberDocument(attr(object, 'home') ?? community.homeCommunityId, documentUniqueId, { patientId, studyInstanceUids, accessionNumbers });
}
