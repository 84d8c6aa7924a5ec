/**
 * MTOM/XOP packaging (W3C XOP 1.0, SOAP MTOM): `multipart/related; type="application/xop+xml"`.
 * Parsing is binary-safe and copy-free: every part body is a slice of the received buffer, found
 * with Buffer.indexOf, never decoded to text or base64. Building concatenates buffers the same way.
 */
import { randomUUID } from 'node:crypto';

export class MimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MimeError';
  }
}

export interface MediaType {
  /** Lower-cased `type/subtype`. */
  readonly type: string;
  /** Parameter names lower-cased, values unquoted. */
  readonly params: Readonly<Record<string, string>>;
}

/** Parses a Content-Type value (RFC 2045 §5.1), quoted parameters included. */
export function parseMediaType(value: string): MediaType {
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  const params: Record<string, string> = {};
  const re = /;\s*([^=;\s]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]*)/g;
  const rest = semi < 0 ? '' : value.slice(semi);
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    params[m[1]!.toLowerCase()] = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[2]!.trim();
  }
  return { type, params };
}

export interface MimePart {
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** Content-ID without angle brackets. */
  readonly contentId?: string;
  readonly contentType: string;
  /** A slice of the message buffer (no copy). */
  readonly body: Buffer;
}

export interface MultipartMessage {
  readonly boundary: string;
  readonly root: MimePart;
  /** Every part but the root, by Content-ID. */
  readonly attachments: ReadonlyMap<string, MimePart>;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** Splits a multipart/related body into its root part and attachments. */
export function parseMultipartRelated(body: Buffer, contentType: string): MultipartMessage {
  const media = parseMediaType(contentType);
  const boundary = media.params['boundary'];
  if (media.type !== 'multipart/related') throw new MimeError(`expected multipart/related, got ${media.type}`);
  if (!boundary) throw new MimeError('multipart/related without a boundary parameter');
  const dash = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let pos = body.indexOf(dash);
  if (pos !== 0 && (pos < 0 || body.indexOf(delimiter) !== pos - 2)) throw new MimeError(`boundary "${boundary}" not found at the start of a line`);
  pos += dash.length;
  const parts: MimePart[] = [];
  for (;;) {
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // "--": closing delimiter
    const lineEnd = body.indexOf(CRLF, pos);
    if (lineEnd < 0) throw new MimeError('multipart body ends inside a boundary line');
    const headersEnd = body.indexOf(HEADER_END, lineEnd);
    const headersStart = lineEnd + 2;
    let bodyStart: number;
    let headerText: string;
    if (body.indexOf(CRLF, headersStart) === headersStart) {
      headerText = '';
      bodyStart = headersStart + 2;
    } else {
      if (headersEnd < 0) throw new MimeError('MIME part headers are not terminated by an empty line');
      headerText = body.subarray(headersStart, headersEnd).toString('latin1');
      bodyStart = headersEnd + 4;
    }
    const next = body.indexOf(delimiter, bodyStart);
    if (next < 0) throw new MimeError('multipart body has no closing boundary');
    parts.push(makePart(parseHeaders(headerText), body.subarray(bodyStart, next)));
    pos = next + delimiter.length;
  }
  if (parts.length === 0) throw new MimeError('multipart body has no parts');
  const start = media.params['start'] ? stripAngles(media.params['start']) : undefined;
  const root = start ? parts.find((p) => p.contentId === start) : parts[0];
  if (!root) throw new MimeError(`start part <${start}> not found`);
  const attachments = new Map<string, MimePart>();
  for (const p of parts) {
    if (p === root) continue;
    if (!p.contentId) throw new MimeError('attachment part without Content-ID');
    if (attachments.has(p.contentId)) throw new MimeError(`duplicate Content-ID <${p.contentId}>`);
    attachments.set(p.contentId, p);
  }
  return { boundary, root, attachments };
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MimeError(`malformed MIME header line "${line.slice(0, 80)}"`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function makePart(headers: Record<string, string>, body: Buffer): MimePart {
  const encoding = (headers['content-transfer-encoding'] ?? 'binary').toLowerCase();
  if (!['binary', '8bit', '7bit'].includes(encoding)) throw new MimeError(`Content-Transfer-Encoding ${encoding} is not supported in MTOM (binary, 8bit, 7bit)`);
  const id = headers['content-id'];
  return { headers, ...(id && { contentId: stripAngles(id) }), contentType: headers['content-type'] ?? 'application/octet-stream', body };
}

function stripAngles(id: string): string {
  const t = id.trim();
  return t.startsWith('<') && t.endsWith('>') ? t.slice(1, -1) : t;
}

/** The Content-ID an `xop:Include href="cid:..."` points at (RFC 2392: URL-encoded). */
export function cidFromHref(href: string): string | undefined {
  if (!/^cid:/i.test(href)) return undefined;
  try {
    return decodeURIComponent(href.slice(4));
  } catch {
    return undefined;
  }
}

export function hrefForCid(contentId: string): string {
  return `cid:${encodeURIComponent(contentId).replace(/%40/g, '@')}`;
}

export interface OutgoingAttachment {
  readonly contentId: string;
  readonly contentType: string;
  readonly body: Uint8Array;
}

export interface BuiltMultipart {
  readonly contentType: string;
  readonly body: Buffer;
  /** The MIME structure with each part body replaced by its size: for evidence. */
  readonly outline: string;
}

/** Packages a SOAP 1.2 envelope (already holding xop:Include elements) and its attachments. */
export function buildMtom(envelopeXml: string, attachments: readonly OutgoingAttachment[], action?: string): BuiltMultipart {
  const boundary = `MIMEBoundary_ixh_${randomUUID().replace(/-/g, '')}`;
  const rootId = `root.message@ixh`;
  const soapType = action ? `application/soap+xml; action=\\"${action}\\"` : 'application/soap+xml';
  const rootHeaders = [
    `Content-Type: application/xop+xml; charset=UTF-8; type="${soapType}"`,
    'Content-Transfer-Encoding: binary',
    `Content-ID: <${rootId}>`,
  ];
  const chunks: Buffer[] = [];
  const outline: string[] = [];
  const addPart = (headers: string[], body: Uint8Array): void => {
    const head = `--${boundary}\r\n${headers.join('\r\n')}\r\n\r\n`;
    chunks.push(Buffer.from(head, 'latin1'), Buffer.from(body.buffer, body.byteOffset, body.byteLength), CRLF);
    outline.push(`${head}[${body.byteLength} bytes]\r\n`);
  };
  addPart(rootHeaders, Buffer.from(envelopeXml, 'utf8'));
  for (const a of attachments) {
    addPart([`Content-Type: ${a.contentType}`, 'Content-Transfer-Encoding: binary', `Content-ID: <${a.contentId}>`], a.body);
  }
  const close = `--${boundary}--\r\n`;
  chunks.push(Buffer.from(close, 'latin1'));
  outline.push(close);
  const contentType =
    `multipart/related; type="application/xop+xml"; boundary="${boundary}"; start="<${rootId}>"; start-info="application/soap+xml"` +
    (action ? `; action="${action}"` : '');
  return { contentType, body: Buffer.concat(chunks), outline: `Content-Type: ${contentType}\r\n\r\n${outline.join('')}` };
}

/** Fresh Content-IDs for attachments. */
export function newContentId(index: number): string {
  return `${index}.${randomUUID()}@ixh`;
}
