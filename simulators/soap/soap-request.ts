/**
 * Turns a received HTTP body into a SOAP request: plain `application/soap+xml` or an MTOM
 * package. Never throws: a body that cannot be read yields a `SoapFaultError` for the endpoint to
 * answer and record, so every refused message is still evidence.
 *
 * With `xop: 'check'`, every xop:Include must name a part of the package it came in (XOP 1.0 §3:
 * an XOP package's Include references are to its own parts; §4: the href is a `cid:` URL of such a
 * part). A dangling one, or any xop:Include in a plain SOAP message (no package at all), is then a
 * Sender fault ixh:MissingMimePart naming the reference, answered before any handler runs. With
 * `xop: 'to-handler'` (the default) the handler resolves xop:Include itself and answers a dangling
 * one in its transaction's terms: the ITI-41 repository with XDSMissingDocument, the reader of a
 * retrieve answer with an error for that one document (the other documents still count).
 */
import { cidFromHref, MimeError, parseMediaType, parseMultipartRelated, type MimePart } from './mtom.ts';
import { NS } from './namespaces.ts';
import { outlineOf } from './soap-evidence.ts';
import { readEnvelope, type SoapEnvelope } from './soap-envelope.ts';
import { SoapFaultError, Subcode } from './soap-fault.ts';
import { parseXmlSafely, XmlRefusal, type XmlLimits } from './safe-xml.ts';
import { attr, elements, type XmlElement } from './xml-tree.ts';

export interface IncomingSoap {
  readonly envelope: SoapEnvelope;
  /** MTOM attachments by Content-ID (empty for plain SOAP). */
  readonly attachments: ReadonlyMap<string, MimePart>;
  readonly mtom: boolean;
  /** The envelope exactly as received (the MTOM root part), for checks that need the original bytes (XML signatures). */
  readonly raw: Uint8Array;
}

export interface ReceivedBody {
  /** The envelope bytes (the root part for MTOM), for evidence. */
  readonly xml: Uint8Array;
  /** Set when the MIME package could be split. */
  readonly mime?: { readonly outline: string; readonly parts: readonly MimePart[] };
  /** Action from the Content-Type `action` parameter, used when the envelope cannot be read. */
  readonly contentTypeAction?: string;
  readonly result:
    | { readonly ok: true; readonly soap: IncomingSoap }
    /** `envelope` is set when the envelope was read but the message is refused (its Action and MessageID still answer the fault). */
    | { readonly ok: false; readonly fault: SoapFaultError; readonly wellFormed: boolean; readonly envelope?: SoapEnvelope };
}

const SOAP_TYPES = new Set(['application/soap+xml', 'text/xml', 'application/xml']);

/** Who deals with xop:Include references: this reader (`check`, refusing dangling ones) or the handler. */
export type XopIncludes = 'check' | 'to-handler';

export function readSoapBody(body: Buffer, contentType: string | undefined, limits: XmlLimits, xop: XopIncludes = 'to-handler'): ReceivedBody {
  if (!contentType) return refused(body, new SoapFaultError('Sender', 'request has no Content-Type', [Subcode.unsupportedMediaType]), false);
  const media = parseMediaType(contentType);
  if (media.type === 'multipart/related') return readMtom(body, contentType, limits, xop);
  if (!SOAP_TYPES.has(media.type)) {
    return refused(body, new SoapFaultError('Sender', `Content-Type ${media.type} is not SOAP 1.2 (application/soap+xml) or MTOM (multipart/related)`, [Subcode.unsupportedMediaType]), false);
  }
  return { ...readXml(body, limits, undefined, xop), ...(media.params['action'] && { contentTypeAction: media.params['action'] }) };
}

