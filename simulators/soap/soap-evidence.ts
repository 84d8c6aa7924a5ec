/**
 * How SOAP messages go into the evidence: a plain SOAP message is one `xml` entry; an MTOM
 * message is its root XML part (`xml`), an outline of the MIME package with headers and boundary
 * but part bodies replaced by their sizes (`txt`), and one entry per binary part. DICOM parts are
 * recorded as `dcm`, XML parts as `xml`; other media types (PDF, JPEG) go in as `txt` because the
 * evidence formats have no generic binary type yet; the outline names each part's real type.
 */
import type { EvidenceDirection, EvidenceFormat, EvidenceSink } from '../evidence/evidence.ts';
import type { MimePart } from './mtom.ts';

export interface SoapExchangeInfo {
  readonly actor: string;
  readonly peer: string;
  readonly transaction: string;
  readonly association: string;
  readonly startedAt: number;
}

export interface RecordedSoap {
  readonly direction: EvidenceDirection;
  /** The SOAP envelope (root part for MTOM). */
  readonly xml: Uint8Array | string;
  /** Recorded as `xml` only when it parsed; otherwise as `txt` so schema checks skip it. */
  readonly wellFormed: boolean;
  readonly status?: string;
  readonly durationMs?: number;
  readonly mime?: { readonly outline: string; readonly parts: readonly Pick<MimePart, 'contentType' | 'body' | 'contentId'>[] };
}

export function recordSoap(sink: EvidenceSink, info: SoapExchangeInfo, msg: RecordedSoap): void {
  const base = {
    actor: info.actor,
    peer: info.peer,
    transaction: info.transaction,
    direction: msg.direction,
    association: info.association,
    startedAt: info.startedAt,
    ...(msg.status !== undefined && { status: msg.status }),
    ...(msg.durationMs !== undefined && { durationMs: msg.durationMs }),
  };
  void sink.record({ ...base, format: msg.wellFormed ? 'xml' : 'txt', body: msg.xml });
  if (!msg.mime) return;
  void sink.record({ ...base, format: 'txt', body: msg.mime.outline });
  for (const part of msg.mime.parts) void sink.record({ ...base, format: formatOf(part.contentType), body: part.body });
}

export function formatOf(contentType: string): EvidenceFormat {
  const t = contentType.toLowerCase();
  if (t.startsWith('application/dicom')) return 'dcm';
  if (/[/+]xml\b/.test(t)) return 'xml';
  if (t.startsWith('text/')) return 'txt';
  return 'bin';
}

/** The MIME structure of a received package with part bodies replaced by their sizes. */
export function outlineOf(contentType: string, root: MimePart, attachments: Iterable<MimePart>): string {
  const lines = [`Content-Type: ${contentType}`, ''];
  for (const p of [root, ...attachments]) {
    for (const [k, v] of Object.entries(p.headers)) lines.push(`${k}: ${v}`);
    lines.push('', `[${p.body.byteLength} bytes]`, '');
  }
  return lines.join('\r\n');
}

export function recordHarnessError(sink: EvidenceSink, info: SoapExchangeInfo, err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  void sink.record({
    actor: info.actor,
    peer: info.peer,
    association: info.association,
    transaction: 'harness-error',
    direction: 'response',
    format: 'txt',
    status: 'error',
    startedAt: info.startedAt,
    body: `${info.transaction}: ${e.message}\n${e.stack ?? ''}`,
  });
}
