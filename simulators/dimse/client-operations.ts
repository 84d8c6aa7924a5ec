/**
 * SCU side of C-FIND, C-MOVE and C-GET: sends the request, turns pending responses into matches
 * or progress, and resolves with the final status. Cancellable via C-CANCEL-RQ.
 */
import type { Association, NegotiatedContext } from './association.ts';
import type { CommandSet } from './command-set.ts';
import { encodeIdentifier, type Identifier } from './dataset-codec.ts';
import { CommandField, QUERY_MODELS, type QueryModel } from './dimse-constants.ts';
import type { DimseObserver } from './observer.ts';
import type { Response, ResponseRouter } from './response-router.ts';

export interface ClientShared {
  readonly association: Association;
  readonly router: ResponseRouter;
  readonly observer: Required<DimseObserver>;
  readonly dimseMs: number;
  /** Running query/retrieve message ids → their context, for cancel(). */
  readonly outstanding: Map<number, number>;
  contextFor(abstractSyntax: string): NegotiatedContext;
}

export interface FindOperation extends AsyncIterable<Identifier> {
  /** Final status; rejects on timeout, abort or a refused request. */
  readonly done: Promise<{ readonly status: number; readonly response: CommandSet; readonly matches: number }>;
  cancel(): Promise<void>;
}

export interface RetrieveProgress {
  readonly status: number;
  readonly remaining?: number;
  readonly completed?: number;
  readonly failed?: number;
  readonly warning?: number;
}

export interface RetrieveOutcome extends RetrieveProgress {
  readonly response: CommandSet;
  readonly identifier?: Identifier;
}

export interface RetrieveOperation {
  readonly done: Promise<RetrieveOutcome>;
  cancel(): Promise<void>;
}

const isPending = (status: number | undefined): boolean => status === 0xff00 || status === 0xff01;

/** Sends a query/retrieve request and routes its responses; `onPending` gets each pending one. */
function start(
  shared: ClientShared,
  field: number,
  sopClassUid: string,
  identifier: Identifier,
  extra: Partial<CommandSet>,
  onPending: (r: Response) => void,
): { done: Promise<Response>; cancel: () => Promise<void> } {
  let messageId = 0;
  let contextId = 0;
  const done = new Promise<Response>((resolve, reject) => {
    const context = shared.contextFor(sopClassUid);
    contextId = context.id;
    messageId = shared.router.nextMessageId();
    const finish = (): void => void shared.outstanding.delete(messageId);
    shared.router.expect(
      messageId,
      {
        onResponse(r) {
          if (isPending(r.command.Status)) {
            onPending(r);
            return false;
          }
          finish();
          resolve(r);
          return true;
        },
        onError(err) {
          finish();
          reject(err);
        },
      },
      shared.dimseMs,
      `${field === CommandField.CFindRq ? 'C-FIND' : field === CommandField.CMoveRq ? 'C-MOVE' : 'C-GET'}-RQ`,
    );
    shared.outstanding.set(messageId, context.id);
    const command: CommandSet = { CommandField: field, AffectedSOPClassUID: sopClassUid, MessageID: messageId, Priority: 0, CommandDataSetType: 0x0000, ...extra };
    shared.association.send(context.id, command, encodeIdentifier(identifier, context.transferSyntax), identifier).catch((err: Error) => {
      shared.router.drop(messageId);
      finish();
      reject(err);
    });
  });
  // Callers may only iterate; the rejection still reaches whoever awaits `done`.
  done.catch(() => undefined);
  const cancel = async (): Promise<void> => {
    if (!shared.outstanding.has(messageId)) return;
    await shared.association.send(contextId, { CommandField: CommandField.CCancelRq, MessageIDBeingRespondedTo: messageId, CommandDataSetType: 0x0101 });
  };
  return { done, cancel };
}

export function runFind(shared: ClientShared, model: QueryModel, identifier: Identifier): FindOperation {
  const queue: Identifier[] = [];
  let wake: (() => void) | undefined;
  let matches = 0;
  const op = start(shared, CommandField.CFindRq, QUERY_MODELS[model].find, identifier, {}, (r) => {
    matches++;
    queue.push(r.identifier ?? {});
    wake?.();
  });
  let ended = false;
  let failure: Error | undefined;
  op.done.then(
    () => (ended = true),
    (err: Error) => ((failure = err), (ended = true)),
  ).finally(() => wake?.());
  return {
    done: op.done.then((r) => ({ status: r.command.Status ?? 0xffff, response: r.command, matches })),
    cancel: op.cancel,
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (failure) throw failure;
        if (ended) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    },
  };
}

function progressOf(command: CommandSet): RetrieveProgress {
  return {
    status: command.Status ?? 0xffff,
    ...(command.NumberOfRemainingSuboperations !== undefined && { remaining: command.NumberOfRemainingSuboperations }),
    ...(command.NumberOfCompletedSuboperations !== undefined && { completed: command.NumberOfCompletedSuboperations }),
    ...(command.NumberOfFailedSuboperations !== undefined && { failed: command.NumberOfFailedSuboperations }),
    ...(command.NumberOfWarningSuboperations !== undefined && { warning: command.NumberOfWarningSuboperations }),
  };
}

export function runRetrieve(
  shared: ClientShared,
  kind: 'move' | 'get',
  model: QueryModel,
  identifier: Identifier,
  options: { destinationAe?: string; onProgress?: ((p: RetrieveProgress) => void) | undefined },
): RetrieveOperation {
  const field = kind === 'move' ? CommandField.CMoveRq : CommandField.CGetRq;
  const extra = kind === 'move' ? { MoveDestination: options.destinationAe ?? '' } : {};
  const op = start(shared, field, QUERY_MODELS[model][kind], identifier, extra, (r) => options.onProgress?.(progressOf(r.command)));
  const done = op.done.then((r) => ({ ...progressOf(r.command), response: r.command, ...(r.identifier && { identifier: r.identifier }) }));
  done.catch(() => undefined);
  return { done, cancel: op.cancel };
}
