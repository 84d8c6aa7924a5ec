/**
 * How a Document Repository reaches its Document Registry for ITI-42: in-process (the simulator's
 * own registry, still recorded as an ITI-42 exchange) or over HTTP (any registry, e.g. a SUT).
 * A registry that cannot be reached yields XDSRegistryNotAvailable, never an exception.
 */
import type { EvidenceSink } from '../evidence/evidence.ts';
import { NS } from '../soap/namespaces.ts';
import { callSoap } from '../soap/soap-client.ts';
import { buildEnvelope, newMessageId, readEnvelope } from '../soap/soap-envelope.ts';
import { recordSoap } from '../soap/soap-evidence.ts';
import { parseXmlSafely } from '../soap/safe-xml.ts';
import type { XmlOut } from '../soap/xml-write.ts';
import { readRegistryResponse, type RegistryErrorItem, type StatusName } from './registry-response.ts';
import type { RegistryService } from './registry-service.ts';
import { Action, ErrorCode } from './xds-constants.ts';

export interface RegistryLinkResult {
  readonly status: StatusName | string;
  readonly errors: readonly RegistryErrorItem[];
}

export interface RegistryLink {
  /** Sends an lcm:SubmitObjectsRequest (with its namespace declarations). */
  register(submitObjectsRequest: XmlOut): Promise<RegistryLinkResult>;
  readonly description: string;
}

export interface LinkEvidence {
  readonly sink: EvidenceSink;
  /** The calling actor, e.g. "xds-repository". */
  readonly actor: string;
}

export function inProcessRegistry(service: RegistryService, evidence?: LinkEvidence): RegistryLink {
  return {
    description: 'in-process registry',
    async register(request) {
      const started = Date.now();
      const messageId = newMessageId();
      const requestXml = buildEnvelope({ action: Action.registerRequest, messageId, body: request, isRequest: true });
      const info = evidence && { actor: evidence.actor, peer: 'in-process:xds-registry', transaction: 'ITI-42', association: messageId, startedAt: started };
      if (evidence && info) recordSoap(evidence.sink, info, { direction: 'request', xml: requestXml, wellFormed: true });
      const outcome = service.register(readEnvelope(parseXmlSafely(requestXml)).body);
      if (evidence && info) {
        const responseXml = buildEnvelope({ action: Action.registerResponse, relatesTo: messageId, body: outcome.response });
        recordSoap(evidence.sink, info, { direction: 'response', xml: responseXml, wellFormed: true, status: `200 ${outcome.status}`, durationMs: Date.now() - started });
      }
      return { status: outcome.status, errors: outcome.errors };
    },
  };
}

export function httpRegistry(url: string, evidence?: LinkEvidence, timeoutMs = 30_000): RegistryLink {
  return {
    description: `registry at ${url}`,
    async register(request) {
      try {
        const answer = await callSoap({
          url,
          action: Action.registerRequest,
          body: request,
          timeoutMs,
          ...(evidence && { evidence: { sink: evidence.sink, actor: evidence.actor, transaction: 'ITI-42' } }),
        });
        if (answer.fault) return failed(ErrorCode.registryError, `registry answered a SOAP fault ${answer.fault.code}: ${answer.fault.reason}`);
        const body = answer.envelope.body;
        if (body.ns !== NS.rs || body.local !== 'RegistryResponse') return failed(ErrorCode.registryError, `registry answered ${body.local}, not rs:RegistryResponse`);
        return readRegistryResponse(body);
      } catch (err) {
        return failed(ErrorCode.registryNotAvailable, `registry at ${url} not reachable: ${(err as Error).message}`);
      }
    },
  };
}

function failed(errorCode: string, codeContext: string): RegistryLinkResult {
  return { status: 'Failure', errors: [{ errorCode, codeContext, location: 'xds-repository' }] };
}
