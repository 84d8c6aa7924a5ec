/**
 * ITI-38 Cross Gateway Query on the responding side (ITI TF-2 §3.38.4.1.3): checks the community,
 * authorises with the TRC for the queried patient, forwards the query to country A's registry as
 * ITI-18 and returns its answer with `home` = this community on every ExtrinsicObject,
 * RegistryPackage and ObjectRef. Every failure is an AdhocQueryResponse Failure, never a crash.
 */
import { NS } from '../../soap/namespaces.ts';
import type { SoapContext, SoapReply } from '../../soap/soap-endpoint.ts';
import { SoapFaultError, Subcode } from '../../soap/soap-fault.ts';
import type { IncomingSoap } from '../../soap/soap-request.ts';
import { attr, element } from '../../soap/xml-tree.ts';
import { adhocQueryResponse, type RegistryErrorItem } from '../../registry/registry-response.ts';
import { Action, ErrorCode } from '../../registry/xds-constants.ts';
import { callBackend } from './backend-call.ts';
import type { BackendOptions, FaceOptions, RespondingGatewayOptions } from './gateway-options.ts';
import { authorizeRequest } from './request-authorization.ts';
import { copyXml } from '../xml-copy.ts';
import { queriedPatientId } from '../xca-requests.ts';

export type QueryOptions = FaceOptions & BackendOptions & Pick<RespondingGatewayOptions, 'registryUrl'>;

const HOMED = new Set(['ExtrinsicObject', 'RegistryPackage', 'ObjectRef']);

export async function crossGatewayQuery(options: QueryOptions, request: IncomingSoap, context: SoapContext): Promise<SoapReply> {
  const body = request.envelope.body;
  if (body.ns !== NS.query || body.local !== 'AdhocQueryRequest') throw new SoapFaultError('Sender', `ITI-38 body must be query:AdhocQueryRequest, got ${body.local}`, [Subcode.badBody]);
  const fail = (error: Omit<RegistryErrorItem, 'location'>): SoapReply => ({ body: adhocQueryResponse('Failure', [{ ...error, location: options.homeCommunityId }], []), outcome: 'Failure' });

  const adhoc = element(body, NS.rim, 'AdhocQuery');
  const home = adhoc && attr(adhoc, 'home');
  if (home !== undefined && home !== options.homeCommunityId) {
    return fail({ errorCode: ErrorCode.unknownCommunity, codeContext: `home community ${home} is not this gateway's (${options.homeCommunityId})` });
  }
  const patientId = adhoc ? queriedPatientId(adhoc, ['$XDSDocumentEntryPatientId']) : undefined;
  const granted = await authorizeRequest(options, request, context, { transaction: 'ITI-38', requireTrc: true, ...(patientId !== undefined && { patientId }) });
  if (!granted.ok) return fail({ errorCode: granted.code, codeContext: granted.message });

  const forwarded = await callBackend(options, { url: options.registryUrl, action: Action.queryRequest, body: copyXml(body), transaction: 'ITI-18' });
  if (!forwarded.ok) return fail({ errorCode: ErrorCode.registryNotAvailable, codeContext: `registry not available: ${forwarded.reason}` });
  const answer = forwarded.answer.envelope.body;
  if (answer.ns !== NS.query || answer.local !== 'AdhocQueryResponse') {
    return fail({ errorCode: ErrorCode.registryError, codeContext: `registry answered {${answer.ns}}${answer.local}, not an AdhocQueryResponse` });
  }
  const homed = copyXml(answer, { attrs: (e) => (e.ns === NS.rim && HOMED.has(e.local) ? { home: options.homeCommunityId } : undefined) });
  const status = (attr(answer, 'status') ?? '').split(':').pop() ?? '';
  return { body: homed, outcome: status };
}