function readMtom(body: Buffer, contentType: string, limits: XmlLimits, xop: XopIncludes): ReceivedBody {
  const media = parseMediaType(contentType);
  let message;
  try {
    message = parseMultipartRelated(body, contentType);
  } catch (err) {
    if (err instanceof MimeError) return refused(body, new SoapFaultError('Sender', `MTOM package cannot be read: ${err.message}`, [Subcode.mimeError]), false);
    throw err;
  }
  const mime = { outline: outlineOf(contentType, message.root, message.attachments.values()), parts: [...message.attachments.values()] };
  const rootType = parseMediaType(message.root.contentType);
  const startInfo = media.params['start-info'] ?? parseMediaType(rootType.params['type'] ?? '').type;
  const action = media.params['action'] ?? parseMediaType(rootType.params['type'] ?? '').params['action'];
  if (rootType.type !== 'application/xop+xml' || (startInfo && startInfo !== 'application/soap+xml')) {
    const fault = new SoapFaultError('Sender', `MTOM root part is ${rootType.type} (start-info ${startInfo || 'absent'}), expected application/xop+xml carrying application/soap+xml`, [Subcode.mimeError]);
    return { xml: message.root.body, mime, result: { ok: false, fault, wellFormed: false } };
  }
  return { ...readXml(message.root.body, limits, message.attachments, xop), mime, ...(action && { contentTypeAction: action }) };
}

function readXml(xml: Buffer, limits: XmlLimits, attachments: ReadonlyMap<string, MimePart> | undefined, xop: XopIncludes): ReceivedBody {
  let root;
  try {
    root = parseXmlSafely(xml, limits);
  } catch (err) {
    if (!(err instanceof XmlRefusal)) throw err;
    const subcode = err.kind === 'doctype' ? Subcode.doctypeRefused : err.kind === 'too-large' ? Subcode.messageTooLarge : Subcode.xmlRefused;
    return refused(xml, new SoapFaultError('Sender', err.message, [subcode]), false);
  }
  let envelope: SoapEnvelope;
  try {
    envelope = readEnvelope(root);
  } catch (err) {
    if (err instanceof SoapFaultError) return refused(xml, err, true);
    throw err;
  }
  const dangling = xop === 'check' ? danglingInclude(root, attachments) : undefined;
  if (dangling) return { xml, result: { ok: false, fault: new SoapFaultError('Sender', dangling, [Subcode.missingMimePart]), wellFormed: true, envelope } };
  return { xml, result: { ok: true, soap: { envelope, attachments: attachments ?? new Map(), mtom: attachments !== undefined, raw: xml } } };
}

/** Why the first xop:Include of the document does not name a part of `attachments` (undefined when all do). */
function danglingInclude(root: XmlElement, attachments: ReadonlyMap<string, MimePart> | undefined): string | undefined {
  const include = findInclude(root, (e) => {
    const cid = cidFromHref(attr(e, 'href') ?? '');
    return attachments === undefined || cid === undefined || !attachments.has(cid);
  });
  if (!include) return undefined;
  const href = attr(include, 'href');
  if (attachments === undefined) return `xop:Include href="${href ?? ''}" in a plain SOAP message: xop:Include is only valid inside an MTOM/XOP package (XOP 1.0 §3)`;
  const cid = href === undefined ? undefined : cidFromHref(href);
  if (cid === undefined) return `xop:Include ${href === undefined ? 'without an href' : `href="${href}" is not a cid: URL`} (XOP 1.0 §4)`;
  const present = [...attachments.keys()].map((k) => `<${k}>`).join(', ') || 'none';
  return `xop:Include href="${href}" names Content-ID <${cid}>, which is not a part of the MTOM package (parts: ${present}; XOP 1.0 §3)`;
}

function findInclude(e: XmlElement, bad: (include: XmlElement) => boolean): XmlElement | undefined {
  for (const c of elements(e)) {
    if (c.ns === NS.xop && c.local === 'Include' && bad(c)) return c;
    const inner = findInclude(c, bad);
    if (inner) return inner;
  }
  return undefined;
}

function refused(xml: Buffer, fault: SoapFaultError, wellFormed: boolean): ReceivedBody {
  return { xml, result: { ok: false, fault, wellFormed } };
}
