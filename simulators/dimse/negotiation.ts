/**
 * Association negotiation as a pure function supplied by the user of the host, plus a ready-made
 * negotiator that walks every proposed transfer syntax (dcmjs-dimse's example only looked at the
 * first one and wrongly rejected contexts; see shared/perf/dimse-baseline.md).
 */
import { ContextResult, type ProposedContext, type RoleSelection, type UserInformation } from './pdu-types.ts';

export interface AssociationRequest {
  readonly callingAe: string;
  readonly calledAe: string;
  readonly peerAddress: string;
  readonly peerPort: number;
  readonly applicationContext: string;
  readonly contexts: readonly ProposedContext[];
  readonly userInfo: UserInformation;
}

export type ContextRejectReason = 'abstract-syntax-not-supported' | 'transfer-syntaxes-not-supported' | 'user-rejection' | 'no-reason';

export type ContextVerdict =
  | { readonly id: number; readonly accept: true; readonly transferSyntax: string }
  | { readonly id: number; readonly accept: false; readonly reason: ContextRejectReason };

export type NegotiationResult =
  | {
      readonly accept: true;
      readonly contexts: readonly ContextVerdict[];
      /** Role selection reply items; omit for the default roles (requestor SCU, acceptor SCP). */
      readonly roles?: readonly RoleSelection[];
    }
  /** A-ASSOCIATE-RJ fields, PS3.8 Table 9-21. */
  | { readonly accept: false; readonly result: 1 | 2; readonly source: 1 | 2 | 3; readonly reason: number };

export type Negotiate = (request: AssociationRequest) => NegotiationResult;

export const REJECT_REASON_CODES: Record<ContextRejectReason, number> = {
  'user-rejection': ContextResult.UserRejection,
  'no-reason': ContextResult.NoReason,
  'abstract-syntax-not-supported': ContextResult.AbstractSyntaxNotSupported,
  'transfer-syntaxes-not-supported': ContextResult.TransferSyntaxesNotSupported,
};

export function contextResultName(result: number): string {
  if (result === ContextResult.Acceptance) return 'acceptance';
  return (Object.entries(REJECT_REASON_CODES).find(([, code]) => code === result)?.[0] as string | undefined) ?? `unknown-${result}`;
}

/** PS3.8 Table 9-21 texts, for evidence. */
export function associateRejectText(result: number, source: number, reason: number): string {
  const kind = result === 1 ? 'rejected-permanent' : 'rejected-transient';
  const texts: Record<number, Record<number, string>> = {
    1: { 1: 'no-reason-given', 2: 'application-context-name-not-supported', 3: 'calling-AE-title-not-recognized', 7: 'called-AE-title-not-recognized' },
    2: { 1: 'no-reason-given', 2: 'protocol-version-not-supported' },
    3: { 1: 'temporary-congestion', 2: 'local-limit-exceeded' },
  };
  return `${kind}: ${texts[source]?.[reason] ?? `source ${source} reason ${reason}`}`;
}

export interface SupportedSyntaxes {
  /** Abstract syntax UID → transfer syntaxes we accept for it, in our order of preference. */
  readonly abstractSyntaxes: Readonly<Record<string, readonly string[]>>;
  /** Called AE titles we answer to; any when omitted. */
  readonly calledAe?: readonly string[];
  /**
   * Abstract syntaxes for which a proposed SCP role of the requestor is accepted (storage SOP
   * classes, so C-GET can send C-STORE sub-operations back on the same association).
   */
  readonly acceptScpRoleFor?: readonly string[];
}

/**
 * A negotiator that accepts each context whose abstract syntax is supported, choosing our most
 * preferred transfer syntax among ALL proposed ones.
 */
export function supportedSyntaxes(config: SupportedSyntaxes): Negotiate {
  return (request) => {
    if (config.calledAe && !config.calledAe.includes(request.calledAe)) {
      return { accept: false, result: 1, source: 1, reason: 7 };
    }
    const contexts = request.contexts.map((ctx): ContextVerdict => {
      const ours = config.abstractSyntaxes[ctx.abstractSyntax];
      if (!ours) return { id: ctx.id, accept: false, reason: 'abstract-syntax-not-supported' };
      const chosen = ours.find((ts) => ctx.transferSyntaxes.includes(ts));
      if (!chosen) return { id: ctx.id, accept: false, reason: 'transfer-syntaxes-not-supported' };
      return { id: ctx.id, accept: true, transferSyntax: chosen };
    });
    const acceptScp = new Set(config.acceptScpRoleFor ?? []);
    const roles = (request.userInfo.roles ?? [])
      .filter((role) => config.abstractSyntaxes[role.sopClassUid])
      .map((role) => ({
        sopClassUid: role.sopClassUid,
        scuRole: role.scuRole,
        scpRole: role.scpRole && acceptScp.has(role.sopClassUid),
      }));
    return { accept: true, contexts, ...(roles.length > 0 && { roles }) };
  };
}
