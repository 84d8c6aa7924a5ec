/**
 * SOAP 1.2 envelopes with WS-Addressing 1.0 headers: reading a request (Action, MessageID, To,
 * ReplyTo, RelatesTo) and building a response whose Action is the transaction's response action
 * and whose RelatesTo is the request's MessageID.
 */
import { randomUUID } from 'node:crypto';
import { declare, NS } from './namespaces.ts';
import { FAULT_PREFIXES, faultBody, SoapFaultError, Subcode, WSA_FAULT_ACTION } from './soap-fault.ts';
import { clark, element, elements, textOf, type XmlElement } from './xml-tree.ts';
import { el, serializeXml, type XmlOut } from './xml-write.ts';

export interface WsAddressing {
  readonly action?: string;
  readonly messageId?: string;
  readonly to?: string;
  readonly replyTo?: string;
  readonly relatesTo?: string;
}

export interface SoapEnvelope {
  readonly root: XmlElement;
  readonly header?: XmlElement;
  /** The single child of env:Body. */
  readonly body: XmlElement;
  readonly addressing: WsAddressing;
}

/** Reads a parsed document as a SOAP 1.2 envelope, or throws the SOAP fault a receiver sends. */
export function readEnvelope(root: XmlElement): SoapEnvelope {
  if (root.local === 'Envelope' && root.ns === NS.soap11) {
    throw new SoapFaultError('VersionMismatch', 'SOAP 1.1 envelope received; this endpoint speaks SOAP 1.2 (http://www.w3.org/2003/05/soap-envelope)');
  }
  if (root.local !== 'Envelope' || root.ns !== NS.env) {
    throw new SoapFaultError('VersionMismatch', `root element is ${clark(root)}, expected {${NS.env}}Envelope`);
  }
  const header = element(root, NS.env, 'Header');
  const bodyEl = element(root, NS.env, 'Body');
  if (!bodyEl) throw new SoapFaultError('Sender', 'env:Body is missing', [Subcode.badBody]);
  const content = elements(bodyEl);
  if (content.length !== 1) throw new SoapFaultError('Sender', `env:Body must hold exactly one element, found ${content.length}`, [Subcode.badBody]);
  return { root, ...(header && { header }), body: content[0]!, addressing: header ? readAddressing(header) : {} };
}

function readAddressing(header: XmlElement): WsAddressing {
  const text = (local: string): string | undefined => {
    const found = elements(header, NS.wsa, local);
    if (found.length > 1) throw new SoapFaultError('Sender', `more than one wsa:${local} header`, [Subcode.invalidHeader]);
    return found[0] ? textOf(found[0]).trim() : undefined;
  };
  const replyTo = element(header, NS.wsa, 'ReplyTo');
  const replyAddress = replyTo && element(replyTo, NS.wsa, 'Address');
  const a: Record<string, string | undefined> = {
    action: text('Action'),
    messageId: text('MessageID'),
    to: text('To'),
    relatesTo: text('RelatesTo'),
    replyTo: replyAddress ? textOf(replyAddress).trim() : undefined,
  };
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as WsAddressing;
}

export interface EnvelopeParts {
  readonly action: string;
  readonly relatesTo?: string;
  readonly to?: string;
  readonly messageId?: string;
  /** Extra header blocks (e.g. WS-Security later). */
  readonly headers?: readonly XmlOut[];
  readonly body: XmlOut;
  /** Reply-to address for requests; anonymous by default. */
  readonly replyTo?: string;
  /** Request messages carry mustUnderstand on wsa:Action and wsa:To, as IHE ITI TF-2 V.3.2 shows. */
  readonly isRequest?: boolean;
}

export const WSA_ANONYMOUS = 'http://www.w3.org/2005/08/addressing/anonymous';

export function newMessageId(): string {
  return `urn:uuid:${randomUUID()}`;
}

/** Builds a SOAP 1.2 envelope with WS-Addressing headers; the body's own namespaces are declared by the body. */
export function buildEnvelope(parts: EnvelopeParts): string {
  const mu = parts.isRequest ? { 'env:mustUnderstand': 'true' } : undefined;
  const header = el(
    'env:Header',
    undefined,
    el('wsa:Action', mu, parts.action),
    el('wsa:MessageID', undefined, parts.messageId ?? newMessageId()),
    parts.isRequest && el('wsa:ReplyTo', undefined, el('wsa:Address', undefined, parts.replyTo ?? WSA_ANONYMOUS)),
    parts.relatesTo !== undefined && el('wsa:RelatesTo', undefined, parts.relatesTo),
    parts.to !== undefined && el('wsa:To', mu, parts.to),
    ...(parts.headers ?? []),
  );
  const envelope = el('env:Envelope', declare('env', 'wsa', ...FAULT_PREFIXES), header, el('env:Body', undefined, parts.body));
  return serializeXml(envelope, { declaration: true });
}

/** A fault envelope answering a request (RelatesTo its MessageID when known). */
export function buildFaultEnvelope(fault: SoapFaultError, relatesTo?: string): string {
  return buildEnvelope({ action: WSA_FAULT_ACTION, ...(relatesTo !== undefined && { relatesTo }), body: faultBody(fault) });
}
