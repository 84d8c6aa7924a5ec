/**
 * Requestor side of association establishment: connects, proposes contexts and roles, and
 * turns the A-ASSOCIATE-AC into negotiated contexts (or a typed rejection), all reported.
 */
import { connect, type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createAssociation, type Association, type NegotiatedContext } from './association.ts';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from './dimse-constants.ts';
import { connectTls, explainTlsFailure, type DimseTlsClient } from './dimse-tls.ts';
import { associateRejectText, contextResultName } from './negotiation.ts';
import { nowMs, type AssociationRef, type ContextDecision, type DimseObserver } from './observer.ts';
import { createPduLink } from './pdu-link.ts';
import { encodeAssociateRq } from './pdu-writer.ts';
import { APPLICATION_CONTEXT, ContextResult, type AssociateRqPdu, type ProposedContext, type RoleSelection } from './pdu-types.ts';

export interface RequestOptions {
  readonly host: string;
  readonly port: number;
  readonly callingAe: string;
  readonly calledAe: string;
  readonly contexts: readonly ProposedContext[];
  readonly roles?: readonly RoleSelection[];
  readonly maxReceivePdu: number;
  /** DICOM TLS (PS3.15 B.1): the association is requested only after the handshake. */
  readonly tls?: DimseTlsClient;
  /** TCP connect, plus the TLS handshake when `tls` is set. */
  readonly connectTimeoutMs: number;
  /** How long to wait for A-ASSOCIATE-AC/RJ (ARTIM). */
  readonly artimMs: number;
  readonly idleTimeoutMs: number;
  readonly observer: Required<DimseObserver>;
  readonly attach: (association: Association) => void;
}

export class AssociationRejectedError extends Error {
  constructor(
    readonly result: number,
    readonly source: number,
    readonly reason: number,
  ) {
    super(`association rejected: ${associateRejectText(result, source, reason)} (result ${result}, source ${source}, reason ${reason})`);
    this.name = 'AssociationRejectedError';
  }
}

export function requestAssociation(options: RequestOptions): Promise<Association> {
  const associationId = `req-${randomUUID()}`;
  return new Promise((resolve, reject) => {
    const tls = options.tls;
    const socket: Socket = tls ? connectTls(options.host, options.port, tls) : connect({ host: options.host, port: options.port, noDelay: true });
    let settled = false;
    // Under TLS 1.3 the acceptor judges our certificate after our handshake is done: its refusal
    // arrives as an alert while we negotiate, so every failure text gets the TLS explanation.
    const explain = (message: string): string => (tls ? explainTlsFailure(message) : message);
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    let timer = setTimeout(() => fail(new Error(`cannot connect${tls ? ' (TLS)' : ''} to ${options.host}:${options.port} within ${options.connectTimeoutMs} ms`)), options.connectTimeoutMs);
    socket.once('error', (err) => fail(new Error(explain(`cannot associate${tls ? ' over TLS' : ''} with ${options.host}:${options.port}: ${err.message}`), { cause: err })));

    socket.once(tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      const startMs = nowMs();
      const request: Omit<AssociateRqPdu, 'type'> = {
        protocolVersion: 1,
        calledAe: options.calledAe,
        callingAe: options.callingAe,
        applicationContext: APPLICATION_CONTEXT,
        contexts: options.contexts,
        userInfo: {
          maxPduLength: options.maxReceivePdu,
          implementationClassUid: IMPLEMENTATION_CLASS_UID,
          implementationVersionName: IMPLEMENTATION_VERSION_NAME,
          ...(options.roles && options.roles.length > 0 && { roles: options.roles }),
        },
      };
      const link = createPduLink(socket, { maxReceivePdu: options.maxReceivePdu, idleTimeoutMs: options.idleTimeoutMs }, {
        onControl(pdu) {
          if (pdu.type === 'associate-rj') {
            options.observer.onAssociation({
              ...ref,
              phase: 'rejected',
              startMs,
              endMs: nowMs(),
              request,
              result: pdu.result,
              source: pdu.source,
              reason: pdu.reason,
              reasonText: associateRejectText(pdu.result, pdu.source, pdu.reason),
            });
            return fail(new AssociationRejectedError(pdu.result, pdu.source, pdu.reason));
          }
          if (pdu.type === 'abort') {
            options.observer.onAssociation({ ...ref, phase: 'aborted', initiator: 'peer', source: pdu.source, reason: pdu.reason, detail: 'A-ABORT instead of A-ASSOCIATE-AC', atMs: nowMs() });
            return fail(new Error(`association aborted by peer during negotiation (source ${pdu.source}, reason ${pdu.reason})`));
          }
          if (pdu.type !== 'associate-ac') {
            link.abort(2, 2);
            return fail(new Error(`unexpected ${pdu.type} instead of A-ASSOCIATE-AC`));
          }
          clearTimeout(timer);
          const decisions: ContextDecision[] = options.contexts.map((ctx) => {
            const ac = pdu.contexts.find((c) => c.id === ctx.id);
            const result = ac ? ac.result : ContextResult.NoReason;
            const accepted = result === ContextResult.Acceptance && ac?.transferSyntax !== undefined && ctx.transferSyntaxes.includes(ac.transferSyntax);
            return {
              id: ctx.id,
              abstractSyntax: ctx.abstractSyntax,
              proposedTransferSyntaxes: ctx.transferSyntaxes,
              result,
              resultName: contextResultName(result),
              ...(accepted && { transferSyntax: ac!.transferSyntax }),
            };
          });
          const roles = pdu.userInfo.roles ?? [];
          options.observer.onAssociation({ ...ref, phase: 'accepted', startMs, endMs: nowMs(), request, contexts: decisions, roles, acceptorUserInfo: pdu.userInfo });
          const contexts: NegotiatedContext[] = decisions
            .filter((d) => d.transferSyntax)
            .map((d) => {
              const proposed = options.roles?.find((r) => r.sopClassUid === d.abstractSyntax);
              const reply = roles.find((r) => r.sopClassUid === d.abstractSyntax);
              // Without a reply item the default roles apply (PS3.7 D.3.3.4): we are SCU only.
              return {
                id: d.id,
                abstractSyntax: d.abstractSyntax,
                transferSyntax: d.transferSyntax!,
                requestorScu: proposed && reply ? proposed.scuRole && reply.scuRole : true,
                requestorScp: proposed && reply ? proposed.scpRole && reply.scpRole : false,
              };
            });
          const association = createAssociation({ link, ref, contexts, peerMaxPdu: pdu.userInfo.maxPduLength ?? 0, observer: options.observer });
          options.attach(association);
          settled = true;
          resolve(association);
        },
        onPdv() {
          link.abort(2, 2);
          fail(new Error('P-DATA-TF before A-ASSOCIATE-AC'));
        },
        onProtocolError(error) {
          fail(new Error(`protocol error during negotiation: ${error.message}`));
        },
        onClose(detail) {
          fail(new Error(explain(`connection closed during negotiation: ${detail}`)));
        },
      });
      const ref: AssociationRef = {
        associationId,
        side: 'requestor',
        local: { ae: options.callingAe, address: link.localAddress, port: link.localPort },
        remote: { ae: options.calledAe, address: link.remoteAddress, port: link.remotePort },
      };
      timer = setTimeout(() => {
        link.abort(2, 0);
        fail(new Error(`no A-ASSOCIATE-AC within ${options.artimMs} ms`));
      }, options.artimMs);
      link.write([encodeAssociateRq(request)]).catch((err: Error) => fail(err));
    });
  });
}
