/**
 * One cross-border call to one community: asks the AssertionProvider for the wsse:Security
 * header, sends with the configured transport and per-community timeout, and turns every way the
 * call can go wrong (refused connection, timeout, HTTP error, SOAP fault, unreadable answer,
 * unexpected body) into a `reason` instead of an exception, so a fan-out can report the community
 * as unavailable and go on with the others. callSoap records both messages as evidence.
 */
import { callSoap, type SoapAnswer } from '../../soap/soap-client.ts';
import type { OutgoingAttachment } from '../../soap/mtom.ts';
import type { XmlElement } from '../../soap/xml-tree.ts';
import type { XmlOut } from '../../soap/xml-write.ts';
import type { AssertionRequest } from '../gateway-security.ts';
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
  | { readonly ok: false; readonly community: Community; readonly reason: string; readonly durationMs: number };

export async function callCommunity(config: InitiatingGatewayConfig, actor: string, request: CommunityRequest): Promise<CommunityResult> {
  const { community } = request;
  const started = Date.now();
  const failed = (reason: string): CommunityResult => ({ ok: false, community, reason, durationMs: Date.now() - started });
  let security: XmlOut;
  try {
    security = await config.assertions.securityHeader(request.assertion);
  } catch (err) {
    return failed(`no security assertion could be obtained: ${(err as Error).message}`);
  }
  let answer: SoapAnswer;
  try {
    answer = await callSoap({
      url: request.url,
      action: request.action,
      body: request.body,
      ...(request.attachments && { attachments: request.attachments }),
      headers: [security],
      timeoutMs: config.timeoutMs,
      evidence: { sink: config.evidence, actor, transaction: request.transaction },
      ...(config.transport && { transport: config.transport }),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    const detail = timedOut ? `no answer within ${config.timeoutMs} ms` : [e.message, e.cause?.code ?? e.cause?.message].filter(Boolean).join(': ');
    return failed(`${request.url} unreachable: ${detail}`);
  }
  if (answer.fault) return failed(`SOAP fault ${answer.fault.code} (HTTP ${answer.httpStatus}): ${answer.fault.reason}`);
  if (answer.httpStatus < 200 || answer.httpStatus >= 300) return failed(`HTTP ${answer.httpStatus}`);
  const body = answer.envelope.body;
  if (body.ns !== request.expect.ns || body.local !== request.expect.local) {
    return failed(`answer body is {${body.ns}}${body.local}, expected {${request.expect.ns}}${request.expect.local}`);
  }
  return { ok: true, community, body, answer, durationMs: Date.now() - started };
}
