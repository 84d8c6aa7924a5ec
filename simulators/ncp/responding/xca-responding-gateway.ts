/**
 * NCP-A's XCA Responding Gateway (IHE ITI-38 Cross Gateway Query, ITI-39 Cross Gateway Retrieve,
 * eHDSI profile) in front of country A's XDS registry and repositories.
 */
import type { FastifyPluginAsync } from 'fastify';
import { auditedOperation } from '../../audit/responding-audits.ts';
import { soapEndpoint } from '../../soap/soap-endpoint.ts';
import { crossGatewayQuery, type QueryOptions } from './cross-gateway-query.ts';
import { crossGatewayRetrieve, type RetrieveOptions } from './cross-gateway-retrieve.ts';
import { NCP_A_ACTOR } from './gateway-options.ts';
import { XcaAction } from '../xca-actions.ts';

export type XcaFaceOptions = QueryOptions & RetrieveOptions;

export const xcaRespondingGateway: FastifyPluginAsync<XcaFaceOptions> = async (app, options) => {
  await app.register(
    soapEndpoint({
      actor: NCP_A_ACTOR,
      evidence: options.evidence,
      // Nothing here resolves xop:Include in a request: a dangling one is refused before the handler.
      xopIncludes: 'check',
      ...(options.limits && { limits: options.limits }),
      operations: {
        [XcaAction.crossGatewayQuery]: { transaction: 'ITI-38', responseAction: XcaAction.crossGatewayQueryResponse, handle: auditedOperation(options, 'ITI-38', crossGatewayQuery) },
        [XcaAction.crossGatewayRetrieve]: { transaction: 'ITI-39', responseAction: XcaAction.crossGatewayRetrieveResponse, handle: auditedOperation(options, 'ITI-39', crossGatewayRetrieve) },
      },
    }),
  );
};
