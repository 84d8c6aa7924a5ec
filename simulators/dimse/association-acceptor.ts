/**
 * Acceptor side of association establishment: waits (ARTIM) for A-ASSOCIATE-RQ, asks the user's
 * pure `negotiate` function, answers AC or RJ, and reports every per-context decision.
 */
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createAssociation, type Association, type NegotiatedContext } from './association.ts';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from './dimse-constants.ts';
import { associateRejectText, contextResultName, REJECT_REASON_CODES, type Negotiate, type NegotiationResult } from './negotiation.ts';
import { harnessError, nowMs, type AssociationRef, type ContextDecision, type DimseObserver } from './observer.ts';
import { createPduLink } from './pdu-link.ts';
import { encodeAssociateAc, encodeAssociateRj } from './pdu-writer.ts';
import { AbortReason, AbortSource, APPLICATION_CONTEXT, ContextResult, type AssociateRqPdu, type UserInformation } from './pdu-types.ts';

export interface AcceptOptions {
  readonly negotiate: Negotiate;
  readonly observer: Required<DimseObserver>;
  readonly maxReceivePdu: number;
  /** How long to wait for A-ASSOCIATE-RQ after connect (ARTIM, PS3.8 §9.1.5). */
  readonly artimMs: number;
  readonly idleTimeoutMs: number;
  /** Called synchronously with a new association, before any P-DATA can be delivered to it. */
  readonly attach: (association: Association) => void;
}

/** Resolves with the association, or undefined when it was rejected, aborted or timed out. */
export function acceptAssociation(socket: Socket, options: AcceptOptions): Promise<Association | undefined> {
  const startMs = nowMs();
  const associationId = `acc-${randomUUID()}`;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value: Association | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(artim);
      resolve(value);
    };
    const artim = setTimeout(() => {
      options.observer.onAssociation({ ...refFor(undefined), phase: 'closed', detail: `no A-ASSOCIATE-RQ within ${options.artimMs} ms (ARTIM)`, atMs: nowMs() });
      socket.destroy();
      settle(undefined);
    }, options.artimMs);

    const refFor = (rq: AssociateRqPdu | undefined): AssociationRef => ({
      associationId,
      side: 'acceptor',
      local: { ae: rq?.calledAe ?? '', address: link.localAddress, port: link.localPort },
      remote: { ae: rq?.callingAe ?? '', address: link.remoteAddress, port: link.remotePort },
    });

    const link = createPduLink(socket, { maxReceivePdu: options.maxReceivePdu, idleTimeoutMs: options.idleTimeoutMs }, {
      onControl(pdu) {
        if (pdu.type !== 'associate-rq') {
          const detail = `${pdu.type} before A-ASSOCIATE-RQ`;
          options.observer.onAssociation({ ...refFor(undefined), phase: 'aborted', initiator: 'local', source: AbortSource.ServiceProvider, reason: AbortReason.UnexpectedPdu, detail, atMs: nowMs() });
          link.abort(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu);
          return settle(undefined);
        }
        clearTimeout(artim);
        settle(answer(pdu, refFor(pdu)));
      },
      onPdv() {
        const detail = 'P-DATA-TF before association establishment';
        options.observer.onAssociation({ ...refFor(undefined), phase: 'aborted', initiator: 'local', source: AbortSource.ServiceProvider, reason: AbortReason.UnexpectedPdu, detail, atMs: nowMs() });
        link.abort(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu);
        settle(undefined);
      },
      onProtocolError(error) {
        options.observer.onAssociation({ ...refFor(undefined), phase: 'aborted', initiator: 'local', source: AbortSource.ServiceProvider, reason: error.abortReason, detail: error.message, atMs: nowMs() });
        settle(undefined);
      },
      onClose: () => settle(undefined),
    });

    function answer(rq: AssociateRqPdu, ref: AssociationRef): Association | undefined {
      const { type: _type, ...request } = rq;
      let result: NegotiationResult;
      if (rq.applicationContext !== APPLICATION_CONTEXT) result = { accept: false, result: 1, source: 1, reason: 2 };
      else if ((rq.protocolVersion & 1) === 0) result = { accept: false, result: 1, source: 2, reason: 2 };
      else {
        try {
          result = options.negotiate({
            callingAe: rq.callingAe,
            calledAe: rq.calledAe,
            peerAddress: link.remoteAddress,
            peerPort: link.remotePort,
            applicationContext: rq.applicationContext,
            contexts: rq.contexts,
            userInfo: rq.userInfo,
          });
        } catch (err) {
          options.observer.onHarnessError(harnessError('negotiate', err, associationId));
          result = { accept: false, result: 2, source: 1, reason: 1 };
        }
      }
      if (!result.accept) {
        link.write([encodeAssociateRj({ result: result.result, source: result.source, reason: result.reason })]).catch(() => undefined);
        link.closeAfter(1_000);
        options.observer.onAssociation({
          ...ref,
          phase: 'rejected',
          startMs,
          endMs: nowMs(),
          request,
          result: result.result,
          source: result.source,
          reason: result.reason,
          reasonText: associateRejectText(result.result, result.source, result.reason),
        });
        return undefined;
      }
      const verdicts = new Map(result.contexts.map((v) => [v.id, v]));
      const decisions: ContextDecision[] = rq.contexts.map((ctx) => {
        const v = verdicts.get(ctx.id);
        // A context the negotiator forgot is rejected rather than silently accepted.
        const code = !v ? ContextResult.NoReason : v.accept ? ContextResult.Acceptance : REJECT_REASON_CODES[v.reason];
        return {
          id: ctx.id,
          abstractSyntax: ctx.abstractSyntax,
          proposedTransferSyntaxes: ctx.transferSyntaxes,
          result: code,
          resultName: contextResultName(code),
          ...(v?.accept && { transferSyntax: v.transferSyntax }),
        };
      });
      const roles = result.roles ?? [];
      const userInfo: UserInformation = {
        maxPduLength: options.maxReceivePdu,
        implementationClassUid: IMPLEMENTATION_CLASS_UID,
        implementationVersionName: IMPLEMENTATION_VERSION_NAME,
        // We perform one operation at a time; answer the window only if it was proposed.
        ...(rq.userInfo.asyncOps && { asyncOps: { invoked: 1, performed: 1 } }),
        ...(roles.length > 0 && { roles }),
      };
      link.write([
        encodeAssociateAc({
          protocolVersion: 1,
          calledAe: rq.calledAe,
          callingAe: rq.callingAe,
          applicationContext: APPLICATION_CONTEXT,
          contexts: decisions.map((d) => ({ id: d.id, result: d.result, ...(d.transferSyntax && { transferSyntax: d.transferSyntax }) })),
          userInfo,
        }),
      ]).catch(() => undefined);
      options.observer.onAssociation({ ...ref, phase: 'accepted', startMs, endMs: nowMs(), request, contexts: decisions, roles, acceptorUserInfo: userInfo });
      const contexts: NegotiatedContext[] = decisions
        .filter((d) => d.transferSyntax)
        .map((d) => {
          const role = roles.find((r) => r.sopClassUid === d.abstractSyntax);
          return { id: d.id, abstractSyntax: d.abstractSyntax, transferSyntax: d.transferSyntax!, requestorScu: role ? role.scuRole : true, requestorScp: role ? role.scpRole : false };
        });
      const association = createAssociation({ link, ref, contexts, peerMaxPdu: rq.userInfo.maxPduLength ?? 0, observer: options.observer });
      options.attach(association);
      return association;
    }
  });
}
