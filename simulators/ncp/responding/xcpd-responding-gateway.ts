/**
 * NCP-A's XCPD Responding Gateway (IHE ITI-55, eHDSI XCPD): authorises the request on the HCP
 * assertion alone (no TRC exists before the patient is identified), then answers from the
 * country's patient directory. Refusals answered as `error` become an AE response carrying the
 * eHDSI code; `fault` refusals a SOAP fault.
 */
import type { FastifyPluginAsync } from 'fastify';
import { auditedOperation } from '../../audit/responding-audits.ts';
import { soapEndpoint } from '../../soap/soap-endpoint.ts';
import { SoapFaultError, Subcode } from '../../soap/soap-fault.ts';
import { XcpdMessageError } from '../xcpd/hl7v3-parts.ts';
import { readPatientDiscoveryQuery } from '../xcpd/patient-discovery-query.ts';
import { buildPatientDiscoveryResponse, type PatientDiscoveryAnswer } from '../xcpd/patient-discovery-response.ts';
import { XCPD_ACTION, XCPD_RESPONSE_ACTION, XcpdIssue } from '../xcpd/xcpd-constants.ts';
import { NCP_A_ACTOR, type FaceOptions, type RespondingGatewayOptions } from './gateway-options.ts';
import { discoverPatient } from './patient-matching.ts';
import { authorizeRequest } from './request-authorization.ts';

export type XcpdFaceOptions = FaceOptions & Pick<RespondingGatewayOptions, 'deviceOid' | 'patients'>;

export const xcpdRespondingGateway: FastifyPluginAsync<XcpdFaceOptions> = async (app, options) => {
  const responder = { deviceOid: options.deviceOid, homeCommunityId: options.homeCommunityId };
  await app.register(
    soapEndpoint({
      actor: NCP_A_ACTOR,
      evidence: options.evidence,
      // Nothing here resolves xop:Include in a request: a dangling one is refused before the handler.
      xopIncludes: 'check',
      ...(options.limits && { limits: options.limits }),
      operations: {
        [XCPD_ACTION]: {
          transaction: 'ITI-55',
          responseAction: XCPD_RESPONSE_ACTION,
          handle: auditedOperation(options, 'ITI-55', async (face, request, context) => {
            let query;
            try {
              query = readPatientDiscoveryQuery(request.envelope.body);
            } catch (err) {
              if (err instanceof XcpdMessageError) throw new SoapFaultError('Sender', `ITI-55: ${err.message}`, [Subcode.badBody]);
              throw err;
            }
            const granted = await authorizeRequest(face, request, context, { transaction: 'ITI-55', requireTrc: false });
            const answer: PatientDiscoveryAnswer = granted.ok
              ? discoverPatient(query, options.patients, options.homeCommunityId)
              : { acknowledgement: 'AE', queryResponseCode: 'AE', patients: [], issues: [{ code: granted.code, text: granted.message }, { ...XcpdIssue.insufficientRights }] };
            return { body: buildPatientDiscoveryResponse(query, answer, responder), outcome: answer.queryResponseCode };
          }),
        },
      },
    }),
  );
};
