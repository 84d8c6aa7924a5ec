/**
 * NCP-B, the initiating National Contact Point: the Initiating Gateway (XCPD, XCA) and Initiating
 * Imaging Gateway (XCA-I) that local systems of country B call without cross-border security.
 * One SOAP endpoint at the plugin prefix answers every local transaction by its wsa:Action:
 *
 *   ITI-55  PRPA_IN201305UV02            routed to one community (national id domain / receiver)
 *   ITI-18  RegistryStoredQuery          } fanned out to @home or every community, merged
 *   ITI-38  CrossGatewayQuery            }
 *   ITI-43  RetrieveDocumentSet          } grouped by HomeCommunityId, one ITI-39 each, merged
 *   ITI-39  CrossGatewayRetrieve         }
 *   RAD-69  RetrieveImagingDocumentSet   grouped by HomeCommunityId, one RAD-75 each, merged
 *
 * plus `GET /arrivals` (arrival notices, newest first). Local HTTP headers:
 *   X-Ixh-Purpose-Of-Use: TREATMENT | EMERGENCY   (default TREATMENT) → the assertions' purpose of use
 *   X-Ixh-Patient-Id: id^^^&oid&ISO               TRC patient when the gateway has not seen the documents
 * Every cross-border call carries `assertions.securityHeader(...)` as its wsse:Security header.
 */
import type { FastifyPluginAsync } from 'fastify';
import { soapEndpoint, type SoapOperation, type SoapReply } from '../../soap/soap-endpoint.ts';
import type { IncomingSoap } from '../../soap/soap-request.ts';
import { arrivalRoutes, createArrivals, type Arrivals } from './arrival-notice.ts';
import { GatewayAction } from './cross-gateway-actions.ts';
import { assertionsWithFaults } from './faults.ts';
import type { InitiatingGatewayConfig } from './gateway-config.ts';
import { createImporter, type Importer } from './importer.ts';
import { localContext, type GatewayDeps, type LocalContext } from './local-context.ts';
import { createPatientMemory, type PatientMemory } from './patient-memory.ts';
import type { ArrivedDocument } from './retrieve-fan-out.ts';
import { initiateImagingRetrieve } from './xcai-retrieve.ts';
import { initiateQuery } from './xca-query.ts';
import { initiateRetrieve } from './xca-retrieve.ts';
import { initiatePatientDiscovery } from './xcpd-initiating.ts';

export interface InitiatingGateway {
  /** Register under a prefix: `app.register(gateway.plugin, { prefix: '/ncp-b' })`. */
  readonly plugin: FastifyPluginAsync;
  readonly arrivals: Arrivals;
  /** (community, document) → patient links learnt from ITI-38 answers. */
  readonly memory: PatientMemory;
  /** Import batches queued or running (0 without an importer). */
  pending(): number;
  /** Resolves once every import started so far is done and its notice published. */
  whenIdle(): Promise<void>;
}

type LocalHandler = (deps: GatewayDeps, request: IncomingSoap, local: LocalContext) => Promise<SoapReply>;

export function createInitiatingGateway(given: InitiatingGatewayConfig): InitiatingGateway {
  const config: InitiatingGatewayConfig = given.faults?.length ? { ...given, assertions: assertionsWithFaults(given.assertions, given.faults) } : given;
  if (!(config.timeoutMs > 0)) throw new Error(`ncp-b: timeoutMs must be positive, got ${config.timeoutMs}`);
  const actor = config.actor ?? 'ncp-b';
  const memory = createPatientMemory(config.rememberedDocuments ?? 10_000);
  const deps: GatewayDeps = { config, actor, memory };
  const arrivals = createArrivals({ evidence: config.evidence, actor, ...(config.importer?.webhookUrl !== undefined && { webhookUrl: config.importer.webhookUrl }) });
  const importer: Importer | undefined = config.importer && createImporter({ target: config.importer, evidence: config.evidence, actor, arrivals });
  const arrived =
    (transaction: string) =>
    (documents: ArrivedDocument[]): void =>
      importer?.enqueue(transaction, documents);

  const plugin: FastifyPluginAsync = async (app) => {
    const operation = (transaction: string, responseAction: string, handler: LocalHandler): SoapOperation => ({
      transaction,
      responseAction,
      handle: (request, context) => handler(deps, request, localContext(context.headers)),
    });
    const retrieve = (transaction: string): LocalHandler => (d, r, l) => initiateRetrieve(d, r, l, arrived(transaction));

    await app.register(
      soapEndpoint({
        actor,
        evidence: config.evidence,
        // Nothing here resolves xop:Include in a local request: a dangling one is refused before the handler.
        xopIncludes: 'check',
        operations: {
          [GatewayAction.xcpd]: operation('ITI-55', GatewayAction.xcpdResponse, initiatePatientDiscovery),
          [GatewayAction.storedQuery]: operation('ITI-18', GatewayAction.storedQueryResponse, initiateQuery),
          [GatewayAction.crossGatewayQuery]: operation('ITI-38', GatewayAction.crossGatewayQueryResponse, initiateQuery),
          [GatewayAction.retrieve]: operation('ITI-43', GatewayAction.retrieveResponse, retrieve('ITI-43')),
          [GatewayAction.crossGatewayRetrieve]: operation('ITI-39', GatewayAction.crossGatewayRetrieveResponse, retrieve('ITI-39')),
          [GatewayAction.imagingRetrieve]: operation('RAD-69', GatewayAction.imagingRetrieveResponse, (d, r, l) => initiateImagingRetrieve(d, r, l, arrived('RAD-69'))),
        },
      }),
    );
    await app.register(arrivalRoutes, { arrivals });
  };

  return {
    plugin,
    arrivals,
    memory,
    pending: () => importer?.pending() ?? 0,
    whenIdle: () => importer?.whenIdle() ?? Promise.resolve(),
  };
}
