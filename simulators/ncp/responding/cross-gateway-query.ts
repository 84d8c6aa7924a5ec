/**
 * ITI-38 Cross Gateway Query on the responding side (ITI TF-2 §3.38.4.1.3): checks the community,
 * authorises with the TRC for the queried patient, forwards the query to country A's registry as
 * ITI-18 and returns its answer with `home` = this community on every ExtrinsicObject,
 * RegistryPackage and ObjectRef. Every failure is an AdhocQueryResponse Failure, never a crash.
 *
 * The queried patient is read from every patient parameter of the stored query (xca-requests.ts:
 * $XDSDocumentEntryPatientId, $XDSSubmissionSetPatientId, $XDSFolderPatientId, $patientId), so
 * FindSubmissionSets, FindFolders and GetAll are matched against the TRC patient (4206 on mismatch)
 * like FindDocuments. A stored query that names no patient at all (GetDocuments, GetAssociations,
 * GetFolders, … by id) is refused with Failure, eHDSI 4705 Policy violation, before the assertions
 * are checked and before the registry is asked: in eHDSI the TRC assertion binds a request to one
 * patient, and the eHDSI XCA profile queries by patient (FindDocuments with the patient id), so a
 * query by object id would let a TRC for one patient reach any patient's metadata. Plain IHE XCA
 * allows such queries; filtering the registry's answer down to the TRC patient's objects was the
 * alternative, rejected because Associations and ObjectRefs carry no patient to filter on.
 * docs/security.md, "Which patient a request is about".
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
import { PATIENT_PARAMS, queriedPatientId } from '../xca-requests.ts';
import { EhdsiError } from '../../security/ehdsi-error-codes.ts';
import { QUERY_NAMES } from '../../registry/stored-queries.ts';

export type QueryOptions = FaceOptions & BackendOptions & Pick<RespondingGatewayOptions, 'registryUrl' | 'faults'>;

const HOMED = new Set(['ExtrinsicObject', 'RegistryPackage', 'ObjectRef']);

export async function crossGatewayQuery(options: QueryOptions, request: IncomingSoap, context: SoapContext): Promise<SoapReply> {
  const body = request.envelope.body;
  if (body.ns !== NS.query || body.local !== 'AdhocQueryRequest') throw new SoapFaultError('Sender', `ITI-38 body must be query:AdhocQueryRequest, got ${body.local}`, [Subcode.badBody]);
  const fail = (error: Omit<RegistryErrorItem, 'location'>): SoapReply => ({ body: adhocQueryResponse('Failure', [{ ...error, location: options.homeCommunityId }], []), outcome: 'Failure' });

  const adhoc = element(body, NS.rim, 'AdhocQuery');
  if (!adhoc) throw new SoapFaultError('Sender', 'ITI-38 query:AdhocQueryRequest without rim:AdhocQuery', [Subcode.badBody]);
  const home = attr(adhoc, 'home');
  if (home !== undefined && home !== options.homeCommunityId) {
    return fail({ errorCode: ErrorCode.unknownCommunity, codeContext: `home community ${home} is not this gateway's (${options.homeCommunityId})` });
  }
  const patientId = queriedPatientId(adhoc);
  if (patientId === undefined) {
    const queryId = attr(adhoc, 'id') ?? '(no id)';
    return fail({
      errorCode: EhdsiError.policyViolation.code,
      codeContext: `${EhdsiError.policyViolation.display}: stored query ${QUERY_NAMES[queryId] ?? queryId} names no patient (${PATIENT_PARAMS.join(', ')}); a cross-border query must name the patient whose TRC assertion it presents (eHDSI: the TRC binds the request to one patient)`,
    });
  }
  const granted = await authorizeRequest(options, request, context, { transaction: 'ITI-38', requireTrc: true, patientId });
  if (!granted.ok) return fail({ errorCode: granted.code, codeContext: granted.message });

  const forwarded = await callBackend(options, { url: options.registryUrl, action: Action.queryRequest, body: copyXml(body), transaction: 'ITI-18' });
  if (!forwarded.ok) return fail({ errorCode: ErrorCode.registryNotAvailable, codeContext: `registry not available: ${forwarded.reason}` });
  const answer = forwarded.answer.envelope.body;
  if (answer.ns !== NS.query || answer.local !== 'AdhocQueryResponse') {
    return fail({ errorCode: ErrorCode.registryError, codeContext: `registry answered {${answer.ns}}${answer.local}, not an AdhocQueryResponse` });
  }
  // Fault no-home-attribute (faults.ts): the registry's answer goes back as it came, without `home`.
  const homed = options.faults?.includes('no-home-attribute') ? copyXml(answer) : copyXml(answer, { attrs: (e) => (e.ns === NS.rim && HOMED.has(e.local) ? { home: options.homeCommunityId } : undefined) });
  const status = (attr(answer, 'status') ?? '').split(':').pop() ?? '';
  return { body: homed, outcome: status };
}
