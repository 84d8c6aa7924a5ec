/**
 * An established association, the same for acceptor and requestor: assembles incoming DIMSE
 * messages (command set buffered, data set streamed into a sink with backpressure), serialises
 * outgoing messages, and handles release, abort and close, reporting each to the observer.
 */
import type { Writable } from 'node:stream';
import { decodeCommandSet, encodeCommandSet, NO_DATASET, type CommandSet } from './command-set.ts';
import { commandName } from './dimse-constants.ts';
import { nowMs, type AssociationEvent, type AssociationRef, type DimseObserver } from './observer.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type EndEvent = DistributiveOmit<Extract<AssociationEvent, { phase: 'released' | 'aborted' | 'closed' }>, keyof AssociationRef>;
import { sendMessage, type DatasetSource } from './pdata-sender.ts';
import type { PduLink } from './pdu-link.ts';
import { encodeReleaseRp, encodeReleaseRq } from './pdu-writer.ts';
import { AbortReason, AbortSource, type ControlPdu, type PdvHeader } from './pdu-types.ts';
import { toDatasetSink, type DatasetSink } from './sinks.ts';

export interface NegotiatedContext {
  readonly id: number;
  readonly abstractSyntax: string;
  readonly transferSyntax: string;
  /** Whether the requestor may act as SCU / SCP for this SOP class (role selection, PS3.7 D.3.3.4). */
  readonly requestorScu: boolean;
  readonly requestorScp: boolean;
}

export interface IncomingCommand {
  readonly context: NegotiatedContext;
  readonly command: CommandSet;
  readonly hasDataset: boolean;
  readonly startMs: number;
}

export interface InboundHandler {
  /** Where the data set of `cmd` goes; called once the command set is complete. */
  datasetSink(cmd: IncomingCommand): Writable | DatasetSink;
  /** The message is complete (for data sets: the sink finished, or failed with `sinkError`). */
  onMessage(cmd: IncomingCommand, done: { endMs: number; datasetBytes: number; sinkError?: Error }): { dataset?: Record<string, unknown> } | void;
  /** The association ended (released, aborted or closed); fail anything outstanding. */
  onEnd(detail: string): void;
}

export interface Association {
  readonly ref: AssociationRef;
  readonly contexts: readonly NegotiatedContext[];
  readonly peerMaxPdu: number;
  readonly ended: boolean;
  /** Resolves when the transport is closed. */
  readonly closed: Promise<void>;
  setInbound(handler: InboundHandler): void;
  send(contextId: number, command: CommandSet, dataset?: DatasetSource, identifier?: Record<string, unknown>): Promise<void>;
  release(timeoutMs?: number): Promise<void>;
  abort(): void;
}

export interface AssociationSetup {
  readonly link: PduLink;
  readonly ref: AssociationRef;
  readonly contexts: readonly NegotiatedContext[];
  readonly peerMaxPdu: number;
  readonly observer: Required<DimseObserver>;
}

interface Assembly {
  cmd?: IncomingCommand;
  commandParts: Buffer[];
  startMs: number;
  sink?: DatasetSink;
  sinkFailed?: Error;
  bytes: number;
  /** A sink write returned a promise: the link is paused and later chunks wait in `backlog`. */
  busy: boolean;
  backlog: Buffer[];
  /** Runs once the sink has taken every chunk (the message is complete). */
  onIdle?: () => void;
}

const newAssembly = (): Assembly => ({ commandParts: [], startMs: 0, bytes: 0, busy: false, backlog: [] });

