/**
 * Test doubles for the cross-border side: small fastify apps that answer ITI-55, ITI-38, ITI-39
 * and RAD-75 through `soapEndpoint` on real sockets (port 0), remember every request they got
 * (action, body, the wsse:Security header) and can be slowed down past the gateway's timeout.
 * Plus a fake AssertionProvider, local request builders and a gateway app started on port 0.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { createEvidenceRecorder } from '../../evidence/recorder.ts';
import type { EvidenceSink } from '../../evidence/evidence.ts';
import { hrefForCid, newContentId, type OutgoingAttachment } from '../../soap/mtom.ts';
import { declare, NS } from '../../soap/namespaces.ts';
import { callSoap, type SoapAnswer } from '../../soap/soap-client.ts';
import { soapEndpoint, type SoapReply } from '../../soap/soap-endpoint.ts';
import type { SoapFaultError } from '../../soap/soap-fault.ts';
import type { IncomingSoap } from '../../soap/soap-request.ts';
import { attr, element, elements, textOf, type XmlElement } from '../../soap/xml-tree.ts';
import { el, serializeXml, type XmlOut } from '../../soap/xml-write.ts';
import { adhocQueryResponse, registryResponse, statusFor, type RegistryErrorItem } from '../../registry/registry-response.ts';
import { DocScheme, ObjectType } from '../../registry/xds-constants.ts';
import type { AssertionProvider, AssertionRequest } from '../gateway-security.ts';
import { GatewayAction } from './cross-gateway-actions.ts';
import type { Community, InitiatingGatewayConfig } from './gateway-config.ts';
import { createInitiatingGateway, type InitiatingGateway } from './initiating-gateway.ts';
import { XcpdIssue } from '../xcpd/xcpd-constants.ts';
import { patientDiscoveryRefusal } from './xcpd-refusal.ts';

export interface ReceivedRequest {
  readonly action: string;
  readonly body: XmlElement;
  /** Text of the wsse:Security header (what the fake provider put there). */
  readonly security: string | undefined;
}

export interface StoredDocument {
  readonly mimeType: string;
  readonly bytes: Buffer;
  readonly repositoryUniqueId: string;
  readonly patientId: string;
  readonly studyInstanceUid?: string;
}

export interface FakeCommunity {
  readonly community: Community;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

export interface FakeCommunityOptions {
  readonly country: string;
  readonly homeCommunityId: string;
  readonly nationalIdOid?: string;
  /** documentUniqueId → document. */
  readonly documents?: ReadonlyMap<string, StoredDocument>;
  /** Every answer waits this long (to exceed the gateway's timeout). */
  readonly delayMs?: number;
  /** Every request is answered with this SOAP fault (after being recorded in `received`). */
  readonly refuse?: SoapFaultError;
}

/** A community that answers on a real socket. */
export async function startFakeCommunity(options: FakeCommunityOptions): Promise<FakeCommunity> {
  const received: ReceivedRequest[] = [];
  const documents = options.documents ?? new Map<string, StoredDocument>();
  const home = options.homeCommunityId;
  const app = Fastify({ logger: false });
  const receive = async (request: IncomingSoap): Promise<void> => {
    const security = request.envelope.header && element(request.envelope.header, NS.wsse, 'Security');
    received.push({ action: request.envelope.addressing.action ?? '', body: request.envelope.body, security: security && textOf(security) });
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    if (options.refuse) throw options.refuse;
  };
  const retrieve = async (request: IncomingSoap): Promise<SoapReply> => {
    await receive(request);
    return retrieveAnswer(request.envelope.body, home, documents);
  };
  await app.register(
    soapEndpoint({
      actor: `community-${options.country}`,
      evidence: createEvidenceRecorder(),
      operations: {
        [GatewayAction.xcpd]: {
          transaction: 'ITI-55',
          responseAction: GatewayAction.xcpdResponse,
          handle: async (request) => {
            await receive(request);
            return { body: patientDiscoveryRefusal(request.envelope.body, '2.999.9', { ...XcpdIssue.answerNotAvailable, text: `answered by ${options.country}` }) };
          },
        },
        [GatewayAction.crossGatewayQuery]: {
          transaction: 'ITI-38',
          responseAction: GatewayAction.crossGatewayQueryResponse,
          handle: async (request) => {
            await receive(request);
            return { body: adhocQueryResponse('Success', [], [...documents].map(([uid, d]) => documentEntry(uid, d, home))) };
          },
        },
        [GatewayAction.crossGatewayRetrieve]: { transaction: 'ITI-39', responseAction: GatewayAction.crossGatewayRetrieveResponse, handle: retrieve },
        [GatewayAction.crossGatewayImagingRetrieve]: { transaction: 'RAD-75', responseAction: GatewayAction.crossGatewayImagingRetrieveResponse, handle: retrieve },
      },
    }),
  );
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    community: {
      homeCommunityId: home,
      country: options.country,
      xcpdUrl: `${url}/`,
      xcaQueryUrl: `${url}/`,
      xcaRetrieveUrl: `${url}/`,
      xcaiRetrieveUrl: `${url}/`,
      ...(options.nationalIdOid && { nationalIdOid: options.nationalIdOid }),
    },
    received,
    close: () => app.close(),
  };
}

