/**
 * Serves one accepted association: routes each incoming DIMSE request to its typed handler,
 * streams C-STORE data sets into the handler's sink, answers, and keeps running operations
 * cancellable. Query/retrieve operations live in host-retrieve.ts.
 */
import type { Association, IncomingCommand } from './association.ts';
import { NO_DATASET, type CommandSet } from './command-set.ts';
import { collectSink, decodeIdentifier, encodeIdentifier, type Identifier } from './dataset-codec.ts';
import { CommandField, Status } from './dimse-constants.ts';
import { DimseStatusError } from './dimse-status-error.ts';
import type { DimseHandlers, RequestBase, StatusReply } from './host-handlers.ts';
import { runQueryOperation } from './host-retrieve.ts';
import { harnessError, type DimseObserver } from './observer.ts';
import { createResponseRouter, type ResponseRouter } from './response-router.ts';
import { createStoreReceiver } from './store-receiver.ts';

export interface SessionOptions {
  readonly handlers: DimseHandlers;
  readonly observer: Required<DimseObserver>;
  /** Response timeout for C-STORE sub-operations of C-GET. */
  readonly dimseTimeoutMs: number;
}

/** What the retrieve module needs from the session. */
export interface SessionTools {
  readonly association: Association;
  readonly router: ResponseRouter;
  readonly options: SessionOptions;
  respond(cmd: IncomingCommand, field: number, reply: StatusReply, extra?: Partial<CommandSet>, identifier?: Identifier): Promise<void>;
  failure(where: string, err: unknown): StatusReply;
}

export function serveAssociation(association: Association, options: SessionOptions): void {
  const { handlers, observer } = options;
  const router = createResponseRouter();
  const running = new Map<number, AbortController>();
  const stores = createStoreReceiver(association, observer, () => handlers.onStore?.bind(handlers));
  const identifiers = new WeakMap<IncomingCommand, ReturnType<typeof collectSink>>();
  const id = association.ref.associationId;

  const tools: SessionTools = {
    association,
    router,
    options,
    async respond(cmd, field, reply, extra = {}, identifier) {
      const { status, errorComment } = typeof reply === 'number' ? { status: reply, errorComment: undefined } : reply;
      const command: CommandSet = {
        CommandField: field,
        AffectedSOPClassUID: cmd.command.AffectedSOPClassUID ?? cmd.context.abstractSyntax,
        MessageIDBeingRespondedTo: cmd.command.MessageID ?? 0,
        CommandDataSetType: identifier ? 0x0000 : NO_DATASET,
        Status: status,
        ...(errorComment && { ErrorComment: errorComment.slice(0, 64) }),
        ...extra,
      };
      const bytes = identifier ? encodeIdentifier(identifier, cmd.context.transferSyntax) : undefined;
      await association.send(cmd.context.id, command, bytes, identifier);
    },
    failure(where, err) {
      if (err instanceof DimseStatusError) return { status: err.status, errorComment: err.message };
      observer.onHarnessError(harnessError(where, err, id));
      return { status: Status.ProcessingFailure, errorComment: `harness error: ${(err as Error)?.message ?? String(err)}` };
    },
  };

  const base = (cmd: IncomingCommand): RequestBase => ({
    association: association.ref,
    contextId: cmd.context.id,
    abstractSyntax: cmd.context.abstractSyntax,
    transferSyntax: cmd.context.transferSyntax,
    messageId: cmd.command.MessageID ?? 0,
    command: cmd.command,
  });

  /** Sends a response, reporting a failure only while the association is still up. */
  const reply = (cmd: IncomingCommand, field: number, status: StatusReply, extra?: Partial<CommandSet>): void => {
    tools.respond(cmd, field, status, extra).catch((err) => {
      if (!association.ended) observer.onHarnessError(harnessError('respond', err, id));
    });
  };

  async function echo(cmd: IncomingCommand): Promise<void> {
    let status: StatusReply;
    try {
      status = (await handlers.onEcho?.(base(cmd))) ?? Status.Success;
    } catch (err) {
      status = tools.failure('onEcho', err);
    }
    reply(cmd, CommandField.CEchoRsp, status);
  }

  function cancel(cmd: IncomingCommand): void {
    const target = cmd.command.MessageIDBeingRespondedTo ?? -1;
    const controller = running.get(target);
    controller?.abort(new Error('C-CANCEL-RQ'));
    try {
      handlers.onCancel?.({ association: association.ref, messageIdBeingRespondedTo: target, matched: controller !== undefined });
    } catch (err) {
      observer.onHarnessError(harnessError('onCancel', err, id));
    }
  }

  association.setInbound({
    datasetSink(cmd) {
      if (cmd.command.CommandField === CommandField.CStoreRq) return stores.sink(cmd);
      const sink = collectSink();
      identifiers.set(cmd, sink);
      return sink;
    },
    onMessage(cmd, done) {
      const field = cmd.command.CommandField;
      if (field & 0x8000) {
        router.deliver({ command: cmd.command });
        return;
      }
      if (field === CommandField.CStoreRq) {
        stores.finish(cmd, done.datasetBytes, done.sinkError);
        return;
      }
      if (field === CommandField.CEchoRq) return void echo(cmd);
      if (field === CommandField.CCancelRq) return cancel(cmd);
      if (field === CommandField.CFindRq || field === CommandField.CMoveRq || field === CommandField.CGetRq) {
        let identifier: Identifier = {};
        try {
          const bytes = identifiers.get(cmd)?.bytes();
          if (done.sinkError) throw done.sinkError;
          if (bytes) identifier = decodeIdentifier(bytes, cmd.context.transferSyntax);
        } catch (err) {
          reply(cmd, field | 0x8000, { status: Status.UnableToProcess, errorComment: `cannot decode identifier: ${(err as Error).message}` });
          return;
        }
        const controller = new AbortController();
        running.set(cmd.command.MessageID ?? 0, controller);
        void runQueryOperation(tools, cmd, base(cmd), identifier, controller.signal).finally(() => running.delete(cmd.command.MessageID ?? 0));
        return { dataset: identifier };
      }
      reply(cmd, field | 0x8000, { status: 0x0211, errorComment: `unrecognized operation 0x${field.toString(16)}` });
    },
    onEnd(detail) {
      for (const controller of running.values()) controller.abort(new Error(detail));
      running.clear();
      router.failAll(new Error(`association ended: ${detail}`));
    },
  });
}
