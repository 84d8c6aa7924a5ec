/**
 * The PACS simulator: a DIMSE archive (C-ECHO, C-FIND, C-MOVE, C-GET, C-STORE, C-CANCEL) over a
 * SQLite index and instances on disk. Behaves as a conformant PACS unless given named faults;
 * records every association and message as evidence; never judges.
 */
import { mkdirSync } from 'node:fs';
import { createDimseHost, type DimseObserver, type DimseTlsClient, type DimseTlsServer } from '../dimse/index.ts';
import { combineObservers } from '../dimse/observer.ts';
import type { Actor, ActorAddress } from '../actor.ts';
import { dimseEvidence } from '../evidence/dimse-evidence.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { conformant, echoHandler, type PacsBehaviour } from './behaviour.ts';
import { createFindHandler } from './find-handler.ts';
import { pacsNegotiation } from './pacs-negotiation.ts';
import { createGetHandler, createMoveHandler, type MoveDestination } from './retrieve-handlers.ts';
import { createStoreHandler } from './store-handler.ts';
import { importFolder, type SkippedFile } from './store/import-folder.ts';
import { createInstanceStore, type Durability } from './store/instance-store.ts';
import { createPacsIndex, type PacsIndex, type PacsIndexCounts } from './store/pacs-index.ts';

export interface PacsConfig {
  readonly aeTitle: string;
  /** 127.0.0.1 unless told otherwise. */
  readonly host?: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Where received instances are kept (`instances/`, `incoming/`). */
  readonly storageDir: string;
  /** SQLite index file, or ':memory:' (default). */
  readonly dbFile?: string;
  /** 'process' (default): a stored instance survives a killed process; 'power-loss': also fsyncs. */
  readonly durability?: Durability;
  /** Folders of Part 10 files indexed in place at start (e.g. `ixh fixtures generate` output). */
  readonly importDirs?: readonly string[];
  /** The import folders never change (the fixture cache): their records are read once per process. */
  readonly importDirsImmutable?: boolean;
  /** C-MOVE destinations by AE title. */
  readonly peers?: Readonly<Record<string, MoveDestination>>;
  readonly behaviour?: PacsBehaviour;
  /** Extra observer (e.g. console logging) besides the evidence recorder. */
  readonly observer?: DimseObserver;
  readonly maxPdu?: number;
  /**
   * DICOM TLS (PS3.15 B.1): `server` makes the PACS accept associations over TLS only; `client`
   * is what it presents when it opens the C-MOVE sub-associations to a destination.
   */
  readonly tls?: { readonly server?: DimseTlsServer; readonly client?: DimseTlsClient };
}

export interface PacsStats extends PacsIndexCounts {
  /** Files of the import folders that could not be indexed. */
  readonly skipped: number;
}

export interface Pacs extends Actor {
  readonly index: PacsIndex;
  stats(): PacsStats;
  skippedFiles(): readonly SkippedFile[];
  /** Adds or replaces a C-MOVE destination while running. */
  addPeer(aeTitle: string, destination: MoveDestination): void;
}

export function createPacs(config: PacsConfig, evidence: EvidenceSink): Pacs {
  const name = 'pacs';
  const behaviour = config.behaviour ?? conformant;
  const peers: Record<string, MoveDestination> = { ...config.peers };
  mkdirSync(config.storageDir, { recursive: true });
  const index = createPacsIndex({ path: config.dbFile ?? ':memory:' });
  const store = createInstanceStore({ dataDir: config.storageDir, index, ...(config.durability && { durability: config.durability }) });
  const observer = combineObservers(dimseEvidence(evidence, name), config.observer);
  const skipped: SkippedFile[] = [];
  let starting: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  const retrieveDeps = { aeTitle: config.aeTitle, index, behaviour, destinations: () => peers, observer, ...(config.tls?.client && { tls: config.tls.client }) };
  const dimseHost = createDimseHost({
    host: config.host ?? '127.0.0.1',
    port: config.port,
    ...(config.maxPdu !== undefined && { maxPdu: config.maxPdu }),
    ...(config.tls?.server && { tls: config.tls.server }),
    negotiate: pacsNegotiation(behaviour),
    observer,
    handlers: {
      onEcho: echoHandler(behaviour),
      onStore: createStoreHandler({ actor: name, store, behaviour, evidence, abort: (id) => dimseHost.abortAssociation(id) }),
      onFind: createFindHandler(index, behaviour, config.aeTitle),
      onMove: createMoveHandler(retrieveDeps),
      onGet: createGetHandler(retrieveDeps),
    },
  });

  return {
    name,
    index,
    get address(): ActorAddress {
      return { host: dimseHost.host, port: dimseHost.port, aeTitle: config.aeTitle };
    },
    start() {
      starting ??= (async () => {
        for (const dir of config.importDirs ?? []) {
          const report = await importFolder(index, dir, { immutable: config.importDirsImmutable === true });
          skipped.push(...report.skipped);
        }
        await dimseHost.start();
      })();
      return starting;
    },
    stop() {
      stopping ??= (async () => {
        await starting?.catch(() => undefined);
        await dimseHost.stop();
        await store.close();
        index.close();
      })();
      return stopping;
    },
    stats: () => ({ ...index.counts(), skipped: skipped.length }),
    skippedFiles: () => skipped,
    addPeer(aeTitle, destination) {
      peers[aeTitle] = destination;
    },
  };
}
