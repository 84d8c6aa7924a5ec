/**
 * What the DIMSE layer makes observable. Every argument is plain JSON-friendly data (no sockets,
 * no streams) so the evidence recorder can store it as is. Times are epoch milliseconds with
 * sub-millisecond precision.
 */
import type { CommandSet } from './command-set.ts';
import type { AssociateRqPdu, RoleSelection, UserInformation } from './pdu-types.ts';

export interface Endpoint {
  readonly ae: string;
  readonly address: string;
  readonly port: number;
}

export interface AssociationRef {
  readonly associationId: string;
  /** Which end of the association this process plays. */
  readonly side: 'acceptor' | 'requestor';
  readonly local: Endpoint;
  readonly remote: Endpoint;
}

export interface ContextDecision {
  readonly id: number;
  readonly abstractSyntax: string;
  readonly proposedTransferSyntaxes: readonly string[];
  readonly result: number;
  readonly resultName: string;
  readonly transferSyntax?: string;
}

export type AssociationEvent = AssociationRef &
  (
    | {
        readonly phase: 'accepted';
        readonly startMs: number;
        readonly endMs: number;
        readonly request: Omit<AssociateRqPdu, 'type'>;
        readonly contexts: readonly ContextDecision[];
        /** Role selection items of the A-ASSOCIATE-AC (what the acceptor agreed to). */
        readonly roles: readonly RoleSelection[];
        readonly acceptorUserInfo: UserInformation;
      }
    | {
        readonly phase: 'rejected';
        readonly startMs: number;
        readonly endMs: number;
        readonly request: Omit<AssociateRqPdu, 'type'>;
        readonly result: number;
        readonly source: number;
        readonly reason: number;
        readonly reasonText: string;
      }
    | { readonly phase: 'released'; readonly initiator: 'local' | 'peer'; readonly atMs: number }
    | {
        readonly phase: 'aborted';
        readonly initiator: 'local' | 'peer';
        readonly source: number;
        readonly reason: number;
        readonly detail: string;
        readonly atMs: number;
      }
    /** The transport closed without release or abort, or a timeout fired. */
    | { readonly phase: 'closed'; readonly detail: string; readonly atMs: number }
  );

export interface CommandEvent extends AssociationRef {
  readonly direction: 'sent' | 'received';
  readonly command: string;
  readonly messageId?: number;
  readonly status?: number;
  readonly contextId: number;
  readonly abstractSyntax: string;
  readonly transferSyntax: string;
  readonly commandSet: CommandSet;
  /** First PDV to last byte of the message (command plus data set). */
  readonly startMs: number;
  readonly endMs: number;
  readonly datasetBytes?: number;
  /** Decoded identifier of C-FIND/C-MOVE/C-GET messages (dcmjs naturalized form). */
  readonly dataset?: Record<string, unknown>;
}

/** A C-STORE data set that reached its sink (received) or the wire (sent). */
export interface DatasetEvent extends AssociationRef {
  readonly direction: 'sent' | 'received';
  readonly messageId: number;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly transferSyntax: string;
  readonly bytes: number;
  readonly path?: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** The harness (a handler, a sink, our own code) failed; never to be confused with a peer fault. */
export interface HarnessErrorEvent {
  readonly associationId?: string;
  readonly where: string;
  readonly message: string;
  readonly stack?: string;
  readonly atMs: number;
}

export interface DimseObserver {
  onAssociation?(event: AssociationEvent): void;
  onCommand?(event: CommandEvent): void;
  onDataset?(event: DatasetEvent): void;
  onHarnessError?(event: HarnessErrorEvent): void;
}

export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Wraps an observer so a throwing observer cannot break an association; its failure is itself
 * reported as a harness error (and, if that also throws, as a process warning).
 */
export function safeObserver(observer: DimseObserver | undefined): Required<DimseObserver> {
  const report = (where: string, err: unknown): void => {
    const e = err instanceof Error ? err : new Error(String(err));
    try {
      observer?.onHarnessError?.({ where, message: e.message, ...(e.stack && { stack: e.stack }), atMs: nowMs() });
    } catch (inner) {
      process.emitWarning(`DimseObserver.onHarnessError threw: ${(inner as Error).message}`);
    }
  };
  const call = <E>(name: 'onAssociation' | 'onCommand' | 'onDataset', event: E): void => {
    try {
      (observer?.[name] as ((e: E) => void) | undefined)?.call(observer, event);
    } catch (err) {
      report(`observer.${name}`, err);
    }
  };
  return {
    onAssociation: (e) => call('onAssociation', e),
    onCommand: (e) => call('onCommand', e),
    onDataset: (e) => call('onDataset', e),
    onHarnessError: (e) => {
      try {
        observer?.onHarnessError?.(e);
      } catch (inner) {
        process.emitWarning(`DimseObserver.onHarnessError threw: ${(inner as Error).message}`);
      }
    },
  };
}

/** Turns anything thrown into a harness error event. */
export function harnessError(where: string, err: unknown, associationId?: string): HarnessErrorEvent {
  const e = err instanceof Error ? err : new Error(String(err));
  return { where, message: e.message, ...(e.stack && { stack: e.stack }), ...(associationId && { associationId }), atMs: nowMs() };
}

/** One observer that tells each of `observers` in turn (evidence recorder, console, test). */
export function combineObservers(...observers: (DimseObserver | undefined)[]): DimseObserver {
  const list = observers.filter((o): o is DimseObserver => o !== undefined);
  return {
    onAssociation: (e) => list.forEach((o) => o.onAssociation?.(e)),
    onCommand: (e) => list.forEach((o) => o.onCommand?.(e)),
    onDataset: (e) => list.forEach((o) => o.onDataset?.(e)),
    onHarnessError: (e) => list.forEach((o) => o.onHarnessError?.(e)),
  };
}
