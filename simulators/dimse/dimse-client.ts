/**
 * DIMSE SCU: `associate()` returns an association with typed C-ECHO, C-FIND, C-STORE, C-MOVE
 * and C-GET. Every request refuses to go out on a context that was not accepted and every
 * awaited response has a timeout, so nothing hangs silently.
 */
import type { Association, NegotiatedContext } from './association.ts';
import { requestAssociation } from './association-requestor.ts';
import { collectSink, decodeIdentifier, type Identifier } from './dataset-codec.ts';
import { CommandField, SopClass, TransferSyntax, type QueryModel } from './dimse-constants.ts';
import { runFind, runRetrieve, type FindOperation, type RetrieveOperation, type RetrieveProgress } from './client-operations.ts';
import type { DimseTlsClient } from './dimse-tls.ts';
import { safeObserver, type AssociationRef, type DimseObserver } from './observer.ts';
import type { RoleSelection } from './pdu-types.ts';
import { createResponseRouter } from './response-router.ts';
import { createStoreReceiver, type StoreHandler } from './store-receiver.ts';
import { createBufferPool, sendStore, sendStoreMany, type StoreResult, type StoreSource } from './store-sender.ts';

export interface ContextProposal {
  readonly abstractSyntax: string;
  /** Defaults to Explicit then Implicit VR Little Endian. */
  readonly transferSyntaxes?: readonly string[];
}

export interface AssociateOptions {
  readonly host: string;
  readonly port: number;
  readonly callingAe: string;
  readonly calledAe: string;
  readonly contexts: readonly ContextProposal[];
  /** Role selection proposals, e.g. SCP role for storage SOP classes before a C-GET. */
  readonly roles?: readonly RoleSelection[];
  readonly maxPdu?: number;
  /** DICOM TLS (PS3.15 B.1, TLS 1.2+); plain TCP when absent. */
  readonly tls?: DimseTlsClient;
  readonly observer?: DimseObserver;
  readonly timeouts?: {
    readonly connectMs?: number;
    readonly associateMs?: number;
    /** Wait for each DIMSE response (restarted by every pending response). */
    readonly dimseMs?: number;
    readonly idleMs?: number;
    readonly releaseMs?: number;
  };
}

export interface DimseClientAssociation {
  readonly ref: AssociationRef;
  /** Accepted contexts only. */
  readonly contexts: readonly NegotiatedContext[];
  readonly closed: Promise<void>;
  echo(): Promise<number>;
  find(model: QueryModel, identifier: Identifier): FindOperation;
  store(source: StoreSource, options?: { priority?: number; moveOriginator?: { ae: string; messageId: number } }): Promise<StoreResult>;
  /**
   * Stores `sources` in order, one C-STORE at a time like `store()`, but reads the next file
   * while the current one waits for its response. Resolves with every result (any status);
   * rejects on the first failure to send or to get a response. `onResult` sees each as it comes.
   */
  storeMany(sources: Iterable<StoreSource>, options?: { priority?: number; onResult?: (result: StoreResult) => void }): Promise<StoreResult[]>;
  move(model: QueryModel, destinationAe: string, identifier: Identifier, onProgress?: (p: RetrieveProgress) => void): RetrieveOperation;
  get(model: QueryModel, identifier: Identifier, storeSink: StoreHandler, onProgress?: (p: RetrieveProgress) => void): RetrieveOperation;
  /** Sends C-CANCEL-RQ for every outstanding C-FIND/C-MOVE/C-GET. */
  cancel(): Promise<void>;
  release(): Promise<void>;
  abort(): void;
}

const DEFAULT_TS = [TransferSyntax.ExplicitVrLittleEndian, TransferSyntax.ImplicitVrLittleEndian];

