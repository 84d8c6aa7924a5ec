/**
 * Typed service handlers of the DIMSE host. Each gets plain request data plus the few callbacks
 * it needs; none touches sockets or PDUs. Anything a handler throws becomes status 0x0110 on the
 * wire and a harness-error evidence record.
 */
import type { Writable } from 'node:stream';
import type { CommandSet } from './command-set.ts';
import type { Identifier } from './dataset-codec.ts';
import type { QueryModel } from './dimse-constants.ts';
import type { AssociationRef } from './observer.ts';
import type { DatasetSink } from './sinks.ts';
import type { StoreResult, StoreSource } from './store-sender.ts';

/** A bare status, or one with the optional error fields of PS3.7 §9.1.x.1. */
export type StatusReply = number | { readonly status: number; readonly errorComment?: string };

export interface RequestBase {
  readonly association: AssociationRef;
  readonly contextId: number;
  readonly abstractSyntax: string;
  readonly transferSyntax: string;
  readonly messageId: number;
  readonly command: CommandSet;
}

export type EchoRequest = RequestBase;

export interface StoreRequest extends RequestBase {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly moveOriginator?: { readonly ae: string; readonly messageId: number };
}

/** Where a C-STORE data set goes, and which status to answer once it has all arrived. */
export interface StoreAcceptance {
  /**
   * Receives the data set bytes (no meta header) as they arrive; discarded when omitted. A
   * `DatasetSink` costs less per instance than a `Writable` (no stream machinery).
   */
  readonly sink?: Writable | DatasetSink;
  /** For evidence: where the sink writes. */
  readonly path?: string;
  /** Status once the sink has finished; 0x0000 when omitted. */
  complete?(result: { readonly bytes: number }): StatusReply | Promise<StatusReply>;
}

export interface QueryRequest extends RequestBase {
  /** Information model of the abstract syntax; 'OTHER' for SOP classes outside PS3.4 C.3. */
  readonly model: QueryModel | 'OTHER';
  readonly identifier: Identifier;
  /** Aborted on C-CANCEL-RQ for this message, or when the association ends. */
  readonly signal: AbortSignal;
}

export type FindRequest = QueryRequest;

export interface SubOperationCounts {
  readonly remaining?: number;
  readonly completed: number;
  readonly failed: number;
  readonly warning: number;
}

export interface RetrieveResult extends Partial<SubOperationCounts> {
  /** Overrides the status derived from the counts (success / 0xB000 / 0xFE00). */
  readonly status?: number;
  readonly errorComment?: string;
  /** Listed in the final response's identifier (FailedSOPInstanceUIDList). */
  readonly failedSopInstanceUids?: readonly string[];
}

export interface MoveRequest extends QueryRequest {
  readonly destinationAe: string;
  /** Sends a pending C-MOVE-RSP (0xFF00) with these counts. */
  progress(counts: SubOperationCounts): Promise<void>;
}

export interface GetRequest extends QueryRequest {
  /** Sends a pending C-GET-RSP (0xFF00) with these counts. */
  progress(counts: SubOperationCounts): Promise<void>;
  /**
   * Sends a C-STORE sub-operation on this association, on a context where the requestor took
   * the SCP role. Counts are tracked: a handler returning nothing reports them in the final response.
   */
  store(source: StoreSource): Promise<StoreResult>;
}

export interface CancelNotice {
  readonly association: AssociationRef;
  readonly messageIdBeingRespondedTo: number;
  /** Whether an operation with that message id was still running. */
  readonly matched: boolean;
}

export interface DimseHandlers {
  onEcho?(request: EchoRequest): StatusReply | void | Promise<StatusReply | void>;
  onStore?(request: StoreRequest): StoreAcceptance | Promise<StoreAcceptance>;
  onFind?(request: FindRequest): AsyncIterable<Identifier> | Iterable<Identifier>;
  onMove?(request: MoveRequest): Promise<RetrieveResult | void>;
  onGet?(request: GetRequest): Promise<RetrieveResult | void>;
  onCancel?(notice: CancelNotice): void;
}
