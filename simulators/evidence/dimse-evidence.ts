/**
 * Bridges the DIMSE layer's observer to the evidence recorder: associations with every
 * presentation-context decision, every DIMSE command with status and timing, harness errors.
 * C-STORE data sets are recorded by the actor that owns the file (it knows when the file is final).
 */
import type { AssociationEvent, AssociationRef, CommandEvent, DimseObserver, HarnessErrorEvent } from '../dimse/observer.ts';
import type { EvidenceSink } from './evidence.ts';

export function hex4(status: number): string {
  return `0x${status.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function peerOf(ref: AssociationRef): string {
  return `${ref.remote.ae}@${ref.remote.address}:${ref.remote.port}`;
}

/** 'C-STORE-RQ' → transaction 'C-STORE' and direction 'request'. */
function splitCommand(command: string): { transaction: string; direction: 'request' | 'response' } {
  const match = /^(.*)-(RQ|RSP)$/.exec(command);
  if (!match) return { transaction: command, direction: 'request' };
  return { transaction: match[1] as string, direction: match[2] === 'RQ' ? 'request' : 'response' };
}

export function dimseEvidence(sink: EvidenceSink, actor: string): DimseObserver {
  function onAssociation(event: AssociationEvent): void {
    const base = { actor, peer: peerOf(event), association: event.associationId, format: 'json' as const };
    switch (event.phase) {
      case 'accepted':
      case 'rejected': {
        const { phase: _phase, startMs, endMs, request, ...decision } = event;
        void sink.record({ ...base, transaction: 'A-ASSOCIATE', direction: 'request', startedAt: startMs, body: { json: { side: event.side, local: event.local, remote: event.remote, ...request } } });
        void sink.record({
          ...base,
          transaction: 'A-ASSOCIATE',
          direction: 'response',
          status: event.phase,
          startedAt: endMs,
          durationMs: endMs - startMs,
          body: { json: { result: event.phase, ...decision } },
        });
        return;
      }
      case 'released':
        void sink.record({ ...base, transaction: 'A-RELEASE', direction: event.initiator === 'peer' ? 'request' : 'response', status: 'released', startedAt: event.atMs, body: { json: event } });
        return;
      case 'aborted':
        void sink.record({ ...base, transaction: 'A-ABORT', direction: event.initiator === 'peer' ? 'request' : 'response', status: 'aborted', startedAt: event.atMs, body: { json: event } });
        return;
      case 'closed':
        void sink.record({ ...base, transaction: 'TRANSPORT-CLOSED', direction: 'request', status: 'closed', startedAt: event.atMs, body: { json: event } });
        return;
    }
  }

  function onCommand(event: CommandEvent): void {
    const { transaction, direction } = splitCommand(event.command);
    void sink.record({
      actor,
      peer: peerOf(event),
      association: event.associationId,
      transaction,
      direction,
      format: 'json',
      ...(event.status !== undefined && { status: hex4(event.status) }),
      startedAt: event.startMs,
      durationMs: event.endMs - event.startMs,
      body: {
        json: {
          side: event.side,
          direction: event.direction,
          contextId: event.contextId,
          abstractSyntax: event.abstractSyntax,
          transferSyntax: event.transferSyntax,
          command: event.commandSet,
          ...(event.datasetBytes !== undefined && { datasetBytes: event.datasetBytes }),
          ...(event.dataset !== undefined && { dataset: event.dataset }),
        },
      },
    });
  }

  function onHarnessError(event: HarnessErrorEvent): void {
    void sink.record({
      actor,
      peer: event.associationId ?? '-',
      ...(event.associationId && { association: event.associationId }),
      transaction: 'harness-error',
      direction: 'response',
      format: 'txt',
      status: 'error',
      startedAt: event.atMs,
      body: `${event.where}: ${event.message}\n${event.stack ?? ''}`,
    });
  }

  return { onAssociation, onCommand, onHarnessError };
}
