/**
 * One outgoing SOAP call of a gateway, to a community across the border (NCP-B) or to a system
 * behind it (NCP-A). Never throws and never hangs: a refused connection, a timeout, an unreadable
 * answer or a SOAP fault all come back as `{ ok: false, reason }`, so the caller can answer with
 * the XCA / XDS error code that fits (XDSUnavailableCommunity, XDS*NotAvailable) and go on.
 * callSoap records both messages as evidence.
 */
import type { EvidenceSink } from '../evidence/evidence.ts';
import type { OutgoingAttachment } from '../soap/mtom.ts';
import { callSoap, type HttpTransport, type ReadFault, type SoapAnswer } from '../soap/soap-client.ts';
import type { XmlOut } from '../soap/xml-write.ts';

export interface PeerCall {
  readonly url: string;
  readonly action: string;
  /** Evidence transaction id, e.g. "ITI-38". */
  readonly transaction: string;
  readonly body: XmlOut;
  readonly attachments?: readonly OutgoingAttachment[];
  /** SOAP header blocks, e.g. wsse:Security. */
  readonly headers?: readonly XmlOut[];
  readonly timeoutMs: number;
  readonly evidence: EvidenceSink;
  /** Evidence actor name of the caller. */
  readonly actor: string;
  readonly transport?: HttpTransport;
}

export type PeerAnswer =
  | { readonly ok: true; readonly answer: SoapAnswer }
  /** `fault` is set when the peer answered with a SOAP fault (it was reachable and said no). */
  | { readonly ok: false; readonly reason: string; readonly fault?: ReadFault & { readonly httpStatus: number } };

export async function callPeer(call: PeerCall): Promise<PeerAnswer> {
  let answer: SoapAnswer;
  try {
    answer = await callSoap({
      url: call.url,
      action: call.action,
      body: call.body,
      ...(call.attachments && { attachments: call.attachments }),
      ...(call.headers && { headers: call.headers }),
      timeoutMs: call.timeoutMs,
      evidence: { sink: call.evidence, actor: call.actor, transaction: call.transaction },
      ...(call.transport && { transport: call.transport }),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    const detail = timedOut ? `no answer within ${call.timeoutMs} ms` : [e.message, e.cause?.code ?? e.cause?.message].filter(Boolean).join(': ');
    return { ok: false, reason: `${call.url} unreachable: ${detail}` };
  }
  if (answer.fault) {
    const { code, subcode, reason } = answer.fault;
    return { ok: false, reason: `${call.url} answered SOAP fault ${code}${subcode ? `/${subcode}` : ''} (HTTP ${answer.httpStatus}): ${reason}`, fault: { ...answer.fault, httpStatus: answer.httpStatus } };
  }
  return { ok: true, answer };
}
