/**
 * Outbound SOAP 1.2 calls (a repository registering with a registry, a gateway calling another):
 * builds the request envelope with WS-Addressing headers, sends plain SOAP or MTOM, reads the
 * answer with the same safe parser as the endpoints and records both messages as evidence.
 */
import { buildMtom, type MimePart, type OutgoingAttachment } from './mtom.ts';
import { buildEnvelope, newMessageId, type SoapEnvelope } from './soap-envelope.ts';
import { recordSoap, type SoapExchangeInfo } from './soap-evidence.ts';
import { readSoapBody } from './soap-request.ts';
import { DEFAULT_XML_LIMITS, type XmlLimits } from './safe-xml.ts';
import { element, textOf, type XmlElement } from './xml-tree.ts';
import { NS } from './namespaces.ts';
import type { XmlOut } from './xml-write.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';

export interface SoapCall {
  readonly url: string;
  readonly action: string;
  readonly body: XmlOut;
  readonly attachments?: readonly OutgoingAttachment[];
  readonly mtom?: boolean;
  readonly timeoutMs?: number;
  /** Evidence: who is calling and under which transaction id. */
  readonly evidence?: { readonly sink: EvidenceSink; readonly actor: string; readonly transaction: string };
  readonly limits?: XmlLimits;
}

export interface SoapAnswer {
  readonly httpStatus: number;
  readonly envelope: SoapEnvelope;
  readonly attachments: ReadonlyMap<string, MimePart>;
  /** Set when the answer is a SOAP fault. */
  readonly fault?: { readonly code: string; readonly reason: string };
}

/** Sends one request; rejects on network errors and unreadable answers (a harness or peer error). */
export async function callSoap(call: SoapCall): Promise<SoapAnswer> {
  const messageId = newMessageId();
  const xml = buildEnvelope({ action: call.action, messageId, to: call.url, body: call.body, isRequest: true });
  const attachments = call.attachments ?? [];
  const packed = call.mtom || attachments.length > 0 ? buildMtom(xml, attachments, call.action) : undefined;
  const started = Date.now();
  const info: SoapExchangeInfo | undefined = call.evidence && {
    actor: call.evidence.actor,
    peer: call.url,
    transaction: call.evidence.transaction,
    association: messageId,
    startedAt: started,
  };
  if (info && call.evidence) {
    recordSoap(call.evidence.sink, info, { direction: 'request', xml, wellFormed: true, ...(packed && { mime: { outline: packed.outline, parts: attachments.map((a) => ({ ...a, body: Buffer.from(a.body) })) } }) });
  }
  const response = await fetch(call.url, {
    method: 'POST',
    headers: { 'content-type': packed ? packed.contentType : `application/soap+xml; charset=UTF-8; action="${call.action}"` },
    body: packed ? (packed.body as unknown as Uint8Array<ArrayBuffer>) : xml,
    signal: AbortSignal.timeout(call.timeoutMs ?? 30_000),
  });
  const body = Buffer.from(await response.arrayBuffer());
  const received = readSoapBody(body, response.headers.get('content-type') ?? undefined, call.limits ?? DEFAULT_XML_LIMITS);
  if (info && call.evidence) {
    const ok = received.result.ok || received.result.wellFormed;
    recordSoap(call.evidence.sink, info, { direction: 'response', xml: received.xml, wellFormed: ok, status: String(response.status), durationMs: Date.now() - started, ...(received.mime && { mime: received.mime }) });
  }
  if (!received.result.ok) throw new Error(`${call.url} answered HTTP ${response.status} with an unreadable SOAP message: ${received.result.fault.reason}`);
  const { envelope } = received.result.soap;
  const fault = envelope.body.ns === NS.env && envelope.body.local === 'Fault' ? readFault(envelope.body) : undefined;
  return { httpStatus: response.status, envelope, attachments: received.result.soap.attachments, ...(fault && { fault }) };
}

function readFault(fault: XmlElement): { code: string; reason: string } {
  const code = element(fault, NS.env, 'Code');
  const value = code && element(code, NS.env, 'Value');
  const reason = element(fault, NS.env, 'Reason');
  const text = reason && element(reason, NS.env, 'Text');
  return { code: textOf(value).trim(), reason: textOf(text).trim() };
}

