/**
 * Test helpers for driving a running world's gateways by hand: reading a SOAP fault's code and
 * subcode, posting bytes a well-behaved client would never send, rewriting the signed assertions
 * of a security header after signing, finding one exchange in the evidence, and turning a KOS
 * into the RAD-69 request for its instances.
 */
import dcmjs from 'dcmjs';
import { expect } from 'vitest';
import type { EvidenceEntry, EvidenceSink } from '../evidence/evidence.ts';
import type { ImagingRetrieveRequest } from '../imaging-source/rad69-messages.ts';
import { NS } from '../soap/namespaces.ts';
import { readAnswer, type InjectedAnswer } from '../soap/test-inject.ts';
import { element, textOf, type XmlElement } from '../soap/xml-tree.ts';
import { rawXml, type XmlChild, type XmlOut } from '../soap/xml-write.ts';

/** `{namespace}local`, as a fault's QNames are compared (the prefix is the sender's choice). */
export const qn = (ns: keyof typeof NS, local: string): string => `{${NS[ns]}}${local}`;

export interface ReadFault {
  readonly code: string;
  readonly subcode?: string;
  readonly reason: string;
}

/** The env:Fault in a body, its Value and first Subcode resolved to `{ns}local`; undefined when the body is no fault. */
export function faultOf(body: XmlElement): ReadFault | undefined {
  if (body.ns !== NS.env || body.local !== 'Fault') return undefined;
  const code = element(body, NS.env, 'Code');
  const value = code && element(code, NS.env, 'Value');
  const sub = code && element(code, NS.env, 'Subcode');
  const subValue = sub && element(sub, NS.env, 'Value');
  const reason = element(body, NS.env, 'Reason');
  return {
    code: resolve(value),
    ...(subValue && { subcode: resolve(subValue) }),
    reason: textOf(reason && element(reason, NS.env, 'Text')).trim(),
  };
}

function resolve(value: XmlElement | undefined): string {
  const text = textOf(value).trim();
  const i = text.indexOf(':');
  const ns = value?.scope.get(i < 0 ? '' : text.slice(0, i));
  return ns === undefined ? text : `{${ns}}${text.slice(i + 1)}`;
}

/** One HTTP POST of exactly these bytes, the answer read like any SOAP answer. */
export async function postRaw(url: string, contentType: string, body: string | Uint8Array): Promise<Omit<InjectedAnswer, 'messageId'>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : Buffer.from(body), signal: AbortSignal.timeout(10_000) });
  return readAnswer(res.status, res.headers.get('content-type') ?? '', Buffer.from(await res.arrayBuffer()));
}

/** The security header with each verbatim (signed) assertion passed through `rewrite`: tampering after signing. */
export function rewriteAssertions(header: XmlOut, rewrite: (assertionXml: string, index: number) => string): XmlOut {
  let index = 0;
  const children = (header.children ?? []).map((c: XmlChild): XmlChild => (typeof c === 'object' && c !== null && 'raw' in c ? rawXml(rewrite(c.raw, index++)) : c));
  return { ...header, children };
}

/** The body element of a recorded envelope, read the way an answer is read. */
export function recordedBody(xml: string): XmlElement {
  return readAnswer(200, 'application/soap+xml', Buffer.from(xml)).envelope.body;
}

/** The tree without any element named `name` (prefixed name as built), e.g. to drop a required part. */
export function withoutElement(xml: XmlOut, name: string): XmlOut {
  const children = (xml.children ?? []).flatMap((c: XmlChild): XmlChild[] => {
    if (typeof c !== 'object' || c === null || 'raw' in c) return [c];
    return c.name === name ? [] : [withoutElement(c, name)];
  });
  return { ...xml, children };
}

export interface RecordedExchange {
  readonly request: EvidenceEntry;
  readonly response: EvidenceEntry;
  /** The recorded response envelope (the root part for MTOM), as text. */
  readonly responseXml: string;
  /** Every entry recorded meanwhile, by any actor. */
  readonly all: readonly EvidenceEntry[];
}

/**
 * Runs `send` and returns what `actor` recorded for `transaction` meanwhile: the request and the
 * response of one HTTP exchange (same association). Fails the test when either is missing or when
 * any actor recorded a `harness-error` (a refusal must be an answer, never a crash).
 */
export async function recordedExchange<T>(evidence: EvidenceSink, actor: string, transaction: string, send: () => Promise<T>): Promise<{ answer: T } & RecordedExchange> {
  await evidence.flush();
  const since = evidence.entries().at(-1)?.seq ?? 0;
  const answer = await send();
  await evidence.flush();
  const all = evidence.entries().filter((e) => e.seq > since);
  expect(all.filter((e) => e.transaction === 'harness-error').map((e) => `${e.actor} ${e.status ?? ''}`)).toEqual([]);
  const mine = all.filter((e) => e.actor === actor && e.transaction === transaction);
  const request = mine.find((e) => e.direction === 'request');
  expect(request, `${actor} recorded no ${transaction} request (it recorded: ${all.map((e) => `${e.actor} ${e.transaction} ${e.direction}`).join('; ')})`).toBeDefined();
  const response = mine.find((e) => e.direction === 'response' && e.association === request!.association);
  expect(response, `${actor} recorded no ${transaction} response for ${request!.association}`).toBeDefined();
  const responseXml = Buffer.from(await evidence.read(response!)).toString('utf8');
  return { answer, request: request!, response: response!, responseXml, all };
}

/** RAD-69 for every instance a KOS references (its Current Requested Procedure Evidence), all in `homeCommunityId`. */
export function imagingRequestFromKos(kosBytes: Uint8Array, homeCommunityId: string): ImagingRetrieveRequest {
  const kos = dcmjs.data.DicomMessage.readFile(Uint8Array.from(kosBytes).buffer);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(kos.dict) as Record<string, any>;
  const study = ds.CurrentRequestedProcedureEvidenceSequence[0];
  return {
    studies: [
      {
        studyInstanceUid: study.StudyInstanceUID as string,
        series: (study.ReferencedSeriesSequence as any[]).map((s) => ({
          seriesInstanceUid: s.SeriesInstanceUID as string,
          documents: (s.ReferencedSOPSequence as any[]).map((i) => ({ homeCommunityId, repositoryUniqueId: s.RetrieveLocationUID as string, documentUniqueId: i.ReferencedSOPInstanceUID as string })),
        })),
      },
    ],
    transferSyntaxUids: ['1.2.840.10008.1.2.1'],
  };
}
