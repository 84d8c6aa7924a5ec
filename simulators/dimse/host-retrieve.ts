/**
 * C-FIND, C-MOVE and C-GET on the SCP side: pending responses, C-CANCEL (status 0xFE00),
 * sub-operation counts, and C-STORE sub-operations of C-GET sent back on the same association.
 */
import type { IncomingCommand } from './association.ts';
import type { CommandSet } from './command-set.ts';
import type { Identifier } from './dataset-codec.ts';
import { CommandField, QUERY_MODELS, Status, type QueryModel } from './dimse-constants.ts';
import type { RequestBase, RetrieveResult, StatusReply, SubOperationCounts } from './host-handlers.ts';
import type { SessionTools } from './host-session.ts';
import { sendStore, type StoreSource } from './store-sender.ts';

function modelOf(abstractSyntax: string): QueryModel | 'OTHER' {
  for (const [model, uids] of Object.entries(QUERY_MODELS)) {
    if (Object.values(uids).includes(abstractSyntax)) return model as QueryModel;
  }
  return 'OTHER';
}

function countFields(counts: Partial<SubOperationCounts>): Partial<CommandSet> {
  return {
    ...(counts.remaining !== undefined && { NumberOfRemainingSuboperations: counts.remaining }),
    ...(counts.completed !== undefined && { NumberOfCompletedSuboperations: counts.completed }),
    ...(counts.failed !== undefined && { NumberOfFailedSuboperations: counts.failed }),
    ...(counts.warning !== undefined && { NumberOfWarningSuboperations: counts.warning }),
  };
}

export async function runQueryOperation(tools: SessionTools, cmd: IncomingCommand, base: RequestBase, identifier: Identifier, signal: AbortSignal): Promise<void> {
  const field = cmd.command.CommandField;
  const rspField = field | 0x8000;
  const query = { ...base, model: modelOf(cmd.context.abstractSyntax), identifier, signal };
  const send = async (reply: StatusReply, extra?: Partial<CommandSet>, id?: Identifier): Promise<void> => {
    try {
      await tools.respond(cmd, rspField, reply, extra, id);
    } catch (err) {
      // After the association ended nobody can hear us; anything else is our fault.
      if (!tools.association.ended) tools.failure('respond', err);
    }
  };

  if (field === CommandField.CFindRq) {
    const handler = tools.options.handlers.onFind;
    if (!handler) return send(Status.SopClassNotSupported);
    let final: StatusReply = Status.Success;
    try {
      for await (const match of handler(query)) {
        if (signal.aborted) break;
        await tools.respond(cmd, rspField, Status.Pending, {}, match);
      }
      if (signal.aborted) final = Status.Cancel;
    } catch (err) {
      if (tools.association.ended) return;
      final = tools.failure('onFind', err);
    }
    return send(final);
  }

  const isGet = field === CommandField.CGetRq;
  const tracked = { completed: 0, failed: 0, warning: 0 };
  const failedUids: string[] = [];
  const progress = (counts: SubOperationCounts): Promise<void> => send(Status.Pending, countFields(counts));
  let result: RetrieveResult | void;
  try {
    if (isGet) {
      const handler = tools.options.handlers.onGet;
      if (!handler) return send(Status.SopClassNotSupported);
      const store = async (source: StoreSource) => {
        const stored = await sendStore(tools.association, source, {
          router: tools.router,
          observer: tools.options.observer,
          usable: (c) => c.requestorScp,
          timeoutMs: tools.options.dimseTimeoutMs,
        });
        const category = stored.status === 0 ? 'completed' : (stored.status & 0xf000) === 0xb000 ? 'warning' : 'failed';
        tracked[category]++;
        if (category === 'failed') failedUids.push(stored.sopInstanceUid);
        return stored;
      };
      result = await handler({ ...query, progress, store });
    } else {
      const handler = tools.options.handlers.onMove;
      if (!handler) return send(Status.SopClassNotSupported);
      result = await handler({ ...query, destinationAe: cmd.command.MoveDestination ?? '', progress });
    }
  } catch (err) {
    if (tools.association.ended) return;
    return send(tools.failure(isGet ? 'onGet' : 'onMove', err), countFields(tracked));
  }
  const counts = {
    // PS3.4 C.4.2.1.4: a Cancel final response still says how many sub-operations remain.
    ...(result?.remaining !== undefined && { remaining: result.remaining }),
    completed: result?.completed ?? tracked.completed,
    failed: result?.failed ?? tracked.failed,
    warning: result?.warning ?? tracked.warning,
  };
  const status =
    result?.status ?? (signal.aborted ? Status.Cancel : counts.failed + counts.warning > 0 ? Status.SubOpsCompleteWithFailures : Status.Success);
  const failedList = result?.failedSopInstanceUids ?? failedUids;
  const id = failedList.length > 0 ? { FailedSOPInstanceUIDList: failedList.length === 1 ? failedList[0] : [...failedList] } : undefined;
  return send(result?.errorComment ? { status, errorComment: result.errorComment } : status, countFields(counts), id);
}
