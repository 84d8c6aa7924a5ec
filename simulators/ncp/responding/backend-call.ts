/**
 * One SOAP call from NCP-A to a system behind it (registry, repository, imaging source). Never
 * throws and never hangs: network errors, timeouts, unreadable answers and SOAP faults all come
 * back as `{ ok: false, reason }` for the face to answer with the XDS *NotAvailable / *Error code.
 */
import { callSoap, type SoapAnswer } from '../../soap/soap-client.ts';
import type { XmlOut } from '../../soap/xml-write.ts';
import { DEFAULT_BACKEND_TIMEOUT_MS, NCP_A_ACTOR, type BackendOptions } from './gateway-options.ts';

export type BackendAnswer = { readonly ok: true; readonly answer: SoapAnswer } | { readonly ok: false; readonly reason: string };

export async function callBackend(options: BackendOptions, call: { url: string; action: string; body: XmlOut; transaction: string }): Promise<BackendAnswer> {
  try {
    const answer = await callSoap({
      url: call.url,
      action: call.action,
      body: call.body,
      timeoutMs: options.timeoutMs ?? DEFAULT_BACKEND_TIMEOUT_MS,
      evidence: { sink: options.evidence, actor: NCP_A_ACTOR, transaction: call.transaction },
      ...(options.transport && { transport: options.transport }),
    });
    if (answer.fault) return { ok: false, reason: `${call.url} answered a SOAP fault (${answer.fault.code}): ${answer.fault.reason}` };
    return { ok: true, answer };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${options.timeoutMs ?? DEFAULT_BACKEND_TIMEOUT_MS} ms` : `${e.message}${e.cause?.code ? ` (${e.cause.code})` : ''}`;
    return { ok: false, reason: `${call.url}: ${why}` };
  }
}
