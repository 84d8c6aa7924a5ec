/**
 * One cross-border call to one community: asks the AssertionProvider for the wsse:Security
 * header, sends it with callPeer (configured transport, per-community timeout) and adds the checks
 * of a cross-border answer (HTTP status, expected body), so every way the call can go wrong becomes
 * a `reason` instead of an exception and a fan-out can report the community as unavailable and
 * go on with the others.
 *
 * A SOAP fault other than env:Receiver is kept apart as `refusal`: the community was reached and
 * refused the request (e.g. a WS-Security fault on the assertions), which is not the same as being
 * unavailable (unreachable, timed out, HTTP 5xx, env:Receiver fault). community-errors.ts turns
 * each into the error item the local caller gets.
 */
import type { ReadFault, SoapAnswer } from '../../soap/soap-client.ts';
import type { OutgoingAttachment } from '../../soap/mtom.ts';
import type { XmlElement } from '../../soap/xml-tree.ts';
import type { XmlOut } from '../../soap/xml-write.ts';
import type { AssertionRequest } from '../gateway-security.ts';
import { auditCrossBorderCall } from '../../audit/initiating-audits.ts';
import { callPeer } from '../peer-call.ts';
import type { Community, InitiatingGatewayConfig } from './gateway-config.ts';

export interface CommunityRequest {
  readonly community: Community;
  readonly url: string;
  readonly action: string;
  /** "ITI-55", "ITI-38", "ITI-39", "RAD-75". */
  readonly transaction: string;
  readonly body: XmlOut;
  readonly attachments?: readonly OutgoingAttachment[];
  readonly assertion: AssertionRequest;
  /** The answer's body element must be this one ({ns}local); anything else is a failure. */
  readonly expect: { readonly ns: string; readonly local: string };
}

export type CommunityResult =
  | { readonly ok: true; readonly community: Community; readonly body: XmlElement; readonly answer: SoapAnswer; readonly durationMs: number }
  | { readonly ok: false; readonly community: Community; readonly reason: string; readonly durationMs: number; readonly refusal?: ReadFault };

export async function callCommunity(config: InitiatingGatewayConfig, actor: string, request: CommunityRequest): Promise<CommunityResult> {
  const { community } = request;
  const started = Date.now();
  let security: XmlOut | undefined;
  // Every call is audited once it is decided, failed ones included (GEN-08); no audit option, no audit.
  const audited = (result: CommunityResult): CommunityResult => {
    if (config.audit) auditCrossBorderCall(config.audit, { homeCommunityId: config.homeCommunityId, actor }, request, security, result);
    return result;
  };
  const failed = (reason: string, refusal?: ReadFault): CommunityResult => audited({ ok: false, community, reason, durationMs: Date.now() - started, ...(refusal && { refusal }) });
  try {
    security = await config.assertions.securityHeader(request.assertion);
  } catch (err) {
    return failed(`no security assertion could be obtained: ${(err as Error).message}`);
  }
  const called = await callPeer({
    url: request.url,
    action: request.action,
    transaction: request.transaction,
    body: request.body,
    ...(request.attachments && { attachments: request.attachments }),
    headers: [security!],
    timeoutMs: config.timeoutMs,
    evidence: config.evidence,
    actor,
    ...(config.transport && { transport: config.transport }),
  });
  if (!called.ok) {
    const refused = called.fault !== undefined && called.fault.code !== 'env:Receiver';
    return failed(called.reason, refused ? called.fault : undefined);
  }
  const { answer } = called;
  if (answer.httpStatus < 200 || answer.httpStatus >= 300) return failed(`HTTP ${answer.httpStatus}`);
  const body = answer.envelope.body;
  if (body.ns !== request.expect.ns || body.local !== request.expect.local) {
    return failed(`answer body is {${body.ns}}${body.local}, expected {${request.expect.ns}}${request.expect.local}`);
  }
  return audited({ ok: true, community, body, answer, durationMs: Date.now() - started });
}
