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
import { element, resolveQName, textOf, type XmlElement } from './xml-tree.ts';
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
  /** Extra SOAP header blocks, e.g. a WS-Security header carrying signed assertions (as `rawXml`). */
  readonly headers?: readonly XmlOut[];
  /** Extra HTTP headers. */
  readonly httpHeaders?: Readonly<Record<string, string>>;
  /** How the bytes travel; `fetch` when absent. Mutual TLS plugs in here (simulators/security). */
  readonly transport?: HttpTransport;
}

export interface HttpPost {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  readonly timeoutMs: number;
}

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: Buffer;
}

/** One HTTP POST; rejects on network errors and timeouts. */
export type HttpTransport = (request: HttpPost) => Promise<HttpAnswer>;

export const fetchTransport: HttpTransport = async (request) => {
  const response = await fetch(request.url, {
    method: 'POST',
    headers: request.headers,
    body: request.body as Uint8Array<ArrayBuffer>,
    signal: AbortSignal.timeout(request.timeoutMs),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? undefined, body: Buffer.from(await response.arrayBuffer()) };
};

export interface SoapAnswer {
  readonly httpStatus: number;
  readonly envelope: SoapEnvelope;
  readonly attachments: ReadonlyMap<string, MimePart>;
  /** Set when the answer is a SOAP fault. */
  readonly fault?: ReadFault;
}

/**
 * A received SOAP fault. `code` and `subcode` are QNames written with ixh's prefix for their
 * namespace (`env:Sender`, `wsse:FailedCheck`), whatever prefix the sender chose; a namespace
 * ixh has no prefix for is written `{uri}local`, an unresolvable value as received.
 */
export interface ReadFault {
  readonly code: string;
  /** The first env:Subcode value, when the fault has one. */
  readonly subcode?: string;
  readonly reason: string;
}

/** Sends one request; rejects on network errors and unreadable answers (a harness or peer error). */
export async function callSoap(call: SoapCall): Promise<SoapAnswer> {
  const messageId = newMessageId();
  const xml = buildEnvelope({ action: call.action, messageId, to: call.url, body: call.body, isRequest: true, ...(call.headers && { headers: call.headers }) });
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
  const response = await (call.transport ?? fetchTransport)({
    url: call.url,
    headers: { ...call.httpHeaders, 'content-type': packed ? packed.contentType : `application/soap+xml; charset=UTF-8; action="${call.action}"` },
    body: packed ? packed.body : Buffer.from(xml),
    timeoutMs: call.timeoutMs ?? 30_000,
  });
  const received = readSoapBody(response.body, response.contentType, call.limits ?? DEFAULT_XML_LIMITS);
  if (info && call.evidence) {
    const ok = received.result.ok || received.result.wellFormed;
    recordSoap(call.evidence.sink, info, { direction: 'response', xml: received.xml, wellFormed: ok, status: String(response.status), durationMs: Date.now() - started, ...(received.mime && { mime: received.mime }) });
  }
  if (!received.result.ok) throw new Error(`${call.url} answered HTTP ${response.status} with an unreadable SOAP message: ${received.result.fault.reason}`);
  const { envelope } = received.result.soap;
  const fault = envelope.body.ns === NS.env && envelope.body.local === 'Fault' ? readFault(envelope.body) : undefined;
  return { httpStatus: response.status, envelope, attachments: received.result.soap.attachments, ...(fault && { fault }) };
}

function readFault(fault: XmlElement): ReadFault {
  const code = element(fault, NS.env, 'Code');
  const value = code && element(code, NS.env, 'Value');
  const sub = code && element(code, NS.env, 'Subcode');
  const subValue = sub && element(sub, NS.env, 'Value');
  const reason = element(fault, NS.env, 'Reason');
  const text = reason && element(reason, NS.env, 'Text');
  return { code: qname(value), ...(subValue && { subcode: qname(subValue) }), reason: textOf(text).trim() };
}

const PREFIX_OF: ReadonlyMap<string, string> = new Map(Object.entries(NS).map(([prefix, uri]) => [uri, prefix]));

function qname(value: XmlElement | undefined): string {
  const text = textOf(value).trim();
  const resolved = value && resolveQName(value, text);
  if (!resolved) return text;
  const prefix = PREFIX_OF.get(resolved.ns);
  return prefix !== undefined ? `${prefix}:${resolved.local}` : resolved.ns ? `{${resolved.ns}}${resolved.local}` : resolved.local;
}