export async function associate(options: AssociateOptions): Promise<DimseClientAssociation> {
  const observer = safeObserver(options.observer);
  const router = createResponseRouter();
  const dimseMs = options.timeouts?.dimseMs ?? 60_000;
  const outstanding = new Map<number, number>(); // message id → context id of running queries
  let getHandler: StoreHandler | undefined;

  const attach = (association: Association): void => {
    const stores = createStoreReceiver(association, observer, () => getHandler);
    const identifiers = new WeakMap<object, ReturnType<typeof collectSink>>();
    association.setInbound({
      datasetSink(cmd) {
        if (cmd.command.CommandField === CommandField.CStoreRq) return stores.sink(cmd);
        const sink = collectSink();
        identifiers.set(cmd, sink);
        return sink;
      },
      onMessage(cmd, done) {
        if (cmd.command.CommandField === CommandField.CStoreRq) return stores.finish(cmd, done.datasetBytes, done.sinkError);
        let identifier: Identifier | undefined;
        const bytes = identifiers.get(cmd)?.bytes();
        if (bytes && !done.sinkError) {
          try {
            identifier = decodeIdentifier(bytes, cmd.context.transferSyntax);
          } catch (err) {
            identifier = { undecodable: (err as Error).message };
          }
        }
        if (!router.deliver({ command: cmd.command, ...(identifier && { identifier }) })) {
          observer.onHarnessError({
            associationId: association.ref.associationId,
            where: 'client.unsolicited',
            message: `message 0x${cmd.command.CommandField.toString(16)} answers no outstanding request`,
            atMs: Date.now(),
          });
        }
        return identifier ? { dataset: identifier } : undefined;
      },
      onEnd: (detail) => router.failAll(new Error(`association ended: ${detail}`)),
    });
  };

  let nextId = 1;
  const association = await requestAssociation({
    host: options.host,
    port: options.port,
    callingAe: options.callingAe,
    calledAe: options.calledAe,
    contexts: options.contexts.map((c) => ({ id: (nextId += 2) - 2, abstractSyntax: c.abstractSyntax, transferSyntaxes: c.transferSyntaxes ?? DEFAULT_TS })),
    ...(options.roles && { roles: options.roles }),
    maxReceivePdu: options.maxPdu ?? 262_144,
    ...(options.tls && { tls: options.tls }),
    connectTimeoutMs: options.timeouts?.connectMs ?? 10_000,
    artimMs: options.timeouts?.associateMs ?? 30_000,
    idleTimeoutMs: options.timeouts?.idleMs ?? 0,
    observer,
    attach,
  });

  const contextFor = (abstractSyntax: string): NegotiatedContext => {
    const context = association.contexts.find((c) => c.abstractSyntax === abstractSyntax && c.requestorScu);
    if (!context) throw new Error(`no accepted presentation context for ${abstractSyntax}; refusing to send`);
    return context;
  };
  const shared = { association, router, observer, dimseMs, outstanding, contextFor };
  const buffers = createBufferPool();

  return {
    ref: association.ref,
    contexts: association.contexts,
    closed: association.closed,
    async echo() {
      const context = contextFor(SopClass.Verification);
      const messageId = router.nextMessageId();
      const response = new Promise<number>((resolve, reject) =>
        router.expect(messageId, { onResponse: (r) => (resolve(r.command.Status ?? 0xffff), true), onError: reject }, dimseMs, 'C-ECHO-RQ'),
      );
      await association.send(context.id, { CommandField: CommandField.CEchoRq, AffectedSOPClassUID: SopClass.Verification, MessageID: messageId, CommandDataSetType: 0x0101 });
      return response;
    },
    find: (model, identifier) => runFind(shared, model, identifier),
    store: (source, opts = {}) =>
      sendStore(association, source, { router, observer, usable: (c) => c.requestorScu, timeoutMs: dimseMs, buffers, ...opts }),
    storeMany: (sources, { onResult, ...opts } = {}) =>
      sendStoreMany(association, sources, { router, observer, usable: (c) => c.requestorScu, timeoutMs: dimseMs, buffers, ...opts }, onResult),
    move: (model, destinationAe, identifier, onProgress) => runRetrieve(shared, 'move', model, identifier, { destinationAe, onProgress }),
    get(model, identifier, storeSink, onProgress) {
      getHandler = storeSink;
      const op = runRetrieve(shared, 'get', model, identifier, { onProgress });
      void op.done.finally(() => {
        if (getHandler === storeSink) getHandler = undefined;
      }).catch(() => undefined);
      return op;
    },
    async cancel() {
      await Promise.all(
        [...outstanding].map(([messageId, contextId]) =>
          association.send(contextId, { CommandField: CommandField.CCancelRq, MessageIDBeingRespondedTo: messageId, CommandDataSetType: 0x0101 }),
        ),
      );
    },
    release: () => association.release(options.timeouts?.releaseMs ?? 10_000),
    abort: () => association.abort(),
  };
}
