/**
 * The SOAP 1.2 endpoint every SOAP actor (registry, repository, gateways) is built on: a fastify
 * plugin that registers its own content-type parsers in its scope, dispatches on wsa:Action,
 * answers faults the way a SOAP node must, and records every request and response as evidence.
 * Nothing is rejected before the handler: unreadable bodies reach it as a parsed fault, so they
 * are recorded too. Only a body over `maxMessageBytes` is cut off early (by fastify's body limit),
 * and even that is answered with a SOAP fault and recorded.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { buildMtom, type OutgoingAttachment } from './mtom.ts';
import { buildEnvelope, buildFaultEnvelope } from './soap-envelope.ts';
import { recordHarnessError, recordSoap, type SoapExchangeInfo } from './soap-evidence.ts';
import { SoapFaultError, Subcode } from './soap-fault.ts';
import { readSoapBody, type IncomingSoap, type ReceivedBody, type XopIncludes } from './soap-request.ts';
import { DEFAULT_XML_LIMITS, type XmlLimits } from './safe-xml.ts';
import type { XmlOut } from './xml-write.ts';

export type { IncomingSoap } from './soap-request.ts';

export interface SoapReply {
  /** The element to put in env:Body. */
  readonly body: XmlOut;
  readonly attachments?: readonly OutgoingAttachment[];
  /** Answer as MTOM even without attachments (ITI-43 always is); otherwise the request's packaging is mirrored. */
  readonly mtom?: boolean;
  /** Short outcome appended to the evidence status, e.g. "Success" or "PartialSuccess". */
  readonly outcome?: string;
}

export interface SoapContext {
  readonly peer: string;
  /** Evidence grouping id of this HTTP exchange. */
  readonly association: string;
  /** The HTTP request's headers (names lower-cased), for what travels beside the SOAP message. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface SoapOperation {
  /** Evidence transaction id, e.g. "ITI-18". */
  readonly transaction: string;
  readonly responseAction: string;
  handle(request: IncomingSoap, context: SoapContext): Promise<SoapReply> | SoapReply;
}

export interface SoapLimits extends XmlLimits {
  /** Largest HTTP body accepted, attachments included. */
  readonly maxMessageBytes: number;
}

export const DEFAULT_SOAP_LIMITS: SoapLimits = { ...DEFAULT_XML_LIMITS, maxMessageBytes: 256 * 1024 * 1024 };

export interface SoapEndpointOptions {
  /** Evidence actor name, e.g. "xds-registry". */
  readonly actor: string;
  readonly evidence: EvidenceSink;
  /** Operations by request wsa:Action. */
  readonly operations: Readonly<Record<string, SoapOperation>>;
  readonly limits?: Partial<SoapLimits>;
  /**
   * `check`: an xop:Include naming no part of the package (or any in plain SOAP) is refused with a
   * Sender fault ixh:MissingMimePart before the handler runs (soap-request.ts). `to-handler` (default):
   * the handler resolves references itself, e.g. to answer XDSMissingDocument (ITI-41).
   */
  readonly xopIncludes?: XopIncludes;
}