export function createAssociation(setup: AssociationSetup): Association {
  const { link, ref, observer } = setup;
  const byId = new Map(setup.contexts.map((c) => [c.id, c]));
  let inbound: InboundHandler | undefined;
  let ended = false;
  let releaseWaiter: (() => void) | undefined;
  let sendQueue: Promise<unknown> = Promise.resolve();
  let asm: Assembly = newAssembly();
  // Messages are handed on in the order they arrived, even when an earlier data set's sink
  // finishes later than a following message without one (a pending C-FIND-RSP and its final).
  const delivery: { run?: () => void }[] = [];
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));

  function protocolAbort(detail: string, reason: number = AbortReason.InvalidPduParameterValue): void {
    if (ended) return;
    end({ phase: 'aborted', initiator: 'local', source: AbortSource.ServiceProvider, reason, detail, atMs: nowMs() }, detail);
    link.abort(AbortSource.ServiceProvider, reason);
  }

  function end(event: EndEvent, detail: string): void {
    if (ended) return;
    ended = true;
    observer.onAssociation({ ...ref, ...event } as AssociationEvent);
    if (asm.sink && !asm.sinkFailed) {
      asm.sinkFailed = new Error(detail);
      asm.backlog = [];
      asm.sink.destroy(asm.sinkFailed);
    }
    inbound?.onEnd(detail);
  }

  function startDataset(cmd: IncomingCommand): void {
    let sink: DatasetSink;
    try {
      sink = toDatasetSink(inbound!.datasetSink(cmd));
    } catch (err) {
      asm.sink = { write() {}, end() {}, destroy() {} };
      asm.sinkFailed = err as Error;
      return;
    }
    asm.sink = sink;
  }

  function fail(current: Assembly, err: unknown): void {
    if (current.sinkFailed) return;
    current.sinkFailed = err instanceof Error ? err : new Error(String(err));
    current.backlog = [];
    current.sink!.destroy(current.sinkFailed);
  }

  /** Hands queued chunks to the sink until it asks to wait (a returned promise pauses the link). */
  function pump(current: Assembly): void {
    while (!current.busy && current.backlog.length > 0) {
      const pending = writeChunk(current, current.backlog.shift()!);
      if (pending) wait(current, pending);
    }
    if (!current.busy && current.onIdle) {
      const idle = current.onIdle;
      current.onIdle = undefined;
      idle();
    }
  }

  function writeChunk(current: Assembly, chunk: Buffer): Promise<void> | undefined {
    if (current.sinkFailed) return undefined;
    try {
      return current.sink!.write(chunk) ?? undefined;
    } catch (err) {
      fail(current, err);
      return undefined;
    }
  }

  function wait(current: Assembly, pending: Promise<void>): void {
    current.busy = true;
    link.pause();
    const settle = (err?: unknown): void => {
      current.busy = false;
      link.resume();
      if (err !== undefined) fail(current, err ?? new Error('sink write failed'));
      pump(current);
    };
    pending.then(() => settle(), (err: unknown) => settle(err ?? new Error('sink write failed')));
  }

  function feed(current: Assembly, chunk: Buffer): void {
    if (current.busy || current.backlog.length > 0) {
      current.backlog.push(chunk);
      return;
    }
    const pending = writeChunk(current, chunk);
    if (pending) wait(current, pending);
  }

  function finishMessage(current: Assembly): void {
    const cmd = current.cmd!;
    let reported = false;
    const slot: { run?: () => void } = {};
    delivery.push(slot);
    const report = (sinkError?: Error): void => {
      if (reported) return;
      reported = true;
      const endMs = nowMs();
      slot.run = () => deliver(sinkError, endMs);
      while (delivery[0]?.run) delivery.shift()!.run!();
    };
    const deliver = (sinkError: Error | undefined, endMs: number): void => {
      const extra = inbound?.onMessage(cmd, { endMs, datasetBytes: current.bytes, ...(sinkError && { sinkError }) }) ?? {};
      observer.onCommand({
        ...ref,
        direction: 'received',
        command: commandName(cmd.command.CommandField),
        ...messageIds(cmd.command),
        contextId: cmd.context.id,
        abstractSyntax: cmd.context.abstractSyntax,
        transferSyntax: cmd.context.transferSyntax,
        commandSet: cmd.command,
        startMs: current.startMs,
        endMs,
        ...(cmd.hasDataset && { datasetBytes: current.bytes }),
        ...extra,
      });
    };
    const sink = current.sink;
    if (!sink) return report();
    const finish = (): void => {
      if (current.sinkFailed) return report(current.sinkFailed);
      let ended: void | Promise<void>;
      try {
        ended = sink.end();
      } catch (err) {
        return report(err as Error);
      }
      if (!ended) return report();
      ended.then(
        () => report(current.sinkFailed),
        (err: unknown) => report(err instanceof Error ? err : new Error(String(err))),
      );
    };
    if (current.busy || current.backlog.length > 0) current.onIdle = finish;
    else finish();
  }

  function onPdv(header: PdvHeader, data: Buffer, pdvEnd: boolean): void {
    if (ended) return;
    const context = byId.get(header.contextId);
    if (!context) return protocolAbort(`PDV on presentation context ${header.contextId}, which was not accepted`);
    if (header.isCommand) {
      if (asm.cmd) return protocolAbort('command fragment while a data set was expected', AbortReason.UnexpectedPduParameter);
      if (asm.commandParts.length === 0) asm.startMs = nowMs();
      asm.commandParts.push(data);
      if (!(pdvEnd && header.isLast)) return;
      let command: CommandSet;
      try {
        command = decodeCommandSet(Buffer.concat(asm.commandParts));
      } catch (err) {
        return protocolAbort(`undecodable command set: ${(err as Error).message}`);
      }
      asm.commandParts = [];
      const hasDataset = command.CommandDataSetType !== undefined && command.CommandDataSetType !== NO_DATASET;
      asm.cmd = { context, command, hasDataset, startMs: asm.startMs };
      if (!hasDataset) {
        const done = asm;
        asm = newAssembly();
        return finishMessage(done);
      }
      return startDataset(asm.cmd);
    }
    if (!asm.cmd) return protocolAbort('data set fragment without a preceding command', AbortReason.UnexpectedPduParameter);
    if (header.contextId !== asm.cmd.context.id) return protocolAbort('data set fragment on a different presentation context than its command');
    asm.bytes += data.length;
    if (data.length > 0 && !asm.sinkFailed) feed(asm, data);
    if (pdvEnd && header.isLast) {
      const done = asm;
      asm = newAssembly();
      finishMessage(done);
    }
  }

  function onControl(pdu: ControlPdu): void {
    if (ended && pdu.type !== 'release-rp') return;
    switch (pdu.type) {
      case 'release-rq':
        link.write([encodeReleaseRp()]).catch(() => undefined);
        end({ phase: 'released', initiator: 'peer', atMs: nowMs() }, 'released by peer');
        // The requestor closes the transport after A-RELEASE-RP; the acceptor waits (ARTIM).
        if (ref.side === 'requestor') link.end();
        else link.closeAfter(5_000);
        return;
      case 'release-rp':
        releaseWaiter?.();
        return;
      case 'abort':
        end({ phase: 'aborted', initiator: 'peer', source: pdu.source, reason: pdu.reason, detail: 'A-ABORT received', atMs: nowMs() }, 'aborted by peer');
        link.closeAfter(0);
        return;
      default:
        protocolAbort(`unexpected ${pdu.type} on an established association`, AbortReason.UnexpectedPdu);
    }
  }

  link.setHandlers({
    onControl,
    onPdv,
    onProtocolError: (error) =>
      end({ phase: 'aborted', initiator: 'local', source: AbortSource.ServiceProvider, reason: error.abortReason, detail: error.message, atMs: nowMs() }, error.message),
    onClose: (detail) => {
      end({ phase: 'closed', detail, atMs: nowMs() }, detail);
      resolveClosed();
    },
  });

  const association: Association = {
    ref,
    contexts: setup.contexts,
    peerMaxPdu: setup.peerMaxPdu,
    closed,
    get ended() {
      return ended;
    },
    setInbound(handler) {
      inbound = handler;
    },
    send(contextId, command, dataset, identifier) {
      const context = byId.get(contextId);
      if (!context) return Promise.reject(new Error(`presentation context ${contextId} was not accepted; refusing to send`));
      const job = sendQueue.then(async () => {
        if (ended) throw new Error(`association ${ref.associationId} has ended; cannot send ${commandName(command.CommandField)}`);
        const startMs = nowMs();
        const bytes = await sendMessage(link, setup.peerMaxPdu, contextId, encodeCommandSet(command), dataset);
        observer.onCommand({
          ...ref,
          direction: 'sent',
          command: commandName(command.CommandField),
          ...messageIds(command),
          contextId,
          abstractSyntax: context.abstractSyntax,
          transferSyntax: context.transferSyntax,
          commandSet: command,
          startMs,
          endMs: nowMs(),
          ...(dataset && { datasetBytes: bytes }),
          ...(identifier && { dataset: identifier }),
        });
      });
      sendQueue = job.catch(() => undefined);
      return job;
    },
    async release(timeoutMs = 10_000) {
      if (ended) return;
      await sendQueue;
      const gotRp = new Promise<boolean>((resolve) => {
        releaseWaiter = () => resolve(true);
        setTimeout(() => resolve(false), timeoutMs).unref();
        void closed.then(() => resolve(false));
      });
      await link.write([encodeReleaseRq()]);
      const ok = await gotRp;
      if (!ok) {
        protocolAbort(`no A-RELEASE-RP within ${timeoutMs} ms`, AbortReason.NotSpecified);
        throw new Error(`release of ${ref.associationId} failed: no A-RELEASE-RP within ${timeoutMs} ms`);
      }
      end({ phase: 'released', initiator: 'local', atMs: nowMs() }, 'released');
      if (ref.side === 'requestor') link.end();
      else link.closeAfter(5_000);
      await closed;
    },
    abort() {
      if (ended) return;
      end({ phase: 'aborted', initiator: 'local', source: AbortSource.ServiceUser, reason: 0, detail: 'aborted by user', atMs: nowMs() }, 'aborted by user');
      link.abort(AbortSource.ServiceUser, 0);
    },
  };
  return association;
}

function messageIds(command: CommandSet): { messageId?: number; status?: number } {
  const messageId = command.MessageID ?? command.MessageIDBeingRespondedTo;
  return { ...(messageId !== undefined && { messageId }), ...(command.Status !== undefined && { status: command.Status }) };
}
