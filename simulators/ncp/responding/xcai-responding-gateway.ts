/**
 * NCP-A's XCA-I Responding Imaging Gateway (IHE RAD-75 Cross Gateway Retrieve Imaging Document
 * Set): documents asked of another community are refused with XDSUnknownCommunity, the rest are
 * fetched from country A's Imaging Document Source with RAD-69 and returned with HomeCommunityId;
 * PartialSuccess when only some arrive.
 *
 * Authorisation: the request carries SOP Instance UIDs, which the registry does not index, so the
 * TRC cannot be matched to the instances' patient here; the authorizer checks the TRC on its own
 * (requireTrc, no patientId). Binding instances to the TRC patient needs the imaging source's help
 * and is left for later.
 */
import type { FastifyPluginAsync } from 'fastify';
import { buildImagingRetrieveRequest, RAD69_ACTION, RAD75_ACTION, RAD75_RESPONSE_ACTION, readImagingRetrieveRequest, type ImagingRetrieveRequest } from '../../imaging-source/rad69-messages.ts';
import { readRetrieveDocumentSetResponse } from '../../registry/retrieve-response.ts';
import type { RegistryErrorItem } from '../../registry/registry-response.ts';
import { ErrorCode } from '../../registry/xds-constants.ts';
import { auditedOperation } from '../../audit/responding-audits.ts';
import { soapEndpoint, type SoapContext, type SoapReply } from '../../soap/soap-endpoint.ts';
import type { IncomingSoap } from '../../soap/soap-request.ts';
import { callBackend } from './backend-call.ts';
import { NCP_A_ACTOR, type BackendOptions, type FaceOptions, type RespondingGatewayOptions } from './gateway-options.ts';
import { authorizeRequest } from './request-authorization.ts';
import { homedIn, retrieveAnswer } from '../retrieve-answer.ts';

export type XcaiFaceOptions = FaceOptions & BackendOptions & Pick<RespondingGatewayOptions, 'imagingSourceUrl'>;

export const xcaiRespondingGateway: FastifyPluginAsync<XcaiFaceOptions> = async (app, options) => {
  await app.register(
    soapEndpoint({
      actor: NCP_A_ACTOR,
      evidence: options.evidence,
      // Nothing here resolves xop:Include in a request: a dangling one is refused before the handler.
      xopIncludes: 'check',
      ...(options.limits && { limits: options.limits }),
      operations: {
        [RAD75_ACTION]: { transaction: 'RAD-75', responseAction: RAD75_RESPONSE_ACTION, handle: auditedOperation(options, 'RAD-75', crossGatewayRetrieveImaging) },
      },
    }),
  );
};

export async function crossGatewayRetrieveImaging(options: XcaiFaceOptions, request: IncomingSoap, context: SoapContext): Promise<SoapReply> {
  const asked = readImagingRetrieveRequest(request.envelope.body); // a Sender fault naming the bad part
  const granted = await authorizeRequest(options, request, context, { transaction: 'RAD-75', requireTrc: true });
  if (!granted.ok) return retrieveAnswer([], [{ errorCode: granted.code, codeContext: granted.message, location: options.homeCommunityId }]);

  const errors: RegistryErrorItem[] = [];
  const ours = onlyThisCommunity(asked, options.homeCommunityId, errors);
  if (ours.studies.length === 0) return retrieveAnswer([], errors);

  const forwarded = await callBackend(options, { url: options.imagingSourceUrl, action: RAD69_ACTION, body: buildImagingRetrieveRequest(ours), transaction: 'RAD-69' });
  if (!forwarded.ok) {
    for (const d of ours.studies.flatMap((s) => s.series.flatMap((r) => r.documents))) {
      errors.push({ errorCode: ErrorCode.repositoryNotAvailable, codeContext: `imaging document source not available: ${forwarded.reason}`, location: d.documentUniqueId });
    }
    return retrieveAnswer([], errors);
  }
  const read = readRetrieveDocumentSetResponse(forwarded.answer.envelope.body, forwarded.answer.attachments);
  return retrieveAnswer(homedIn(options.homeCommunityId, read.documents), [...errors, ...read.errors]);
}

/** The request without documents of other communities (each refused in `errors`), and without HomeCommunityId, which RAD-69 inside the community does not need. */
function onlyThisCommunity(req: ImagingRetrieveRequest, homeCommunityId: string, errors: RegistryErrorItem[]): ImagingRetrieveRequest {
  const studies = req.studies
    .map((study) => ({
      studyInstanceUid: study.studyInstanceUid,
      series: study.series
        .map((series) => ({
          seriesInstanceUid: series.seriesInstanceUid,
          documents: series.documents.flatMap(({ homeCommunityId: home, ...d }) => {
            if (home === homeCommunityId) return [d];
            errors.push({ errorCode: ErrorCode.unknownCommunity, codeContext: `home community ${home ?? '(none)'} is not this gateway's (${homeCommunityId})`, location: d.documentUniqueId });
            return [];
          }),
        }))
        .filter((series) => series.documents.length > 0),
    }))
    .filter((study) => study.series.length > 0);
  return { studies, transferSyntaxUids: req.transferSyntaxUids };
}
