/**
 * Configuration of NCP-B's initiating side: the communities it can reach, how it vouches for its
 * local users (AssertionProvider), how the bytes travel (transport: mTLS plugs in there) and
 * where retrieved documents are imported (PACS, report store, arrival webhook).
 */
import type { AuditSender } from '../../audit/audit-sender.ts';
import type { DimseTlsClient } from '../../dimse/dimse-tls.ts';
import type { EvidenceSink } from '../../evidence/evidence.ts';
import type { HttpTransport } from '../../soap/soap-client.ts';
import type { AssertionProvider, PurposeOfUse } from '../gateway-security.ts';
import type { ReportStore } from '../../his/report-store.ts';
import type { NcpBFault } from './faults.ts';

export interface Community {
  /** urn:oid:… as it appears in AdhocQuery/@home and HomeCommunityId. */
  readonly homeCommunityId: string;
  /** ISO 3166-1 alpha-2, named in error messages. */
  readonly country: string;
  readonly xcpdUrl: string;
  readonly xcaQueryUrl: string;
  readonly xcaRetrieveUrl: string;
  readonly xcaiRetrieveUrl: string;
  /** Assigning authority of the country's national patient ids: XCPD queries are routed by it. */
  readonly nationalIdOid?: string;
}

export interface PacsTarget {
  readonly host: string;
  readonly port: number;
  /** Called AE title of B's PACS. */
  readonly aeTitle: string;
  /** Our AE title on the association. */
  readonly callingAeTitle: string;
  /** DICOM TLS identity for the import association (a world with `tls: { dimse: true }`). */
  readonly tls?: DimseTlsClient;
}

export interface ImportTarget {
  /** B's local PACS: every application/dicom document goes there with C-STORE. */
  readonly pacs?: PacsTarget;
  /** B's HIS/RIS report store: CDA and PDF reports go there. */
  readonly reports?: ReportStore;
  /** Arrival notices are POSTed here as JSON when set. */
  readonly webhookUrl?: string;
  /** DIMSE response timeout per C-STORE; 30 s by default. */
  readonly dimseTimeoutMs?: number;
}

export interface InitiatingGatewayConfig {
  readonly evidence: EvidenceSink;
  /** B's own home community id. */
  readonly homeCommunityId: string;
  /** Device id of the gateway in XCPD messages. */
  readonly deviceOid: string;
  readonly communities: readonly Community[];
  readonly assertions: AssertionProvider;
  readonly transport?: HttpTransport;
  /** Per-community timeout of every cross-border call. */
  readonly timeoutMs: number;
  readonly importer?: ImportTarget;
  /** How many (community, document) → patient links are remembered; 10 000 by default. */
  readonly rememberedDocuments?: number;
  /** Evidence actor name; "ncp-b" by default. */
  readonly actor?: string;
  /** Named misbehaviours (faults.ts); conformant when absent. */
  readonly faults?: readonly NcpBFault[];
  /** Where every cross-border call is audited (simulators/audit/initiating-audits.ts); no audit when absent. */
  readonly audit?: AuditSender;
}

/** Local systems name the purpose of use in this HTTP header (no cross-border security locally). */
export const PURPOSE_OF_USE_HEADER = 'x-ixh-purpose-of-use';
/** Fallback when the gateway cannot tell which patient a retrieve is about (no earlier ITI-38 answer). */
export const PATIENT_ID_HEADER = 'x-ixh-patient-id';

export function purposeOfUseFrom(value: string | string[] | undefined): PurposeOfUse | { readonly invalid: string } {
  const text = (Array.isArray(value) ? value[0] : value)?.trim().toUpperCase();
  if (text === undefined || text === '' || text === 'TREATMENT') return 'TREATMENT';
  if (text === 'EMERGENCY') return 'EMERGENCY';
  return { invalid: text };
}
