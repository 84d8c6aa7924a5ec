/**
 * ITI-55 on the initiating side: a local system's PRPA_IN201305UV02 goes to the one community
 * whose national patient-id domain (nationalIdOid) matches a livingSubjectId root, or to the
 * community the receiver names by homeCommunityId. The community's answer is returned as it came;
 * when no community matches or it does not answer, NCP-B answers AE itself with the reason.
 */
import type { IncomingSoap } from '../../soap/soap-request.ts';
import { SoapFaultError, Subcode } from '../../soap/soap-fault.ts';
import { NS } from '../../soap/namespaces.ts';
import type { SoapReply } from '../../soap/soap-endpoint.ts';
import { callCommunity } from './community-call.ts';
import { GatewayAction } from './cross-gateway-actions.ts';
import type { Community } from './gateway-config.ts';
import { findCommunity, type GatewayDeps, type LocalContext } from './local-context.ts';
import { copyXml } from '../xml-copy.ts';
import { bareOid } from '../xcpd/hl7v3-parts.ts';
import { XcpdIssue } from '../xcpd/xcpd-constants.ts';
import { livingSubjectIds, patientDiscoveryRefusal, receiverHomeCommunityIds } from './xcpd-refusal.ts';

export async function initiatePatientDiscovery(deps: GatewayDeps, request: IncomingSoap, local: LocalContext): Promise<SoapReply> {
  const query = request.envelope.body;
  if (query.ns !== NS.hl7 || query.local !== 'PRPA_IN201305UV02') {
    throw new SoapFaultError('Sender', `ITI-55 body must be hl7:PRPA_IN201305UV02, got {${query.ns}}${query.local}`, [Subcode.badBody]);
  }
  const route = routeQuery(deps, query);
  if ('issue' in route) {
    return { body: patientDiscoveryRefusal(query, deps.config.deviceOid, { ...XcpdIssue.answerNotAvailable, text: route.issue }), outcome: 'AE no route' };
  }
  const result = await callCommunity(deps.config, deps.actor, {
    community: route.community,
    url: route.community.xcpdUrl,
    action: GatewayAction.xcpd,
    transaction: 'ITI-55',
    body: copyXml(query),
    assertion: { purposeOfUse: local.purposeOfUse },
    expect: { ns: NS.hl7, local: 'PRPA_IN201306UV02' },
  });
  if (!result.ok) {
    // A fault is a refusal by a reachable community, not a missing answer (community-errors.ts).
    const what = result.refusal ? 'refused the request' : 'did not answer';
    const text = `community ${route.community.country} (${route.community.homeCommunityId}) ${what}: ${result.reason}`;
    return { body: patientDiscoveryRefusal(query, deps.config.deviceOid, { ...XcpdIssue.internalError, text }), outcome: `AE ${route.community.country} ${result.refusal ? 'refused' : 'unavailable'}` };
  }
  return { body: copyXml(result.body), outcome: `forwarded to ${route.community.country}` };
}

function routeQuery(deps: GatewayDeps, query: IncomingSoap['envelope']['body']): { community: Community } | { issue: string } {
  const { communities } = deps.config;
  for (const home of receiverHomeCommunityIds(query)) {
    const community = findCommunity(deps.config, home);
    if (community) return { community };
  }
  const ids = livingSubjectIds(query);
  for (const id of ids) {
    const community = communities.find((c) => c.nationalIdOid !== undefined && bareOid(c.nationalIdOid) === bareOid(id.root));
    if (community) return { community };
  }
  const named = receiverHomeCommunityIds(query);
  const roots = ids.map((i) => i.root);
  const known = communities.map((c) => `${c.country}: ${c.nationalIdOid ?? '(no national id domain)'} / ${c.homeCommunityId}`).join('; ');
  return {
    issue:
      `no community serves this patient: ` +
      (roots.length ? `livingSubjectId root(s) ${roots.join(', ')}` : 'no livingSubjectId') +
      (named.length ? `, receiver homeCommunityId(s) ${named.join(', ')}` : '') +
      ` match none of the configured communities (${known || 'none configured'})`,
  };
}
