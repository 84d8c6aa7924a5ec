/**
 * What NCP-A, the responding National Contact Point of country A, needs to know: who it is, who
 * may ask (the injected authorizer), its country's patients, and where the XDS registry,
 * repositories and imaging document source behind it answer. Each gateway face takes the part it
 * uses; `respondingGateway` (responding-gateway.ts) takes all of it.
 */
import type { EvidenceSink } from '../../evidence/evidence.ts';
import type { HttpTransport } from '../../soap/soap-client.ts';
import type { SoapLimits } from '../../soap/soap-endpoint.ts';
import type { AuditSender } from '../../audit/audit-sender.ts';
import type { RequestAuthorizer } from '../gateway-security.ts';
import type { NcpAFault } from './faults.ts';
import type { PatientDirectory } from './patient-directory.ts';

/** Evidence actor name of every NCP-A exchange, inbound and outbound. */
export const NCP_A_ACTOR = 'ncp-a';

/** How long NCP-A waits for its registry, a repository or the imaging source before answering *NotAvailable. */
export const DEFAULT_BACKEND_TIMEOUT_MS = 10_000;

export interface RespondingGatewayOptions {
  readonly evidence: EvidenceSink;
  /** Country A's home community id, `urn:oid:…`. */
  readonly homeCommunityId: string;
  /** HL7 v3 device id (an OID) of the XCPD responding gateway. */
  readonly deviceOid: string;
  /** Decides every request (HCP/TRC assertions, consent); see gateway-security.ts. */
  readonly authorizer: RequestAuthorizer;
  readonly patients: PatientDirectory;
  /** ITI-18 endpoint of country A's Document Registry. */
  readonly registryUrl: string;
  /** ITI-43 endpoints by repositoryUniqueId. */
  readonly repositories: Readonly<Record<string, string>>;
  /** RAD-69 endpoint of country A's Imaging Document Source. */
  readonly imagingSourceUrl: string;
  /** How outbound calls travel (mutual TLS plugs in here); fetch when absent. */
  readonly transport?: HttpTransport;
  /** Per backend call; DEFAULT_BACKEND_TIMEOUT_MS when absent. */
  readonly timeoutMs?: number;
  /** Inbound message limits (see soap-endpoint.ts). */
  readonly limits?: Partial<SoapLimits>;
  /** Named misbehaviours (faults.ts); conformant when absent. */
  readonly faults?: readonly NcpAFault[];
  /** Where every answered or refused request is audited (simulators/audit/responding-audits.ts); no audit when absent. */
  readonly audit?: AuditSender;
}

/** The part of the options every face uses. */
export type FaceOptions = Pick<RespondingGatewayOptions, 'evidence' | 'homeCommunityId' | 'authorizer' | 'limits' | 'audit'>;

/** The part used to call backends. */
export type BackendOptions = Pick<RespondingGatewayOptions, 'evidence' | 'transport' | 'timeoutMs'>;
