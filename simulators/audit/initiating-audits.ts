/**
 * NCP-B's audit trail, written once per cross-border call (community-call.ts calls it): ITI-55 and
 * ITI-38 as Query by the initiator, ITI-39 as Import (110107, C) of the documents that came back,
 * RAD-75 as DICOM Instances Transferred with action C. The human requestor is the HCP of the
 * assertion that went with the call, the patient the TRC's, the purpose of use the assertion's.
 */
import type { AssertionRequest } from '../ncp/gateway-security.ts';
import { queriedPatientId } from '../ncp/xca-requests.ts';
import { NS } from '../soap/namespaces.ts';
import { attr, element, type XmlElement } from '../soap/xml-tree.ts';
import { serializeXml, type XmlOut } from '../soap/xml-write.ts';
import { documentResponses, documentsOf, hcpOfSecurityHeader, hostOf, humanOf, outcomeOf, studiesOf, treeOf, xcpdPatients } from './audit-facts.ts';
import { importAudit, queryAudit, transferAudit, type AuditCommon } from './audit-messages.ts';
import type { AuditSender } from './audit-sender.ts';

export interface CrossBorderCall {
  readonly transaction: string;
  readonly url: string;
  readonly body: XmlOut;
  readonly assertion: AssertionRequest;
  readonly community: { readonly homeCommunityId: string };
}

/** The call's result as community-call.ts has it: the answer's body, or why there is none. */
export type CallResult = { readonly ok: true; readonly body: XmlElement } | { readonly ok: false; readonly reason: string };

export interface InitiatorIdentity {
  /** B's own home community id. */
  readonly homeCommunityId: string;
  /** Evidence actor name of the gateway ("ncp-b"). */
  readonly actor: string;
}

export function auditCrossBorderCall(audit: AuditSender, self: InitiatorIdentity, call: CrossBorderCall, security: XmlOut | undefined, result: CallResult): void {
  const message = build(self, call, security, result);
  if (message) audit.send(message);
}

function build(self: InitiatorIdentity, call: CrossBorderCall, security: XmlOut | undefined, result: CallResult): XmlOut | undefined {
  const sent = treeOf(call.body);
  const hcp = security && hcpOfSecurityHeader(security);
  const answerStatus = result.ok ? (attr(result.body, 'status') ?? (element(result.body, NS.rs, 'RegistryResponse') && attr(element(result.body, NS.rs, 'RegistryResponse')!, 'status'))) : undefined;
  const ncpB = { userId: 'http://www.w3.org/2005/08/addressing/anonymous', alternativeUserId: `${self.actor} ${self.homeCommunityId}` };
  const community = { userId: call.url, ...(hostOf(call.url) && { networkAccessPoint: hostOf(call.url)! }) };
  const common: Omit<AuditCommon, 'source' | 'destination'> = {
    when: new Date(),
    outcome: result.ok ? outcomeOf(answerStatus) : 8,
    ...(!result.ok && { outcomeDescription: result.reason }),
    auditSourceId: `${self.actor} ${self.homeCommunityId}`,
    ...(hcp && { human: humanOf(hcp)! }),
    purposeOfUse: call.assertion.purposeOfUse,
    patientIds: call.assertion.patientId ? [call.assertion.patientId] : [],
  };
  const home = call.community.homeCommunityId;
  switch (call.transaction) {
    case 'ITI-55':
      return queryAudit({ ...common, source: ncpB, destination: community, transaction: 'ITI-55', patientIds: sent ? xcpdPatients(sent) : [], query: serializeXml(call.body), homeCommunityId: home });
    case 'ITI-38': {
      const adhoc = sent && element(sent, NS.rim, 'AdhocQuery');
      const patient = adhoc && queriedPatientId(adhoc);
      const queryId = adhoc && attr(adhoc, 'id');
      return queryAudit({ ...common, source: ncpB, destination: community, transaction: 'ITI-38', ...(patient && { patientIds: [patient] }), query: serializeXml(call.body), ...(queryId && { queryId }), homeCommunityId: home });
    }
    // Data moves from the community (Source) to NCP-B (Destination) in an import.
    case 'ITI-39':
      return importAudit({ ...common, source: community, destination: ncpB, documents: documentsOf(result.ok ? result.body : undefined, sent, home) });
    case 'RAD-75': {
      const received = new Set(documentResponses(result.ok ? result.body : undefined, home).map((d) => d.documentUniqueId));
      return transferAudit({ ...common, source: community, destination: ncpB, transaction: 'RAD-75', action: 'C', studies: studiesOf(sent, received) });
    }
    default:
      return undefined;
  }
}
