/**
 * Turns a received HTTP body into a SOAP request: plain `application/soap+xml` or an MTOM
 * package. Never throws: a body that cannot be read yields a `SoapFaultError` for the endpoint to
 * answer and record, so every refused message is still evidence.
 */
import { MimeError, parseMediaType, parseMultipartRelated, type MimePart } from './mtom.ts';
import { outlineOf } from './soap-evidence.ts';
import { readEnvelope, type SoapEnvelope } from './soap-envelope.ts';
import { SoapFaultError, Subcode } from './soap-fault.ts';
import { parseXmlSafely, XmlRefusal, type XmlLimits } from './safe-xml.ts';

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
  readonly result: { readonly ok: true; readonly soap: IncomingSoap } | { readonly ok: false; readonly fault: SoapFaultError; readonly wellFormed: boolean };
}

const SOAP_TYPES = new Set(['application/soap+xml', 'text/xml', 'application/xml']);

export function readSoapBody(body: Buffer, contentType: string | undefined, limits: XmlLimits): ReceivedBody {
  if (!contentType) return refused(body, new SoapFaultError('Sender', 'request has no Content-Type', [Subcode.unsupportedMediaType]), false);
  const media = parseMediaType(contentType);
  if (media.type === 'multipart/related') return readMtom(body, contentType, limits);
  if (!SOAP_TYPES.has(media.type)) {
    return refused(body, new SoapFaultError('Sender', `Content-Type ${media.type} is not SOAP 1.2 (application/soap+xml) or MTOM (multipart/related)`, [Subcode.unsupportedMediaType]), false);
  }
  return { ...readXml(body, limits, undefined), ...(media.params['action'] && { contentTypeAction: media.params['action'] }) };
}

function readMtom(body: Buffer, contentType: string, limits: XmlLimits): ReceivedBody {
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
  return { ...readXml(message.root.body, limits, message.attachments), mime, ...(action && { contentTypeAction: action }) };
}

function readXml(xml: Buffer, limits: XmlLimits, attachments: ReadonlyMap<string, MimePart> | undefined): ReceivedBody {
  let root;
  try {
    root = parseXmlSafely(xml, limits);
  } catch (err) {
    if (!(err instanceof XmlRefusal)) throw err;
    const subcode = err.kind === 'doctype' ? Subcode.doctypeRefused : err.kind === 'too-large' ? Subcode.messageTooLarge : Subcode.xmlRefused;
    return refused(xml, new SoapFaultError('Sender', err.message, [subcode]), false);
  }
  try {
    const envelope = readEnvelope(root);
    return { xml, result: { ok: true, soap: { envelope, attachments: attachments ?? new Map(), mtom: attachments !== undefined, raw: xml } } };
  } catch (err) {
    if (err instanceof SoapFaultError) return refused(xml, err, true);
    throw err;
  }
}

function refused(xml: Buffer, fault: SoapFaultError, wellFormed: boolean): ReceivedBody {
  return { xml, result: { ok: false, fault, wellFormed } };
}
