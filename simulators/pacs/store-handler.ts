import type { StoreAcceptance, StoreRequest } from '../dimse/index.ts';
import { peerOf } from '../evidence/dimse-evidence.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { abortAfterGate, respondDelay, statusOverride, type PacsBehaviour } from './behaviour.ts';
import type { InstanceStore } from './store/instance-store.ts';

/** PS3.4 B.2.3: 0xB007 "Data Set does not match SOP Class" — here the command's UIDs disagree with the data set's. */
const WARNING_DATASET_MISMATCH = 0xb007;
/** PS3.4 B.2.3: 0xC000-range "Cannot understand". */
const ERROR_CANNOT_UNDERSTAND = 0xc000;

export interface StoreHandlerDeps {
  readonly actor: string;
  readonly store: InstanceStore;
  readonly behaviour: PacsBehaviour;
  readonly evidence: EvidenceSink;
  /** Aborts the association (the abort-after fault). */
  abort(associationId: string): void;
  /** Called after an instance is committed and indexed. */
  onStored?(path: string): void;
}

/**
 * C-STORE SCP: streams the data set into a temporary Part 10 file, then commits it (header parsed
 * from the bytes kept while streaming, rename and index in one transaction). An association that
 * ends before the data set is complete leaves nothing behind.
 */
export function createStoreHandler(deps: StoreHandlerDeps): (request: StoreRequest) => StoreAcceptance {
  const pastAbortLimit = abortAfterGate(deps.behaviour);

  return (request) => {
    const associationId = request.association.associationId;
    if (pastAbortLimit(associationId)) {
      deps.abort(associationId);
      return {};
    }

    // Synchronous on purpose: the data set starts streaming into the sink at once. If the
    // association ends first, the DIMSE layer destroys the sink, which deletes the temp file.
    const incoming = deps.store.receive({
      mediaStorageSOPClassUID: request.sopClassUid,
      mediaStorageSOPInstanceUID: request.sopInstanceUid,
      transferSyntaxUID: request.transferSyntax,
      sourceApplicationEntityTitle: request.association.remote.ae,
    });

    return {
      sink: incoming.sink,
      path: incoming.path,
      async complete() {
        let status = 0x0000;
        let errorComment: string | undefined;
        try {
          const committed = await deps.store.commit(incoming);
          void deps.evidence.record({
            actor: deps.actor,
            peer: peerOf(request.association),
            association: associationId,
            transaction: 'C-STORE',
            direction: 'request',
            format: 'dcm',
            body: { file: committed.path },
          });
          deps.onStored?.(committed.path);
          if (committed.mismatches.length > 0) {
            status = WARNING_DATASET_MISMATCH;
            errorComment = committed.mismatches.map((m) => `${m.field} in command ${m.meta}, in data set ${m.dataset ?? '(absent)'}`).join('; ').slice(0, 64);
          }
        } catch (err) {
          // The bytes were not an indexable data set: the sender's fault, answered on the wire.
          status = ERROR_CANNOT_UNDERSTAND;
          errorComment = (err as Error).message.slice(0, 64);
        }
        await respondDelay(deps.behaviour);
        const override = statusOverride(deps.behaviour, 'C-STORE');
        if (override !== undefined) return override;
        return errorComment ? { status, errorComment } : status;
      },
    };
  };
}
