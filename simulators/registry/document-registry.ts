/**
 * XDS.b Document Registry actor (IHE ITI TF-1 §10): ITI-42 Register Document Set-b and ITI-18
 * Registry Stored Query over SOAP 1.2, one endpoint dispatching on wsa:Action. Errors in the
 * metadata are answered in the RegistryResponse (never as faults); only unreadable SOAP is a fault.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { soapEndpoint, type SoapLimits } from '../soap/soap-endpoint.ts';
import { SoapFaultError, Subcode } from '../soap/soap-fault.ts';
import type { RegistryService } from './registry-service.ts';
import { Action } from './xds-constants.ts';

export interface DocumentRegistryPluginOptions {
  readonly evidence: EvidenceSink;
  readonly registry: RegistryService;
  readonly limits?: Partial<SoapLimits>;
  /** Evidence actor name; "xds-registry" by default. */
  readonly actor?: string;
}

export const documentRegistry: FastifyPluginAsync<DocumentRegistryPluginOptions> = async (app, options) => {
  const { registry } = options;
  await app.register(
    soapEndpoint({
      actor: options.actor ?? 'xds-registry',
      evidence: options.evidence,
      ...(options.limits && { limits: options.limits }),
      operations: {
        [Action.registerRequest]: {
          transaction: 'ITI-42',
          responseAction: Action.registerResponse,
          handle: ({ envelope }) => {
            if (envelope.body.local !== 'SubmitObjectsRequest') throw new SoapFaultError('Sender', `ITI-42 body must be lcm:SubmitObjectsRequest, got ${envelope.body.local}`, [Subcode.badBody]);
            const outcome = registry.register(envelope.body);
            return { body: outcome.response, outcome: outcome.status };
          },
        },
        [Action.queryRequest]: {
          transaction: 'ITI-18',
          responseAction: Action.queryResponse,
          handle: ({ envelope }) => {
            const answer = registry.query(envelope.body);
            return { body: answer.response, outcome: answer.status };
          },
        },
      },
    }),
  );
};