/** A community whose port is closed: every call is refused. */
export async function closedCommunity(country: string, homeCommunityId: string): Promise<Community> {
  const app = Fastify();
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  await app.close();
  return { homeCommunityId, country, xcpdUrl: url, xcaQueryUrl: url, xcaRetrieveUrl: url, xcaiRetrieveUrl: url };
}

function documentEntry(uniqueId: string, d: StoredDocument, home: string): XmlOut {
  const suffix = uniqueId.replace(/\D/g, '').slice(-12).padStart(12, '0');
  const idFor = (n: number): string => `urn:uuid:0000000${n}-0000-4000-8000-${suffix}`;
  const id = idFor(0);
  const external = (scheme: string, value: string, n: number): XmlOut =>
    el('rim:ExternalIdentifier', { id: idFor(n), registryObject: id, identificationScheme: scheme, value, objectType: ObjectType.externalIdentifier });
  return el(
    'rim:ExtrinsicObject',
    { id, home, mimeType: d.mimeType, objectType: ObjectType.stableDocument, status: 'urn:oasis:names:tc:ebxml-regrep:StatusType:Approved' },
    el('rim:Slot', { name: 'repositoryUniqueId' }, el('rim:ValueList', undefined, el('rim:Value', undefined, d.repositoryUniqueId))),
    d.studyInstanceUid !== undefined &&
      el('rim:Slot', { name: 'urn:ihe:iti:xds:2013:referenceIdList' }, el('rim:ValueList', undefined, el('rim:Value', undefined, `${d.studyInstanceUid}^^^^urn:ihe:iti:xds:2016:studyInstanceUID`))),
    external(DocScheme.patientId, d.patientId, 1),
    external(DocScheme.uniqueId, uniqueId, 2),
  );
}

/** ITI-39 / RAD-75 answer: every DocumentRequest anywhere in the body, found or an error. */
function retrieveAnswer(body: XmlElement, home: string, documents: ReadonlyMap<string, StoredDocument>): SoapReply {
  const requests: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of elements(e)) {
      if (c.local === 'DocumentRequest' && (c.ns === NS.xdsb || c.ns === NS.xdsi)) requests.push(c);
      else walk(c);
    }
  };
  walk(body);
  const errors: RegistryErrorItem[] = [];
  const attachments: OutgoingAttachment[] = [];
  const responses: XmlOut[] = [];
  for (const rq of requests) {
    const uid = textOf(element(rq, NS.xdsb, 'DocumentUniqueId')).trim();
    const doc = documents.get(uid);
    if (!doc) {
      errors.push({ errorCode: 'XDSDocumentUniqueIdError', codeContext: `no document ${uid}`, location: uid });
      continue;
    }
    const contentId = newContentId(attachments.length + 1);
    attachments.push({ contentId, contentType: doc.mimeType, body: doc.bytes });
    responses.push(
      el(
        'xdsb:DocumentResponse',
        undefined,
        el('xdsb:HomeCommunityId', undefined, home),
        el('xdsb:RepositoryUniqueId', undefined, doc.repositoryUniqueId),
        el('xdsb:DocumentUniqueId', undefined, uid),
        el('xdsb:mimeType', undefined, doc.mimeType),
        el('xdsb:Document', undefined, el('xop:Include', { href: hrefForCid(contentId) })),
      ),
    );
  }
  const status = statusFor(errors, responses.length > 0);
  return { body: el('xdsb:RetrieveDocumentSetResponse', declare('xdsb', 'rs', 'rim', 'xop'), registryResponse(status, errors, false), responses), attachments, mtom: true };
}

/** Puts what it was asked for in a small wsse:Security header, so tests can read it back. */
export function fakeAssertions(): AssertionProvider & { readonly requests: AssertionRequest[] } {
  const requests: AssertionRequest[] = [];
  return {
    requests,
    securityHeader(request) {
      requests.push(request);
      return el('wsse:Security', { 'xmlns:wsse': NS.wsse }, `purpose=${request.purposeOfUse};patient=${request.patientId ?? '-'}`);
    },
  };
}

export interface RunningGateway {
  readonly gateway: InitiatingGateway;
  readonly url: string;
  readonly app: FastifyInstance;
  readonly evidence: EvidenceSink;
  /** Calls the gateway like a local system of B (no security, optional headers). */
  call(action: string, body: XmlOut, headers?: Record<string, string>): Promise<SoapAnswer>;
}

export async function startGateway(config: Partial<InitiatingGatewayConfig> & Pick<InitiatingGatewayConfig, 'communities'>, evidence: EvidenceSink = createEvidenceRecorder()): Promise<RunningGateway> {
  const gateway = createInitiatingGateway({ evidence, homeCommunityId: 'urn:oid:2.999.200', deviceOid: '2.999.200.1', assertions: fakeAssertions(), timeoutMs: 2000, ...config });
  const app = Fastify({ logger: false });
  await app.register(gateway.plugin, { prefix: '/ncp-b' });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `${base}/ncp-b/`;
  return {
    gateway,
    url,
    app,
    evidence,
    call: (action, body, headers) => callSoap({ url, action, body, timeoutMs: 10_000, ...(headers && { httpHeaders: headers }) }),
  };
}

export function xml(e: XmlOut): string {
  return serializeXml(e);
}

export function attrOf(e: XmlElement | undefined, name: string): string | undefined {
  return e && attr(e, name);
}
