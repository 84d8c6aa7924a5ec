/**
 * Test helper: sends a SOAP 1.2 request (plain or MTOM) to a fastify app with `inject` and reads
 * the answer with the same parser the endpoints use.
 */
import type { FastifyInstance } from 'fastify';
import { buildMtom, type MimePart, type OutgoingAttachment } from './mtom.ts';
import { buildEnvelope, newMessageId, type SoapEnvelope } from './soap-envelope.ts';
import { readSoapBody } from './soap-request.ts';
import type { XmlOut } from './xml-write.ts';

export interface InjectedAnswer {
  readonly statusCode: number;
  readonly contentType: string;
  readonly envelope: SoapEnvelope;
  readonly attachments: ReadonlyMap<string, MimePart>;
  readonly messageId: string;
}

export async function injectSoap(
  app: FastifyInstance,
  url: string,
  action: string,
  body: XmlOut,
  options: { attachments?: readonly OutgoingAttachment[]; mtom?: boolean } = {},
): Promise<InjectedAnswer> {
  const messageId = newMessageId();
  const xml = buildEnvelope({ action, messageId, to: `http://localhost${url}`, body, isRequest: true });
  const attachments = options.attachments ?? [];
  const packed = options.mtom || attachments.length > 0 ? buildMtom(xml, attachments, action) : undefined;
  const res = await app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': packed ? packed.contentType : `application/soap+xml; charset=UTF-8; action="${action}"` },
    payload: packed ? packed.body : xml,
  });
  return { ...readAnswer(res.statusCode, String(res.headers['content-type'] ?? ''), res.rawPayload), messageId };
}

export function readAnswer(statusCode: number, contentType: string, payload: Buffer): Omit<InjectedAnswer, 'messageId'> {
  const received = readSoapBody(payload, contentType, { maxXmlBytes: 64 * 1024 * 1024, maxDepth: 64 });
  if (!received.result.ok) throw new Error(`unreadable answer (${statusCode}): ${received.result.fault.reason}\n${payload.toString('utf8').slice(0, 2000)}`);
  return { statusCode, contentType, envelope: received.result.soap.envelope, attachments: received.result.soap.attachments };
}