/** A fastify plugin answering SOAP on POST `/` of its prefix. */
export function soapEndpoint(options: SoapEndpointOptions): FastifyPluginAsync {
  const limits: SoapLimits = { ...DEFAULT_SOAP_LIMITS, ...options.limits };
  const { actor, evidence, operations } = options;

  return async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limits.maxMessageBytes }, (req, body, done) => {
      done(null, readSoapBody(body as Buffer, req.headers['content-type'], limits, options.xopIncludes));
    });

    app.setErrorHandler(async (err: Error & { code?: string; statusCode?: number }, req, reply) => {
      const info = exchangeInfo(req, reply, 'SOAP');
      const tooLarge = err.code === 'FST_ERR_CTP_BODY_TOO_LARGE';
      const fault = tooLarge
        ? new SoapFaultError('Sender', `message exceeds the limit of ${limits.maxMessageBytes} bytes`, [Subcode.messageTooLarge])
        : new SoapFaultError(err.statusCode && err.statusCode < 500 ? 'Sender' : 'Receiver', err.message, [Subcode.harnessError]);
      const head = `${req.method} ${req.url}\r\n${Object.entries(req.headers).map(([k, v]) => `${k}: ${String(v)}`).join('\r\n')}\r\n\r\n[body not read: ${err.message}]\r\n`;
      recordSoap(evidence, info, { direction: 'request', xml: head, wellFormed: false });
      if (fault.code === 'Receiver') recordHarnessError(evidence, info, err);
      return sendFault(reply, info, fault, undefined, tooLarge ? 413 : fault.httpStatus);
    });

    app.post('/', async (req, reply) => {
      const received = req.body as ReceivedBody | undefined;
      if (!received) {
        const info = exchangeInfo(req, reply, 'SOAP');
        const fault = new SoapFaultError('Sender', 'empty request', [Subcode.unsupportedMediaType]);
        recordSoap(evidence, info, { direction: 'request', xml: '', wellFormed: false });
        return sendFault(reply, info, fault);
      }
      const result = received.result;
      // A message refused after its envelope was read (e.g. a dangling xop:Include) still names its action and id.
      const read = result.ok ? result.soap.envelope : result.envelope;
      const action = read?.addressing.action ?? received.contentTypeAction;
      const operation = action !== undefined ? operations[action] : undefined;
      const info = exchangeInfo(req, reply, operation?.transaction ?? 'SOAP');
      recordSoap(evidence, info, { direction: 'request', xml: received.xml, wellFormed: result.ok || result.wellFormed, ...(received.mime && { mime: received.mime }) });
      const relatesTo = read?.addressing.messageId;
      if (!result.ok) return sendFault(reply, info, result.fault, relatesTo);
      if (action === undefined) return sendFault(reply, info, new SoapFaultError('Sender', 'wsa:Action header is required', [Subcode.headerRequired]), relatesTo);
      if (!operation) {
        const known = Object.keys(operations).join(', ');
        return sendFault(reply, info, new SoapFaultError('Sender', `action ${action} is not supported here (supported: ${known})`, [Subcode.actionNotSupported]), relatesTo);
      }
      let answer: SoapReply;
      try {
        answer = await operation.handle(result.soap, { peer: info.peer, association: info.association, headers: req.headers });
      } catch (err) {
        if (err instanceof SoapFaultError) return sendFault(reply, info, err, relatesTo);
        recordHarnessError(evidence, info, err);
        return sendFault(reply, info, new SoapFaultError('Receiver', `internal error: ${(err as Error).message}`, [Subcode.harnessError]), relatesTo);
      }
      const envelope = buildEnvelope({ action: operation.responseAction, ...(relatesTo !== undefined && { relatesTo }), body: answer.body });
      const status = answer.outcome ? `200 ${answer.outcome}` : '200';
      const attachments = answer.attachments ?? [];
      if (answer.mtom || result.soap.mtom || attachments.length > 0) {
        const built = buildMtom(envelope, attachments, operation.responseAction);
        recordSoap(evidence, info, { direction: 'response', xml: envelope, wellFormed: true, status, durationMs: reply.elapsedTime, mime: { outline: built.outline, parts: attachments.map((a) => ({ ...a, body: Buffer.from(a.body) })) } });
        return reply.code(200).header('content-type', built.contentType).send(built.body);
      }
      recordSoap(evidence, info, { direction: 'response', xml: envelope, wellFormed: true, status, durationMs: reply.elapsedTime });
      return reply.code(200).header('content-type', `application/soap+xml; charset=UTF-8; action="${operation.responseAction}"`).send(envelope);
    });

    function exchangeInfo(req: FastifyRequest, reply: FastifyReply, transaction: string): SoapExchangeInfo {
      const startedAt = Math.round(Date.now() - reply.elapsedTime);
      return { actor, peer: `${req.ip}:${req.socket?.remotePort ?? '-'}`, transaction, association: `${actor}/${req.id}`, startedAt };
    }

    function sendFault(reply: FastifyReply, info: SoapExchangeInfo, fault: SoapFaultError, relatesTo?: string, httpStatus = fault.httpStatus): FastifyReply {
      const xml = buildFaultEnvelope(fault, relatesTo);
      recordSoap(evidence, info, { direction: 'response', xml, wellFormed: true, status: `${httpStatus} Fault:${fault.code}`, durationMs: reply.elapsedTime });
      return reply.code(httpStatus).header('content-type', 'application/soap+xml; charset=UTF-8').send(xml);
    }
  };
}
