/**
 * NCP-A's audit trail: `auditedOperation` wraps one face's handler so that every request it
 * answers (or refuses with a fault) leaves an audit record — ITI-55 and ITI-38 as Query, ITI-39 as
 * Export, RAD-75 as DICOM Instances Transferred (action R) — with the requester the authorizer
 * accepted, the patient of the TRC assertion and its purpose of use (EMERGENCY for
 * break-the-glass).
 *
 * The claims are caught by handing the handler a copy of the options whose authorizer remembers
 * its own answer: a closure per request, so the handlers stay as they are and nothing is shared
 * between concurrent requests. Without `audit` the handler runs untouched.
 */
import type { AuthorizationOutcome, AuthorizationRequest, RequestAuthorizer } from '../ncp/gateway-security.ts';
import { queriedPatientId } from '../ncp/xca-requests.ts';
import { NS } from '../soap/namespaces.ts';
import type { SoapContext, SoapReply } from '../soap/soap-endpoint.ts';
import type { IncomingSoap } from '../soap/soap-request.ts';
import { attr, element } from '../soap/xml-tree.ts';
import { documentResponses, documentsOf, hostOf, humanOf, outcomeOf, studiesOf, textOfElement, treeOf, xcpdPatients } from './audit-facts.ts';
import { exportAudit, queryAudit, transferAudit, type AuditCommon } from './audit-messages.ts';
import type { AuditSender } from './audit-sender.ts';

export type RespondingTransaction = 'ITI-55' | 'ITI-38' | 'ITI-39' | 'RAD-75';

export interface AuditedOptions {
  readonly authorizer: RequestAuthorizer;
  readonly homeCommunityId: string;
  /** Where NCP-A sends its audit records; no audit without it. */
  readonly audit?: AuditSender;
}

type Handler<O> = (options: O, request: IncomingSoap, context: SoapContext) => Promise<SoapReply> | SoapReply;

export function auditedOperation<O extends AuditedOptions>(options: O, transaction: RespondingTransaction, handle: Handler<O>): (request: IncomingSoap, context: SoapContext) => Promise<SoapReply> {
  const audit = options.audit;
  if (!audit) return async (request, context) => handle(options, request, context);
  return async (request, context) => {
    let decision: { what: AuthorizationRequest; outcome: AuthorizationOutcome } | undefined;
    const authorizer: RequestAuthorizer = {
      authorize: async (r, what) => {
        const outcome = await options.authorizer.authorize(r, what);
        decision = { what, outcome };
        return outcome;
      },
    };
    let reply: SoapReply;
    try {
      reply = await handle({ ...options, authorizer }, request, context);
    } catch (err) {
      send(audit, record(options, transaction, request, context, decision, undefined, (err as Error).message));
      throw err;
    }
    send(audit, record(options, transaction, request, context, decision, reply));
    return reply;
  };
}

function send(audit: AuditSender, message: ReturnType<typeof record>): void {
  if (message) audit.send(message);
}

function record(options: AuditedOptions, transaction: RespondingTransaction, request: IncomingSoap, context: SoapContext, decision: { what: AuthorizationRequest; outcome: AuthorizationOutcome } | undefined, reply: SoapReply | undefined, fault?: string) {
  const granted = decision?.outcome.ok ? decision.outcome : undefined;
  const body = request.envelope.body;
  const { addressing } = request.envelope;
  const host = context.headers.host;
  const common: AuditCommon = {
    when: new Date(),
    outcome: fault !== undefined ? 8 : outcomeOf(reply?.outcome),
    ...(fault !== undefined && { outcomeDescription: fault }),
    ...(decision && !decision.outcome.ok && { outcomeDescription: `${decision.outcome.code}: ${decision.outcome.message}` }),
    auditSourceId: `ncp-a ${options.homeCommunityId}`,
    source: { userId: addressing.replyTo ?? 'http://www.w3.org/2005/08/addressing/anonymous', ...(hostOf(context.peer) && { networkAccessPoint: hostOf(context.peer)! }) },
    destination: { userId: addressing.to ?? `ncp-a ${options.homeCommunityId}`, ...(hostOf(Array.isArray(host) ? host[0] : host) && { networkAccessPoint: hostOf(Array.isArray(host) ? host[0] : host)! }) },
    ...(granted && { human: humanOf(granted.hcp)!, purposeOfUse: granted.trc?.purposeOfUse ?? granted.hcp.purposeOfUse }),
    patientIds: [granted?.trc?.patientId ?? decision?.what.patientId].filter((p): p is string => p !== undefined),
  };
  switch (transaction) {
    case 'ITI-55': {
      const messageId = element(body, NS.hl7, 'id');
      return queryAudit({ ...common, transaction, patientIds: body.ns === NS.hl7 ? xcpdPatients(body) : [], query: textOfElement(body), ...(messageId && { queryId: attr(messageId, 'extension') ?? attr(messageId, 'root') ?? '' }), homeCommunityId: options.homeCommunityId });
    }
    case 'ITI-38': {
      const adhoc = element(body, NS.rim, 'AdhocQuery');
      const patient = adhoc && queriedPatientId(adhoc);
      const queryId = adhoc && attr(adhoc, 'id');
      return queryAudit({ ...common, transaction, patientIds: patient ? [patient] : common.patientIds, query: textOfElement(body), ...(queryId && { queryId }), homeCommunityId: options.homeCommunityId });
    }
    case 'ITI-39':
      return exportAudit({ ...common, documents: documentsOf(reply && treeOf(reply.body), body, options.homeCommunityId) });
    case 'RAD-75': {
      const sent = new Set(documentResponses(reply && treeOf(reply.body), options.homeCommunityId).map((d) => d.documentUniqueId));
      return transferAudit({ ...common, transaction, action: 'R', studies: studiesOf(body, sent) });
    }
  }
}
