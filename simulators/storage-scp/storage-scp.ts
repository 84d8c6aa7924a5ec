/**
 * Storage SCP (DICOM PS3.4 Annex B): accepts C-ECHO and C-STORE for every storage SOP class and
 * writes each received instance as a Part 10 file named by its SOP Instance UID, as DCMTK's
 * `storescp -uf` does. No index, no query: the receiving end of a push (UC-543) or a C-MOVE
 * destination. Records every association and message; answers per its behaviour.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor, ActorAddress } from '../actor.ts';
import { createDimseHost, part10FileWriter, type DimseObserver, type StoreRequest } from '../dimse/index.ts';
import { combineObservers } from '../dimse/observer.ts';
import { dimseEvidence, peerOf } from '../evidence/dimse-evidence.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { abortAfterGate, conformant, echoHandler, respondDelay, statusOverride, type PacsBehaviour } from '../pacs/behaviour.ts';
import { pacsNegotiation } from '../pacs/pacs-negotiation.ts';

export interface StorageScpConfig {
  readonly aeTitle: string;
  readonly host?: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Where received instances are written. */
  readonly outDir: string;
  /** The same named faults as the PACS (reject-association, refuse-sop-class, abort-after, slow, wrong-status). */
  readonly behaviour?: PacsBehaviour;
  readonly observer?: DimseObserver;
  /** Called with the path of each instance once it is complete on disk. */
  onStored?(path: string, request: StoreRequest): void;
}

const UID = /^[0-9.]{1,64}$/;

export function createStorageScp(config: StorageScpConfig, evidence: EvidenceSink): Actor {
  const name = 'storage-scp';
  const behaviour = config.behaviour ?? conformant;
  const pastAbortLimit = abortAfterGate(behaviour);
  mkdirSync(config.outDir, { recursive: true });
  const observer = combineObservers(dimseEvidence(evidence, name), config.observer);

  const host = createDimseHost({
    host: config.host ?? '127.0.0.1',
    port: config.port,
    negotiate: pacsNegotiation(behaviour, { queryRetrieve: false }),
    observer,
    handlers: {
      onEcho: echoHandler(behaviour),
      onStore(request) {
        const id = request.association.associationId;
        if (pastAbortLimit(id)) {
          host.abortAssociation(id);
          return {};
        }
        // The file name comes from the peer: accept only a UID, never a path.
        if (!UID.test(request.sopInstanceUid)) return { complete: () => ({ status: 0xc000, errorComment: 'AffectedSOPInstanceUID is not a UID' }) };
        const path = join(config.outDir, `${request.sopInstanceUid}.dcm`);
        return {
          sink: part10FileWriter(path, { sopClassUid: request.sopClassUid, sopInstanceUid: request.sopInstanceUid, transferSyntaxUid: request.transferSyntax, sourceAe: request.association.remote.ae }),
          path,
          async complete() {
            void evidence.record({ actor: name, peer: peerOf(request.association), association: id, transaction: 'C-STORE', direction: 'request', format: 'dcm', body: { file: path } });
            config.onStored?.(path, request);
            await respondDelay(behaviour);
            return statusOverride(behaviour, 'C-STORE') ?? 0x0000;
          },
        };
      },
    },
  });

  return {
    name,
    get address(): ActorAddress {
      return { host: host.host, port: host.port, aeTitle: config.aeTitle };
    },
    start: () => host.start(),
    stop: () => host.stop(),
  };
}

