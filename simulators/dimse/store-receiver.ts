/**
 * Receiving C-STORE-RQ data sets, shared by the host (storage SCP) and the client (C-GET
 * sub-operations): asks the handler for a sink, streams into it, then answers C-STORE-RSP with
 * the handler's status, or 0x0110 plus a harness-error record when the handler or sink failed.
 */
import type { Association, IncomingCommand } from './association.ts';
import { NO_DATASET } from './command-set.ts';
import { CommandField, Status } from './dimse-constants.ts';
import { DimseStatusError } from './dimse-status-error.ts';
import type { StatusReply, StoreAcceptance, StoreRequest } from './host-handlers.ts';
import { harnessError, nowMs, type DimseObserver } from './observer.ts';
import { deferredSink, discardSink, toDatasetSink, type DatasetSink } from './sinks.ts';

export type StoreHandler = (request: StoreRequest) => StoreAcceptance | Promise<StoreAcceptance>;

export interface StoreReceiver {
  sink(cmd: IncomingCommand): DatasetSink;
  finish(cmd: IncomingCommand, bytes: number, sinkError: Error | undefined): void;
}

interface StoreState {
  readonly request: StoreRequest;
  readonly acceptance: Promise<StoreAcceptance>;
}

class NoHandlerError extends Error {}

/** `handler` is looked up per request so a client can install one only while a C-GET runs. */
export function createStoreReceiver(association: Association, observer: Required<DimseObserver>, handler: () => StoreHandler | undefined): StoreReceiver {
  const states = new WeakMap<IncomingCommand, StoreState>();
  const id = association.ref.associationId;

  function track(cmd: IncomingCommand, request: StoreRequest, acceptance: Promise<StoreAcceptance>): void {
    acceptance.catch(() => undefined); // awaited in finish(), once the data set has arrived
    states.set(cmd, { request, acceptance });
  }

  return {
    sink(cmd) {
      const c = cmd.command;
      const request: StoreRequest = {
        association: association.ref,
        contextId: cmd.context.id,
        abstractSyntax: cmd.context.abstractSyntax,
        transferSyntax: cmd.context.transferSyntax,
        messageId: c.MessageID ?? 0,
        command: c,
        sopClassUid: c.AffectedSOPClassUID ?? '',
        sopInstanceUid: c.AffectedSOPInstanceUID ?? '',
        ...(c.MoveOriginatorApplicationEntityTitle && {
          moveOriginator: { ae: c.MoveOriginatorApplicationEntityTitle, messageId: c.MoveOriginatorMessageID ?? 0 },
        }),
      };
      let result: StoreAcceptance | Promise<StoreAcceptance>;
      try {
        const h = handler();
        if (!h) throw new NoHandlerError('no C-STORE handler');
        result = h(request);
      } catch (err) {
        track(cmd, request, Promise.reject(err));
        return discardSink();
      }
      if (result instanceof Promise) {
        track(cmd, request, result);
        return deferredSink(result.then((a) => a.sink, () => undefined));
      }
      track(cmd, request, Promise.resolve(result));
      return toDatasetSink(result.sink);
    },

    finish(cmd, bytes, sinkError) {
      const state = states.get(cmd);
      if (!state) return;
      void (async () => {
        let status: StatusReply;
        let acceptance: StoreAcceptance | undefined;
        try {
          acceptance = await state.acceptance;
          if (sinkError) throw sinkError;
          status = (await acceptance.complete?.({ bytes })) ?? Status.Success;
        } catch (err) {
          if (err instanceof NoHandlerError) status = Status.SopClassNotSupported;
          else if (err instanceof DimseStatusError) status = { status: err.status, errorComment: err.message };
          else {
            observer.onHarnessError(harnessError('onStore', err, id));
            status = { status: Status.ProcessingFailure, errorComment: `harness error: ${(err as Error)?.message ?? String(err)}` };
          }
        }
        observer.onDataset({
          ...association.ref,
          direction: 'received',
          messageId: state.request.messageId,
          sopClassUid: state.request.sopClassUid,
          sopInstanceUid: state.request.sopInstanceUid,
          transferSyntax: state.request.transferSyntax,
          bytes,
          ...(acceptance?.path && { path: acceptance.path }),
          startMs: cmd.startMs,
          endMs: nowMs(),
        });
        const { status: code, errorComment } = typeof status === 'number' ? { status, errorComment: undefined } : status;
        await association.send(cmd.context.id, {
          CommandField: CommandField.CStoreRsp,
          AffectedSOPClassUID: state.request.sopClassUid,
          MessageIDBeingRespondedTo: state.request.messageId,
          CommandDataSetType: NO_DATASET,
          Status: code,
          AffectedSOPInstanceUID: state.request.sopInstanceUid,
          ...(errorComment && { ErrorComment: errorComment.slice(0, 64) }),
        });
      })().catch((err) => {
        if (!association.ended) observer.onHarnessError(harnessError('C-STORE-RSP', err, id));
      });
    },
  };
}
